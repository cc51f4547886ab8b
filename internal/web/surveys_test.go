package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/mail"
	"github.com/integer-nl/integer/internal/mail/mailtest"
)

func TestSurveysSQLite(t *testing.T) { testSurveys(t, "") }

func TestSurveysPostgres(t *testing.T) { testSurveys(t, dbtest.PostgresURL(t)) }

var surveyLink = regexp.MustCompile(`https://integer\.example/huizen/survey/([A-Za-z0-9_-]{43})`)

// testSurveys runs a survey through the router: the controller creates it
// and invites six people by e-mail; the invitees answer through their
// links; no figures show below the minimum group size; a used link and a
// bad answer are refused with a message and change nothing; an open answer
// appears only after the controller read it.
func testSurveys(t *testing.T, dsn string) {
	smtp := mailtest.NewServer(t)
	e := newEnv(t, dsn, func(c *config.Config) {
		c.SMTPHost, c.SMTPPort = smtp.Addr()
		c.SMTPTLS = mail.TLSNone
		c.SMTPFrom = "Integer <noreply@integer.example>"
		c.BaseURL = "https://integer.example/"
	})
	org := e.org("huizen")
	ctrl := e.session(e.user(org, "ctrl", domain.RoleController), domain.StateFull)

	res := e.do(request{method: "POST", path: "/huizen/surveys", cookie: ctrl, form: url.Values{"title": {"Onderzoek 2026"}, "year": {"2026"}, "min_group": {"4"}}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(acText(res), "Vul een aantal in van 5 tot en met 1000.") {
		t.Fatalf("minimum group 4: %d", res.StatusCode)
	}
	res = e.do(request{method: "POST", path: "/huizen/surveys", cookie: ctrl, form: url.Values{"title": {"Onderzoek 2026"}, "year": {"2026"}, "min_group": {"5"}}})
	wantRedirect(t, res, "/huizen/surveys/")
	page := strings.TrimPrefix(strings.Split(res.location(), "?")[0], "")

	invitees := "a@huizen.nl;Burgerzaken\nb@huizen.nl;Burgerzaken\nc@huizen.nl;Burgerzaken\nd@huizen.nl;Burgerzaken\ne@huizen.nl;Burgerzaken\nf@huizen.nl;Financiën"
	res = e.do(request{method: "POST", path: page + "/invite", cookie: ctrl, form: url.Values{"invitees": {"geen-adres\n" + invitees}}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(acText(res), "Regel 1 bevat geen geldig e-mailadres.") {
		t.Fatalf("bad address: %d %s", res.StatusCode, e.logs.String())
	}
	res = e.do(request{method: "POST", path: page + "/invite", cookie: ctrl, form: url.Values{"invitees": {invitees}}})
	wantRedirect(t, res, page+"?done=invited")
	msgs := smtp.Wait(t, 6)
	tokens := map[string]string{}
	for _, m := range msgs {
		match := surveyLink.FindStringSubmatch(m.Text)
		if match == nil {
			t.Fatalf("no link in the invitation:\n%s", m.Text)
		}
		tokens[m.To[0]] = match[1]
	}
	for _, line := range strings.Split(e.logs.String(), "\n") {
		if strings.Contains(line, "@huizen.nl") || strings.Contains(line, tokens["a@huizen.nl"]) {
			t.Errorf("the log names an address or token: %s", line)
		}
	}

	answer := func(addr string, v url.Values) response {
		return e.do(request{method: "POST", path: "/huizen/survey/" + tokens[addr], form: v})
	}
	// A bad answer: refused, the link still works.
	res = answer("a@huizen.nl", url.Values{"observed": {"1"}, "reported": {"3"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(acText(res), "niet hoger zijn dan het aantal waargenomen") {
		t.Fatalf("reported above observed: %d", res.StatusCode)
	}
	for i, addr := range []string{"a@huizen.nl", "b@huizen.nl", "c@huizen.nl", "d@huizen.nl"} {
		v := url.Values{"climate_safe": {"4"}, "know_meldpunt": {"1"}, "observed": {"2"}, "reported": {fmt.Sprint(i % 2)}}
		if i == 0 {
			v.Set("remarks", "Meer voorlichting over het meldpunt")
		}
		wantRedirect(t, answer(addr, v), "/huizen/survey-done")
	}
	if res := answer("a@huizen.nl", url.Values{"climate_safe": {"1"}}); res.StatusCode != http.StatusNotFound || !strings.Contains(acText(res), "al gebruikt") {
		t.Errorf("a used link: %d", res.StatusCode)
	}
	// Four responses, minimum five: no figures anywhere.
	res = e.do(request{path: page, cookie: ctrl})
	if body := acText(res); !strings.Contains(body, "minder dan 5 antwoorden") || strings.Contains(body, "Meldingsbereidheid") ||
		strings.Contains(body, "Meer voorlichting over het meldpunt</li>") {
		t.Errorf("figures below the minimum:\n%s", body)
	}
	wantRedirect(t, answer("e@huizen.nl", url.Values{"climate_safe": {"2"}, "observed": {"0"}}), "/huizen/survey-done")
	wantRedirect(t, answer("f@huizen.nl", url.Values{"climate_safe": {"5"}, "observed": {"4"}, "reported": {"1"}}), "/huizen/survey-done")
	res = e.do(request{path: page, cookie: ctrl})
	body := acText(res)
	// Burgerzaken has 5 responses, Financiën 1: Financiën is hidden, and
	// so is Burgerzaken, or the total would give Financiën away.
	if !strings.Contains(body, "6 antwoorden van 6 uitgenodigden") || strings.Count(body, "Geen cijfers: minder dan 5") != 2 {
		t.Errorf("groups:\n%s", body)
	}
	// The reporting ratio: 3 of 12 observed breaches reported.
	if !strings.Contains(body, "3 van 12 gemeld: 25,0%") {
		t.Errorf("reporting ratio:\n%s", body)
	}
	if strings.Contains(body, "Meer voorlichting over het meldpunt</li>") {
		t.Error("an open answer is shown before it was read")
	}
	id := regexp.MustCompile(`/open-answers/(\d+)`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no open answer to read")
	}
	wantRedirect(t, e.do(request{method: "POST", path: page + "/open-answers/" + id[1], cookie: ctrl, form: url.Values{"withhold": {"0"}}}), page)
	if body := acText(e.do(request{path: page, cookie: ctrl})); !strings.Contains(body, "Meer voorlichting over het meldpunt</li>") {
		t.Error("the open answer read is not shown")
	}
	got := acAudit(t, e, org.ID, "survey.")
	slices.Sort(got)
	if strings.Join(got, " ") != "survey.create survey.invite survey.open_read" {
		t.Errorf("audit: %v", got)
	}
}
