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

// TestDefect_CloseTooEarlyErrorTwice: closing a report before the feedback
// was sent showed the refusal twice, once at the top of the page and once
// above the closing form (issue 12, point 7). The message appears once, in
// the error summary, which links to the closing form.
func TestDefect_CloseTooEarlyErrorTwice(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	rep, _ := e.report(org, "officials", "Te vroeg afsluiten", false, time.Time{})
	base := fmt.Sprintf("/helmond/reports/%d", rep.ID)
	wantRedirect(t, e.post(coord, base+"/acknowledge", url.Values{"message": {"Ontvangen."}}), base+"?done=acknowledged")

	res := e.post(coord, base+"/close", url.Values{"message": {"Wij sluiten af."}})
	msg := "Leg eerst ten minste één vermoeden vast (met een categorie) voordat u de melding afsluit."
	wantRefused(t, res, http.StatusBadRequest, msg)
	if n := strings.Count(res.body, msg); n != 1 {
		t.Errorf("the refusal is shown %d times, want once\n%s", n, res.body)
	}
	sum := errorSummary(t, res.body)
	link := regexp.MustCompile(`<a class="utrecht-link" href="#([^"]+)">` + regexp.QuoteMeta(msg) + `</a>`).FindStringSubmatch(sum)
	if link == nil {
		t.Fatalf("the summary does not carry the refusal as a link\n%s", sum)
	}
	form, target := strings.Index(res.body, `id="form-close"`), strings.Index(res.body, `id="`+link[1]+`"`)
	if form < 0 || target < form {
		t.Errorf("the summary's link #%s does not lead to the closing form", link[1])
	}
}

// TestDefect_ErrorSummaryLinksToFields: a refused form named its problems
// at each field only, and the page title did not say it was an error page
// (issue 15, point 8). The summary at the top links to each field in error,
// the link target exists, and the title starts with "Fout:" ("Error:").
func TestDefect_ErrorSummaryLinksToFields(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	hr := e.session(e.user(org, "hr", domain.RoleHR), domain.StateFull)
	for _, tc := range []struct {
		name, lang, path, title string
		form                    url.Values
		fields                  []string
	}{
		{"gift without value and description", "nl", "/helmond/gifts", "<title>Fout: ",
			url.Values{"received_on": {"2026-01-02"}}, []string{"f-description", "f-value"}},
		{"the same in English", "en", "/helmond/gifts", "<title>Error: ",
			url.Values{"received_on": {"2026-01-02"}}, []string{"f-description", "f-value"}},
		{"report's acknowledgement empty", "nl", "", "<title>Fout: ",
			url.Values{"message": {" "}}, []string{"ack-message"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, cookie := tc.path, hr
			if path == "" {
				cookie = coord
				rep, _ := e.report(org, "officials", "Leeg bericht", false, time.Time{})
				path = fmt.Sprintf("/helmond/reports/%d/acknowledge", rep.ID)
			}
			rq := request{method: http.MethodPost, path: path, form: tc.form,
				header: map[string]string{"Cookie": "integer_session=" + cookie + "; integer_lang=" + tc.lang}}
			res := e.do(rq)
			if res.StatusCode < 400 {
				t.Fatalf("status %d, want a refusal\n%s", res.StatusCode, res.body)
			}
			if !strings.Contains(res.body, tc.title) {
				t.Errorf("the title does not start with %q\n%s", tc.title, res.body)
			}
			sum := errorSummary(t, res.body)
			for _, id := range tc.fields {
				if !strings.Contains(sum, `href="#`+id+`"`) {
					t.Errorf("the summary has no link to #%s\n%s", id, sum)
				}
				if !strings.Contains(res.body, `id="`+id+`"`) {
					t.Errorf("no element #%s for the summary's link", id)
				}
			}
		})
	}
}

var errorSummaryRE = regexp.MustCompile(`(?s)<div class="[^"]*error-summary[^"]*".*?</ul>`)

// errorSummary returns the error summary's markup, failing the test when
// the page has none.
func errorSummary(t *testing.T, body string) string {
	t.Helper()
	sum := errorSummaryRE.FindString(body)
	if sum == "" {
		t.Fatalf("the page has no error summary\n%s", body)
	}
	return sum
}

// TestDefect_HRDepartmentOneWord: gifts said "HR beslist", outside
// activities "P&O beoordeelt" (issue 12, point 10). Every page names the
// department with the organisation's own word: "HR" until it sets one.
func TestDefect_HRDepartmentOneWord(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	emp := e.session(e.user(org, "medewerker", domain.RoleEmployee), domain.StateFull)
	pages := []string{"/helmond/my", "/helmond/my/gifts", "/helmond/my/outside-activities"}
	check := func(word string, not ...string) {
		t.Helper()
		for _, p := range pages {
			res := e.get(emp, p)
			if res.StatusCode != http.StatusOK || !strings.Contains(res.body, html.EscapeString(word)) {
				t.Errorf("%s does not name the department %q (status %d)\n%s", p, word, res.StatusCode, res.body)
			}
			for _, n := range not {
				if strings.Contains(res.body, n) {
					t.Errorf("%s still says %q", p, n)
				}
			}
		}
	}
	check("Vraag HR", "P&amp;O")
	admin := store.UserActor(e.user(org, "beheer", domain.RoleAdmin), "s")
	if err := e.store.SetOrgSettings(context.Background(), admin, org.ID, domain.OrgSettings{HRName: "P&O"}); err != nil {
		t.Fatal(err)
	}
	check("Vraag P&O", "Vraag HR")
	// The refusal of a gift by an employee who is not linked names it too.
	res := e.post(emp, "/helmond/my/gifts", url.Values{"giver": {"X"}, "offered_on": {"01-03-2026"}, "kind": {"gift"},
		"description": {"X"}, "value": {"5"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, html.EscapeString("Vraag P&O om de koppeling.")) {
		t.Errorf("unlinked gift report: %d does not name P&O\n%s", res.StatusCode, res.body)
	}
}

// TestErrorSummaryNotForgedByInput: the summary is made from the page's
// own markup; text someone typed that looks like an error message (with a
// link elsewhere) is escaped on the page and never becomes an entry.
func TestErrorSummaryNotForgedByInput(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	hr := e.session(e.user(org, "hr", domain.RoleHR), domain.StateFull)
	forged := `<div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="x" href="https://evil.example/-err">Klik hier</div>` +
		`<div class="utrecht-alert utrecht-alert--error form-problem" role="alert"><div class="utrecht-alert__content"><p class="utrecht-alert__message utrecht-paragraph">Bel 0900</p></div></div>`
	res := e.post(hr, "/helmond/gifts", url.Values{"description": {forged}})
	sum := errorSummary(t, res.body)
	if strings.Contains(sum, "Klik hier") || strings.Contains(sum, "Bel 0900") || strings.Contains(sum, "evil.example") {
		t.Fatalf("typed text became a summary entry\n%s", sum)
	}
}

// TestOrgSettingsPageAndAccessibilityStatement: the administrator names the
// HR department and the accessibility contact on one page; a name too long
// is refused at its field and changes nothing; the statement is a public
// page of the organisation, linked from every page's footer, that names
// the contact once it is given (issue 12 point 10, issue 15 point 8).
func TestOrgSettingsPageAndAccessibilityStatement(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	admin := e.session(e.user(org, "beheer", domain.RoleAdmin), domain.StateFull)
	emp := e.session(e.user(org, "medewerker", domain.RoleEmployee), domain.StateFull)

	statement := e.get("", "/helmond/toegankelijkheid")
	if statement.StatusCode != http.StatusOK || !strings.Contains(statement.body, "Toegankelijkheidsverklaring") ||
		!strings.Contains(statement.body, "nog geen contact voor toegankelijkheid") {
		t.Fatalf("statement before settings: %d\n%s", statement.StatusCode, statement.body)
	}
	if home := e.get("", "/helmond/"); !strings.Contains(home.body, `href="/helmond/toegankelijkheid"`) {
		t.Error("the organisation's pages do not link the accessibility statement")
	}

	res := e.post(admin, "/helmond/admin/organisation", url.Values{"hr_name": {strings.Repeat("x", 41)}, "a11y_contact": {"a@b.nl"}})
	wantRefused(t, res, http.StatusBadRequest, "Deze tekst is te lang.")
	if sum := errorSummary(t, res.body); !strings.Contains(sum, `href="#f-hr_name"`) {
		t.Errorf("the summary does not link the HR name\n%s", sum)
	}
	if o, _ := e.store.OrgSettings(context.Background(), org.ID); o != (domain.OrgSettings{}) {
		t.Fatalf("a refused form changed the settings: %+v", o)
	}
	res = e.post(admin, "/helmond/admin/organisation", url.Values{"hr_name": {"Personeelszaken"},
		"a11y_contact": {"toegankelijkheid@helmond.nl"}, "a11y_assessed": {"01-06-2026"}})
	if res.StatusCode != http.StatusSeeOther || res.location() != "/helmond/admin/organisation?done=saved" {
		t.Fatalf("saving: %d to %q\n%s", res.StatusCode, res.location(), res.body)
	}
	if page := e.get(admin, "/helmond/admin/organisation?done=saved"); !strings.Contains(page.body, `value="Personeelszaken"`) ||
		!strings.Contains(page.body, `value="01-06-2026"`) {
		t.Errorf("the form does not show what was saved\n%s", page.body)
	}
	if my := e.get(emp, "/helmond/my/outside-activities"); !strings.Contains(my.body, "Vraag Personeelszaken") {
		t.Errorf("the employee's page does not use the new name\n%s", my.body)
	}
	statement = e.get("", "/helmond/toegankelijkheid")
	if !strings.Contains(statement.body, "toegankelijkheid@helmond.nl") || !strings.Contains(statement.body, "01-06-2026") {
		t.Errorf("the statement does not name the contact and date\n%s", statement.body)
	}
	if e.get(emp, "/helmond/admin/organisation").StatusCode != http.StatusForbidden {
		t.Error("an employee reaches the organisation settings")
	}
}
