package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestStopReasonOnTheCasePage (issue 11 defect 5): the outcome "Onderzoek
// stopgezet" asks, in the same form, why the investigation stopped; without
// a reason, with a reason for another outcome, or "other" without a note,
// nothing changes and the message stands at the field, in Dutch or English.
func TestStopReasonOnTheCasePage(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	rep, _ := e.report(org, "officials", "declaraties", false, time.Now())
	base := "/helmond/reports/" + strconv.FormatInt(rep.ID, 10)
	wantRedirect(t, e.post(coord, base+"/acknowledge", url.Values{"message": {"Ontvangen."}}), base)
	wantRedirect(t, e.post(coord, base+"/allegations", url.Values{"category": {"financial"}}), base)
	aid := allegationIDs(t, e, rep.ID)[0]
	form := fmt.Sprintf("%s/allegations/%d", base, aid)
	if page := e.get(coord, base); !strings.Contains(page.body, fmt.Sprintf(`id="outcome-%d-stop-reason"`, aid)) {
		t.Fatal("the outcome form does not ask why the investigation stopped")
	}
	for _, tc := range []struct {
		lang string
		form url.Values
		want string
	}{
		{"nl", url.Values{"outcome": {"discontinued"}}, "Bij de uitkomst „Onderzoek stopgezet” hoort de reden"},
		{"en", url.Values{"outcome": {"discontinued"}}, "The outcome “Investigation discontinued” needs the reason"},
		{"nl", url.Values{"outcome": {"unsubstantiated"}, "stop_reason": {"person_left"}}, "Een reden van stopzetten hoort alleen bij de uitkomst „Onderzoek stopgezet”."},
		{"nl", url.Values{"outcome": {"discontinued"}, "stop_reason": {"other"}}, "Schrijf bij „Andere reden” in de toelichting kort waarom"},
		{"nl", url.Values{"outcome": {"discontinued"}, "stop_reason": {"bored"}}, "Kies een van de mogelijkheden."},
	} {
		res := e.do(request{method: http.MethodPost, path: form, form: tc.form,
			header: map[string]string{"Cookie": "integer_lang=" + tc.lang + "; integer_session=" + coord}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, tc.want) {
			t.Errorf("%v (%s): status %d, want 400 with %q", tc.form, tc.lang, res.StatusCode, tc.want)
		}
	}
	var outcome, reason string
	if err := e.store.DB().QueryRow(`SELECT outcome, stop_reason FROM allegations WHERE id = $1`, aid).Scan(&outcome, &reason); err != nil || outcome != "" || reason != "" {
		t.Fatalf("after the refused outcomes: outcome %q, reason %q, %v", outcome, reason, err)
	}
	wantRedirect(t, e.post(coord, form, url.Values{"outcome": {"discontinued"}, "stop_reason": {"person_left"}}), base)
	if err := e.store.DB().QueryRow(`SELECT outcome, stop_reason FROM allegations WHERE id = $1`, aid).Scan(&outcome, &reason); err != nil || outcome != "discontinued" || reason != "person_left" {
		t.Fatalf("stored outcome %q, reason %q, %v", outcome, reason, err)
	}
	if page := e.get(coord, base); !strings.Contains(page.body, "Betrokkene is uit dienst") {
		t.Error("the report page does not say why the investigation stopped")
	}
	// Another outcome afterwards clears the reason only when the form does.
	wantRedirect(t, e.post(coord, form, url.Values{"outcome": {"unsubstantiated"}}), base)
	if err := e.store.DB().QueryRow(`SELECT stop_reason FROM allegations WHERE id = $1`, aid).Scan(&reason); err != nil || reason != "" {
		t.Errorf("after another outcome the reason is %q, %v", reason, err)
	}
}
