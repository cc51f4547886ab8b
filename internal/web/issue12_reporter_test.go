package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_NewHandlerNoKeyMarkerAndBackLink: a handler added to a channel
// after a report came in sees it in the list but cannot open it. The list
// marks it, and the 403 page speaks of the recovery key ("herstelsleutel",
// as everywhere else) and leads back to the list, not to the start page
// (issue 12, point 21).
func TestDefect_NewHandlerNoKeyMarkerAndBackLink(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, first := e.handlerIn(org, "eerste", "officials")
	old, _ := e.report(org, "officials", "Melding van voor de nieuwe behandelaar", false, time.Time{})
	_, second := e.handlerIn(org, "tweede", "officials")
	fresh, _ := e.report(org, "officials", "Melding van daarna", false, time.Time{})

	list := e.get(second, "/helmond/reports")
	rowOf := func(body, number string) string {
		i := strings.Index(body, ">"+number+"<")
		if i < 0 {
			t.Fatalf("the list lacks %s\n%s", number, body)
		}
		end := strings.Index(body[i:], "</tr>")
		return body[i : i+end]
	}
	if row := rowOf(list.body, old.Number); !strings.Contains(row, "Nog geen toegang") {
		t.Errorf("the report the new handler cannot open has no marker: %s", row)
	}
	if row := rowOf(list.body, fresh.Number); strings.Contains(row, "Nog geen toegang") {
		t.Errorf("a report the handler can open is marked: %s", row)
	}
	if !strings.Contains(list.body, "herstelsleutel") {
		t.Error("the list does not say how access is restored")
	}
	if own := e.get(first, "/helmond/reports"); strings.Contains(own.body, "Nog geen toegang") {
		t.Error("the first handler, who holds every key, sees a marker")
	}

	res := e.get(second, fmt.Sprintf("/helmond/reports/%d", old.ID))
	wantRefused(t, res, http.StatusForbidden, "herstelsleutel")
	if strings.Contains(res.body, "organisatiesleutel") {
		t.Error("the 403 page says organisatiesleutel")
	}
	if !strings.Contains(res.body, `href="/helmond/reports"`) || !strings.Contains(res.body, "Terug naar de lijst") {
		t.Errorf("the 403 page does not lead back to the list\n%s", res.body)
	}
}

// langSwitch returns the action and the fields of the language switch on
// a page, as a browser would post them when the button is pressed.
func langSwitch(t *testing.T, body string) (string, url.Values) {
	t.Helper()
	m := regexp.MustCompile(`(?s)<form method="post" action="([^"]+)" class="lang-switch">(.*?)</form>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no language switch on the page\n%s", body)
	}
	v := url.Values{}
	for _, in := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(m[2], -1) {
		v.Set(in[1], html.UnescapeString(in[2]))
	}
	b := regexp.MustCompile(`<button[^>]* name="lang" value="([a-z]+)"`).FindStringSubmatch(m[2])
	if b == nil {
		t.Fatalf("no language button: %s", m[2])
	}
	v.Set("lang", b[1])
	return m[1], v
}

// TestDefect_LanguageSwitchAfterMailboxPost: after a message or an answer
// to the minutes, the page's address is that of the form post; the
// language switch led there ("Deze pagina bestaat niet") and the reporter
// had to type the code again. It now shows the mailbox itself in the other
// language (issue 12, point 17).
func TestDefect_LanguageSwitchAfterMailboxPost(t *testing.T) {
	e := newEnv(t, "")
	org, h := e.reportingPoint("helmond")
	res := e.postMultipart("/helmond/report", validReport())
	code := receiptOf(t, res.body)
	id := e.reportID(numberOnPage.FindString(res.body))
	minutes, err := e.store.AddMessage(context.Background(), store.UserActor(h.user, "t"), org.ID, id, h.kr, domain.KindMinutes, "Verslag van het gesprek.")
	if err != nil {
		t.Fatal(err)
	}
	after := map[string]response{
		"message": e.postMultipart("/helmond/mailbox/message", url.Values{"receipt": {code}, "message": {"Nog iets."}}),
		"minutes": e.do(request{method: "POST", path: "/helmond/mailbox/minutes", form: url.Values{
			"receipt": {code}, "message_id": {fmt.Sprint(minutes)}, "action": {"approve"}}}),
	}
	for name, page := range after {
		if page.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", name, page.StatusCode)
		}
		action, fields := langSwitch(t, page.body)
		sw := e.do(request{method: "POST", path: action, form: fields})
		if sw.StatusCode == http.StatusSeeOther {
			t.Fatalf("%s: the switch redirects to %q: the reporter must type the code again", name, sw.location())
		}
		if sw.StatusCode != http.StatusOK || !strings.Contains(sw.body, "Nog iets.") || !strings.Contains(sw.body, `lang="en"`) ||
			!strings.Contains(sw.body, "Messages") {
			t.Fatalf("%s: the switch shows status %d, not the mailbox in English\n%s", name, sw.StatusCode, sw.body)
		}
		var chosen string
		for _, c := range sw.Cookies() {
			if c.Name == "integer_lang" {
				chosen = c.Value
			}
		}
		if chosen != "en" {
			t.Errorf("%s: the choice is not kept (cookie %q)", name, chosen)
		}
	}
	// A wrong code shows the code form again: its switch leads back to the
	// code form, and nothing typed goes along.
	action, fields := langSwitch(t, e.do(request{method: "POST", path: "/helmond/mailbox", form: url.Values{"receipt": {"1"}}}).body)
	if sw := e.do(request{method: "POST", path: action, form: fields}); sw.StatusCode != http.StatusSeeOther || sw.location() != "/helmond/mailbox" {
		t.Errorf("the code form's switch: %d to %q", sw.StatusCode, sw.location())
	}
}

// messageSection returns a message on the mailbox or the report page: from
// the heading before text up to text.
func messageSection(t *testing.T, body, text string) string {
	t.Helper()
	i := strings.Index(body, text)
	if i < 0 {
		t.Fatalf("the page lacks %q\n%s", text, body)
	}
	start := strings.LastIndex(body[:i], "<h3")
	if start < 0 {
		t.Fatalf("%q has no heading", text)
	}
	return body[start:i]
}

// TestDefect_MinutesCorrectionShowsAsCorrection: the reporter's correction
// of the minutes showed in the mailbox as "U · bericht", like any message,
// and the correction field started empty. The correction is now labelled
// as one, for the reporter and the handler, and the field starts with the
// minutes to correct (issue 12, point 19).
func TestDefect_MinutesCorrectionShowsAsCorrection(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, cookie := e.handlerIn(org, "coord", "officials")
	filed := e.postMultipart("/helmond/report", validReport())
	code := receiptOf(t, filed.body)
	repID := e.reportID(numberOnPage.FindString(filed.body))
	const text = "Verslag: de melder belde op 3 maart over de aanbesteding."
	wantRedirect(t, e.post(cookie, fmt.Sprintf("/helmond/reports/%d/messages", repID), url.Values{"kind": {"minutes"}, "message": {text}}),
		fmt.Sprintf("/helmond/reports/%d", repID))
	var id int64
	if err := e.store.DB().QueryRow(`SELECT id FROM report_messages WHERE report_id = $1 AND kind = 'minutes'`, repID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	mb := e.do(request{method: "POST", path: "/helmond/mailbox", form: url.Values{"receipt": {code}}})
	field := regexp.MustCompile(`(?s)<textarea[^>]* name="correction"[^>]*>(.*?)</textarea>`).FindStringSubmatch(mb.body)
	if field == nil || strings.TrimSpace(html.UnescapeString(field[1])) != text {
		t.Errorf("the correction field does not start with the minutes: %q", field)
	}
	res := e.do(request{method: "POST", path: "/helmond/mailbox/minutes", form: url.Values{
		"receipt": {code}, "message_id": {fmt.Sprint(id)}, "action": {"correct"}, "correction": {text + " Het was 4 maart."}}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("correction: %d", res.StatusCode)
	}
	sec := messageSection(t, res.body, "Het was 4 maart.")
	if !strings.Contains(sec, "correctie op het verslag") || strings.Contains(sec, "· bericht") {
		t.Errorf("the mailbox does not show the correction as one:\n%s", sec)
	}
	// "U · …" read as a stray letter: the sender is named as the reporter
	// (issue 12, point 7).
	if !strings.Contains(sec, "U (melder) · correctie op het verslag") {
		t.Errorf("the mailbox does not name the reporter as the sender:\n%s", sec)
	}
	page := e.get(cookie, fmt.Sprintf("/helmond/reports/%d", repID))
	if sec := messageSection(t, page.body, "Het was 4 maart."); !strings.Contains(sec, "Correctie op het verslag") {
		t.Errorf("the report page does not show the correction as one:\n%s", sec)
	}
}

// TestDefect_AcknowledgementInTheReportersLanguage: a report filed in
// English was acknowledged in Dutch, because the suggested acknowledgement
// and feedback followed the handler's interface language. They now follow
// the language the reporter filed in, whatever the handler reads the page
// in; a report filed in Dutch stays Dutch for an English-reading handler
// (issue 12, point 18).
func TestDefect_AcknowledgementInTheReportersLanguage(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, cookie := e.handlerIn(org, "coord", "officials")
	file := func(lang string) int64 {
		ct, body := multipartBody(t, validReport())
		res := e.send(http.MethodPost, "/helmond/report", ct, body, map[string]string{"Cookie": "integer_lang=" + lang})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("filing in %s: %d", lang, res.StatusCode)
		}
		return e.reportID(numberOnPage.FindString(res.body))
	}
	english, dutch := file("en"), file("nl")
	for _, tc := range []struct {
		name       string
		id         int64
		handlerEN  bool
		want, nowt []string
	}{
		{"filed in English, read in Dutch", english, false, []string{"We have received your report of"}, []string{"Wij hebben uw melding van"}},
		{"filed in Dutch, read in English", dutch, true, []string{"Wij hebben uw melding van"}, []string{"We have received your report of"}},
	} {
		rq := request{path: fmt.Sprintf("/helmond/reports/%d", tc.id), cookie: cookie}
		if tc.handlerEN {
			rq.cookie, rq.header = "", map[string]string{"Cookie": "integer_session=" + cookie + "; integer_lang=en"}
		}
		page := e.do(rq)
		if page.StatusCode != http.StatusOK || tc.handlerEN != strings.Contains(page.body, `<html lang="en"`) {
			t.Fatalf("%s: %d", tc.name, page.StatusCode)
		}
		ack := regexp.MustCompile(`(?s)<textarea[^>]* name="message"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page.body)
		if ack == nil || !strings.Contains(ack[1], tc.want[0]) || strings.Contains(ack[1], tc.nowt[0]) {
			t.Errorf("%s: the suggested acknowledgement is not in the reporter's language: %q", tc.name, ack)
		}
	}
}

// TestDefect_ReportFormBelowExplanation: on a phone the public report form
// started some 3,500 pixels down the page, below every paragraph of
// explanation. The form now follows the introduction, and a link leads to
// the explanation below it (issue 12, point 14).
func TestDefect_ReportFormBelowExplanation(t *testing.T) {
	e := newEnv(t, "")
	e.reportingPoint("helmond")
	for _, tc := range []struct{ lang, link, explanation string }{
		{"nl", "lees het onder het formulier", "Wie leest uw melding"},
		{"en", "read it below the form", "Who reads your report"},
	} {
		res := e.do(request{path: "/helmond/report", header: map[string]string{"Cookie": "integer_lang=" + tc.lang}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.lang, res.StatusCode)
		}
		form := strings.Index(res.body, `<form method="post" action="/helmond/report`)
		expl := strings.Index(res.body, `<div id="uitleg">`)
		if form < 0 || expl < 0 || expl < form {
			t.Errorf("%s: the form (at %d) does not come before the explanation (at %d)", tc.lang, form, expl)
		}
		if link := strings.Index(res.body, `href="#uitleg"`); link < 0 || link > form || !strings.Contains(res.body, tc.link) {
			t.Errorf("%s: no link to the explanation above the form", tc.lang)
		}
		if !strings.Contains(res.body[max(expl, 0):], tc.explanation) {
			t.Errorf("%s: the explanation %q is not below the form", tc.lang, tc.explanation)
		}
	}
}
