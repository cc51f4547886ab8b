package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
)

// TestOrganisationFactsForm (issue 11 defect 5): the controller enters the
// organisation's facts of a year on the annual report's page; the report
// then has the section "De organisatie" with the reports per 1,000
// employees. Bad input is named at its field in Dutch or English, keeps what
// was typed, and changes nothing.
func TestOrganisationFactsForm(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	ctl := e.session(e.user(org, "controller", domain.RoleController), domain.StateFull)
	const page = "/helmond/annual-report?year=2025"

	if res := e.get(ctl, page); res.StatusCode != 200 || !strings.Contains(res.body, "Gegevens over de organisatie in 2025") ||
		!strings.Contains(res.body, `name="employees"`) || strings.Contains(res.body, `id="organisation"`) {
		t.Fatalf("the page without facts: %d\n%s", res.StatusCode, res.body)
	}
	wantRedirect(t, e.post(ctl, "/helmond/annual-report/facts", url.Values{"year": {"2025"}, "employees": {"1.100"},
		"internal_advisers": {"2"}, "external_advisers": {""}, "integrity_coordinators": {" 1 "}}), "/helmond/annual-report?year=2025&done=facts#facts")
	stored := func() map[domain.OrgFact]int {
		t.Helper()
		all, err := e.store.OrganisationFacts(t.Context(), org.ID)
		if err != nil {
			t.Fatal(err)
		}
		return all[2025]
	}
	if got := stored(); len(got) != 3 || got[domain.FactEmployees] != 1100 || got[domain.FactInternalAdvisers] != 2 || got[domain.FactIntegrityCoordinators] != 1 {
		t.Fatalf("stored %v", got)
	}
	res := e.get(ctl, page+"&done=facts")
	for _, want := range []string{"De gegevens over de organisatie zijn opgeslagen.", `id="organisation"`, "1100 medewerkers", `value="1100"`, "Per 1.000 medewerkers in 2025"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the page after saving lacks %q", want)
		}
	}

	for _, tc := range []struct {
		lang string
		form url.Values
		want []string
	}{
		{"nl", url.Values{"year": {"2025"}, "employees": {"0"}, "internal_advisers": {"twee"}},
			[]string{"Het aantal medewerkers is minstens 1", "Vul een geheel aantal in van 0 tot en met 1.000.000", `value="twee"`}},
		{"en", url.Values{"year": {"2025"}, "employees": {"-5"}, "external_advisers": {"2000000"}},
			[]string{"Enter a whole number from 0 to 1,000,000", `value="2000000"`}},
		{"nl", url.Values{"year": {"1800"}, "employees": {"10"}}, []string{"Kies een jaar tussen 1990 en 2100."}},
	} {
		res := e.do(request{method: http.MethodPost, path: "/helmond/annual-report/facts", form: tc.form,
			header: map[string]string{"Cookie": "integer_lang=" + tc.lang + "; integer_session=" + ctl}})
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("%v: status %d, want 400", tc.form, res.StatusCode)
		}
		for _, w := range tc.want {
			if !strings.Contains(res.body, w) {
				t.Errorf("%v: the refusal lacks %q", tc.form, w)
			}
		}
		if !strings.Contains(res.body, `id="facts" open`) {
			t.Errorf("%v: the facts' form is not open on the refusal", tc.form)
		}
	}
	if got := stored(); len(got) != 3 || got[domain.FactEmployees] != 1100 {
		t.Errorf("refused forms changed the facts: %v", got)
	}
}
