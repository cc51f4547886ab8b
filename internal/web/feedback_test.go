package web_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
)

// feedbackCase is a report filed through the public form, acknowledged by
// its handler, with two allegations that have an outcome: what the
// reporter may and may not learn about.
type feedbackCase struct {
	e     *env
	org   *domain.Organisation
	coord string // the handler's session
	code  string // the receipt code
	id    int64
	base  string
}

func newFeedbackCase(t *testing.T) *feedbackCase {
	t.Helper()
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	res := e.postMultipart("/helmond/report", validReport())
	c := &feedbackCase{e: e, org: org, coord: coord, code: receiptOf(t, res.body)}
	c.id = e.reportID(numberOnPage.FindString(res.body))
	c.base = fmt.Sprintf("/helmond/reports/%d", c.id)
	wantRedirect(t, e.post(coord, c.base+"/acknowledge", url.Values{"message": {"Wij hebben uw melding ontvangen."}}), c.base)
	wantRedirect(t, e.post(coord, c.base+"/allegations", url.Values{"category": {"conflict_of_interest"}}), c.base)
	wantRedirect(t, e.post(coord, c.base+"/allegations", url.Values{"category": {"financial"}}), c.base)
	aids := allegationIDs(t, e, c.id)
	wantRedirect(t, e.post(coord, fmt.Sprintf("%s/allegations/%d", c.base, aids[0]), url.Values{"outcome": {"substantiated"}}), c.base)
	wantRedirect(t, e.post(coord, fmt.Sprintf("%s/allegations/%d", c.base, aids[1]), url.Values{"outcome": {"unsubstantiated"}}), c.base)
	return c
}

// mailbox opens the reporter's mailbox page and the API's view of it.
func (c *feedbackCase) mailbox(t *testing.T) (page, api string) {
	t.Helper()
	res := c.e.do(request{method: http.MethodPost, path: "/helmond/mailbox", form: url.Values{"receipt": {c.code}}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("mailbox: %d", res.StatusCode)
	}
	js := c.e.do(request{path: "/api/v1/helmond/mailbox", header: map[string]string{"Authorization": "Receipt " + c.code}})
	if js.StatusCode != http.StatusOK {
		t.Fatalf("API mailbox: %d", js.StatusCode)
	}
	return res.body, js.body
}

func (c *feedbackCase) feedbackAt(t *testing.T) sql.NullTime {
	t.Helper()
	var at sql.NullTime
	if err := c.e.store.DB().QueryRow(`SELECT feedback_at FROM reports WHERE id = $1`, c.id).Scan(&at); err != nil {
		t.Fatal(err)
	}
	return at
}

// findings are the labels and codes of the allegations and outcomes of a
// feedbackCase, in both languages' catalogue wording and as API codes.
var findings = []string{"Belangenverstrengeling", "Financieel", "Gegrond", "Ongegrond", "Conflict of interest", "Substantiated",
	"conflict_of_interest", "financial", "substantiated", `"allegations"`}

// TestDefect_MailboxShowsNoFindings: the mailbox never lists the
// allegations with their categories and outcomes by itself, open or
// closed, on the page or in the API; the reporter learns what the
// coordinator chose to write.
func TestDefect_MailboxShowsNoFindings(t *testing.T) {
	c := newFeedbackCase(t)
	check := func(when string) {
		t.Helper()
		page, api := c.mailbox(t)
		for _, f := range findings {
			if strings.Contains(page, f) {
				t.Errorf("%s: the mailbox page shows %q", when, f)
			}
			if strings.Contains(api, f) {
				t.Errorf("%s: the API mailbox shows %q", when, f)
			}
		}
	}
	check("open")
	res := c.e.post(c.coord, c.base+"/feedback", url.Values{"message": {"Wij hebben uw melding onderzocht en passende stappen gezet."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("feedback: %d", res.StatusCode)
	}
	res = c.e.post(c.coord, c.base+"/close", url.Values{"message": {"Uw melding is afgesloten."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("close: %d", res.StatusCode)
	}
	var state string
	c.e.store.DB().QueryRow(`SELECT state FROM reports WHERE id = $1`, c.id).Scan(&state)
	if state != string(domain.StateClosed) {
		t.Errorf("state %q, want closed", state)
	}
	check("closed")
}

// TestDefect_FeedbackIsTheCoordinatorsText: the coordinator gets a
// suggested text (Dutch, or English on request) to edit, and the reporter
// reads exactly what was sent, marked as the feedback, once.
func TestDefect_FeedbackIsTheCoordinatorsText(t *testing.T) {
	c := newFeedbackCase(t)
	page := c.e.get(c.coord, c.base)
	if !strings.Contains(page.body, `action="`+c.base+`/feedback"`) {
		t.Fatalf("the report page offers no feedback form\n%s", page.body)
	}
	for _, want := range []string{"Geachte melder", "bevestigd", "niet bevestigd", "Terugkoppeling aan de melder", "?suggest=en#form-feedback"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the Dutch suggestion lacks %q", want)
		}
	}
	if strings.Contains(page.body, "terugkoppeling over de beoordeling en het vervolg van de melding</label>") {
		t.Error("a plain message can still be ticked as the feedback")
	}
	en := c.e.get(c.coord, c.base+"?suggest=en")
	for _, want := range []string{"Dear reporter", "confirmed"} {
		if !strings.Contains(en.body, want) {
			t.Errorf("the English suggestion lacks %q", want)
		}
	}

	wantRefused(t, c.e.post(c.coord, c.base+"/feedback", url.Values{"message": {"  "}}), http.StatusBadRequest, "Schrijf een bericht.")
	if c.feedbackAt(t).Valid {
		t.Fatal("an empty feedback met the deadline")
	}
	text := "Beste melder,\n\nWij hebben uw melding zorgvuldig bekeken. Kenmerk FB-7731."
	wantRedirect(t, c.e.post(c.coord, c.base+"/feedback", url.Values{"message": {text}}), c.base+"?done=feedback")
	var body string
	var n int
	rows, err := c.e.store.DB().Query(`SELECT kind FROM report_messages WHERE report_id = $1 AND kind = 'feedback'`, c.id)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		n++
	}
	rows.Close()
	if n != 1 {
		t.Errorf("%d feedback messages stored, want 1", n)
	}
	mbPage, api := c.mailbox(t)
	if !strings.Contains(mbPage, "Kenmerk FB-7731.") || !strings.Contains(mbPage, "terugkoppeling") {
		t.Errorf("the mailbox lacks the feedback\n%s", mbPage)
	}
	if !strings.Contains(api, `"kind":"feedback"`) || !strings.Contains(api, `Kenmerk FB-7731."`) {
		t.Errorf("the API mailbox lacks the feedback: %s", api)
	}
	mb, err := c.e.store.OpenMailbox(t.Context(), c.org.ID, c.e.receipt(c.org.ID, c.code))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mb.Messages {
		if m.Kind == domain.KindFeedback {
			body = m.Body
		}
	}
	if body != strings.TrimSpace(text) {
		t.Errorf("the reporter reads %q, want exactly %q", body, text)
	}
	var audits int
	c.e.store.DB().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'report.message' AND object_id = $1 AND detail = 'feedback'`, fmt.Sprint(c.id)).Scan(&audits)
	if audits != 1 {
		t.Errorf("%d audit lines for the feedback, want 1", audits)
	}
}

// TestDefect_FeedbackDeadlineMetBySentFeedback: the three-month feedback
// deadline is met by the feedback message, not by closing the report nor
// by a plain message.
func TestDefect_FeedbackDeadlineMetBySentFeedback(t *testing.T) {
	c := newFeedbackCase(t)
	wantRedirect(t, c.e.post(c.coord, c.base+"/messages", url.Values{"kind": {"message"}, "message": {"Een vraag."}, "feedback": {"1"}}), c.base)
	if c.feedbackAt(t).Valid {
		t.Fatal("a plain message met the feedback deadline")
	}
	wantRefused(t, c.e.post(c.coord, c.base+"/close", url.Values{"message": {"Afgesloten."}}), http.StatusBadRequest,
		"Stuur eerst de terugkoppeling aan de melder")
	if c.feedbackAt(t).Valid {
		t.Fatal("closing met the feedback deadline")
	}
	list := c.e.get(c.coord, "/helmond/reports")
	if !strings.Contains(list.body, `href="/helmond/reports/`+fmt.Sprint(c.id)+`"`) {
		t.Fatal("the report left the deadline list")
	}
	wantRedirect(t, c.e.post(c.coord, c.base+"/feedback", url.Values{"message": {"Uw melding is onderzocht."}}), c.base)
	at := c.feedbackAt(t)
	if !at.Valid {
		t.Fatal("the feedback did not meet the deadline")
	}
	page := c.e.get(c.coord, c.base)
	if !strings.Contains(page.body, "De terugkoppeling is gegeven op") {
		t.Error("the report page does not say the feedback was given")
	}
	wantRedirect(t, c.e.post(c.coord, c.base+"/close", url.Values{"message": {"Afgesloten."}}), c.base+"?done=closed")
	if got := c.feedbackAt(t); !got.Valid || !got.Time.Equal(at.Time) {
		t.Errorf("closing changed the feedback day: %v, was %v", got, at)
	}
}
