package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

var staticPath = regexp.MustCompile(`/static/[0-9a-f]+/[^"]*`)

// TestPublicRegisterShowsOnlyThePublished fills every kind of entry, with
// a canary in each field that must never be public, and checks the page,
// the CSV file and the JSON: without login, exactly the published entries
// and their public fields.
func TestPublicRegisterShowsOnlyThePublished(t *testing.T) {
	e := newEnv(t, "")
	x := newOutsideFixture(t, e)
	mayor := outPerson(t, e, x.org, "B01", "Anna Burgers", outPosition(t, e, x.org, "BGM", "Burgemeester", false, "mayor"), 0)
	raad := outPerson(t, e, x.org, "R01", "Rik Raadslid", outPosition(t, e, x.org, "RL", "Raadslid", false, "councillor"), 0)
	income := int64(12500)
	const secret = "GEHEIM-" // every text that must stay out of the register starts with it
	published := []*domain.OutsideActivity{
		outActivity(t, e, x.org.ID, &domain.OutsideActivity{PersonID: x.eva.ID, Activity: "Bestuurslid", Organisation: "Zwemclub De Golf",
			HoursPerMonth: 37}, "allowed", secret+"redenen-1"),
		outActivity(t, e, x.org.ID, &domain.OutsideActivity{PersonID: x.kees.ID, Activity: "Voorzitter", Organisation: "Stichting Stadsfestival",
			Paid: true, IncomeEUR: &income, HoursPerMonth: 38}, "not_allowed", secret+"redenen-2"),
		outActivity(t, e, x.org.ID, &domain.OutsideActivity{PersonID: mayor.ID, Activity: "Voorzitter raad van toezicht", Organisation: "Ziekenhuis Oost"},
			"pending", ""),
		outActivity(t, e, x.org.ID, &domain.OutsideActivity{PersonID: raad.ID, Activity: "Docent", Organisation: "Hogeschool West", Paid: true},
			"allowed", ""),
	}
	for _, a := range []struct {
		person     int64
		assessment string
		end        bool
	}{{x.eva.ID, "pending", false}, {x.eva.ID, "not_allowed", false}, {x.jan.ID, "allowed", false}, {x.eva.ID, "allowed", true}, {x.kees.ID, "allowed", true}} {
		n := outCount(t, e, x.org.ID, store.OutsideFilter{})
		act := &domain.OutsideActivity{PersonID: a.person, Activity: fmt.Sprintf("%sactiviteit-%d", secret, n),
			Organisation: fmt.Sprintf("%sorganisatie-%d", secret, n)}
		if a.end {
			end := time.Now().AddDate(0, 0, -2)
			act.EndOn = &end
		}
		outActivity(t, e, x.org.ID, act, a.assessment, secret+"redenen")
	}
	outActivity(t, e, x.other.ID, &domain.OutsideActivity{PersonID: outPerson(t, e, x.other, "W", secret+"elders",
		outPosition(t, e, x.other, "W", "Wethouder", false, "alderman"), 0).ID, Activity: secret + "elders", Organisation: secret + "elders"}, "allowed", "")

	page := e.do(request{path: "/helmond/register"})
	csvRes := e.do(request{path: "/helmond/register.csv"})
	api := e.do(request{path: "/api/v1/helmond/register/outside-activities"})
	for name, res := range map[string]response{"page": page, "csv": csvRes, "json": api} {
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", name, res.StatusCode)
		}
		for _, a := range published {
			if !strings.Contains(res.body, a.Organisation) {
				t.Errorf("%s lacks %q", name, a.Organisation)
			}
		}
		// The hours of unpublished entries (37, 38) are short numbers: the
		// content hashes in the static assets' paths may hold them, so those
		// paths are left out of the search.
		body := staticPath.ReplaceAllString(res.body, "/static/")
		for _, never := range []string{secret, "Eva Jansen", "Jan Smit", "Administratief medewerker", "37", "38"} {
			if strings.Contains(body, never) {
				t.Errorf("%s shows %q", name, never)
			}
		}
	}
	for _, want := range []string{"Kees de Wit", "Anna Burgers", "Rik Raadslid", "€ 12.500", "Onbezoldigd", "Bezoldigd", "Inkoper"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Index(page.body, "Anna Burgers") > strings.Index(page.body, "Kees de Wit") {
		t.Error("the mayor is not listed first")
	}
	rows, err := recCSV(csvRes.body)
	if err != nil || len(rows) != 5 || rows[0][1] != "Naam" || rows[1][1] != "Anna Burgers" || rows[4][1] != "" || rows[4][2] != "Inkoper" ||
		rows[2][6] != "12500" {
		t.Fatalf("csv: %q, %v", rows, err)
	}
	var out struct {
		Organisation  string                       `json:"organisation"`
		OfficeHolders []map[string]any             `json:"office_holders"`
		Officials     []map[string]json.RawMessage `json:"officials"`
	}
	if err := json.Unmarshal([]byte(api.body), &out); err != nil {
		t.Fatal(err)
	}
	if out.Organisation != "Gemeente helmond" || len(out.OfficeHolders) != 3 || len(out.Officials) != 1 || out.OfficeHolders[1]["income_eur"] != 12500.0 ||
		out.OfficeHolders[0]["income_eur"] != nil || len(out.Officials[0]) != 4 {
		t.Fatalf("json: %s", api.body)
	}
	// Another organisation's register, and one that does not exist.
	if res := e.do(request{path: "/huizen/register"}); !strings.Contains(res.body, secret+"elders") || strings.Contains(res.body, "Kees de Wit") {
		t.Errorf("huizen's register:\n%s", res.body)
	}
	if res := e.do(request{path: "/api/v1/nergens/register/outside-activities"}); res.StatusCode != http.StatusNotFound ||
		!strings.Contains(res.body, `"code":"not_found"`) {
		t.Errorf("unknown organisation: %d %s", res.StatusCode, res.body)
	}
	if res := e.do(request{path: "/nergens/register"}); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown organisation's page: %d", res.StatusCode)
	}
	res := e.do(request{path: "/helmond/register", header: map[string]string{"Cookie": "integer_lang=en"}})
	if res.StatusCode != 200 || !strings.Contains(res.body, "Register of outside activities") || strings.Contains(res.body, "[outside.") {
		t.Errorf("English register: %d\n%s", res.StatusCode, res.body)
	}
}
