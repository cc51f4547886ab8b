package report_test

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
	"github.com/xuri/excelize/v2"
)

// TestOrganisationFacts (issue 11 defect 5): the organisation's facts per
// year, imported as organisation_facts.csv beside Helmond's registers, give
// the section "De organisatie" and the figures per 1,000 employees in JSON,
// the document (HTML, PDF) and the workbook (numbers, not text); a year
// without the employees has no rates, a hidden count no rate, and an
// organisation without facts no section.
func TestOrganisationFacts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		orgID := importFiles(t, st, "helmond", "reports.csv", "allegations.csv", "advice_requests.csv", "yearly_counts.csv")
		facts, err := os.ReadFile("testdata/organisation-facts/organisation_facts.csv")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := register.Import(ctx, st, store.CLI, orgID, map[string][]byte{"organisation_facts.csv": facts}); err != nil {
			t.Fatalf("import: %v", err)
		}

		r, doc := build(t, st, orgID, 2021, report.Options{})
		want(t, doc, map[string]any{
			"organisation_facts.facts.employees":                        1100,
			"organisation_facts.facts.internal_advisers":                2,
			"organisation_facts.facts.external_advisers":                1,
			"organisation_facts.facts.integrity_coordinators":           1,
			"organisation_facts.per_1000_employees.reports":             9.1,  // 10 / 1100 × 1000
			"organisation_facts.per_1000_employees.advice_requests":     34.5, // 38 / 1100 × 1000
			"organisation_facts.trend[2019].facts.employees":            1050,
			"organisation_facts.trend[2019].per_1000_employees.reports": 9.5,  // imported 10 / 1050
			"organisation_facts.trend[2020].per_1000_employees.reports": 15.7, // imported 17 / 1080
			"organisation_facts.trend[2021].per_1000_employees.reports": 9.1,
		})
		for _, path := range []string{
			"organisation_facts.per_1000_employees.aggression_incidents", // the register holds nothing
			"organisation_facts.trend[2019].facts.internal_advisers",     // not given for 2019
			"organisation_facts.trend[2020].per_1000_employees.advice_requests",
		} {
			if v, ok := lookup(doc, path); !ok || v != nil {
				t.Errorf("%s = %v (present %v), want null", path, v, ok)
			}
		}
		if trend := r.OrganisationFacts.Trend; len(trend) != 3 || trend[0].Year != 2019 {
			t.Errorf("trend %v, want 2019–2021", trend)
		}

		// The document: the section, the rate with a decimal comma in
		// Dutch and a point in English, the appendix naming both figures.
		for _, tc := range []struct{ lang, title, intro string }{
			{"nl", "De organisatie", "1100 medewerkers. Per 1.000 medewerkers kwamen er 9,1 meldingen"},
			{"en", "The organisation", "1100 employees. There were 9.1 reports per 1,000 employees"},
		} {
			d := r.Document(nil, tc.lang)
			sec := section(t, d, "organisation")
			if sec.Title != tc.title || !strings.Contains(sec.Intro, tc.intro) {
				t.Errorf("%s: section %q, intro %q; want %q with %q", tc.lang, sec.Title, sec.Intro, tc.title, tc.intro)
			}
			if len(sec.Tables) != 4 {
				t.Fatalf("%s: %d tables, want the year's facts, its rates and both trends", tc.lang, len(sec.Tables))
			}
		}
		d := r.Document(nil, "nl")
		if got := section(t, d, "organisation").Tables[1].Rows[0]; !slices.Equal(got, []string{"Meldingen", "10", "9,1"}) {
			t.Errorf("rates' first row %q", got)
		}
		defs := section(t, d, "definitions").Tables[0]
		for _, name := range []string{"De organisatie: medewerkers, vertrouwenspersonen, integriteitscoördinatoren", "Per 1.000 medewerkers"} {
			if !slices.ContainsFunc(defs.Rows, func(row []string) bool { return row[0] == name }) {
				t.Errorf("the appendix does not define %q", name)
			}
		}

		// The workbook: the employees and the rates are numbers.
		var b bytes.Buffer
		if err := d.WriteXLSX(&b); err != nil {
			t.Fatal(err)
		}
		wb, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			sheet, cell string
			want        excelize.CellType
		}{{"Organisatie", "B3", excelize.CellTypeNumber}, {"Per 1.000 medewerkers", "C3", excelize.CellTypeNumber}} {
			if ct, err := wb.GetCellType(c.sheet, c.cell); err != nil || (ct != c.want && ct != excelize.CellTypeUnset) {
				t.Errorf("%s!%s: type %v (%v), want a number", c.sheet, c.cell, ct, err)
			}
			v, _ := wb.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true})
			if v != "1100" && v != "9.1" {
				t.Errorf("%s!%s = %q, want 1100 or 9.1", c.sheet, c.cell, v)
			}
		}

		// A hidden count has no rate: 10 reports below 11 are hidden, and
		// 10 / 1100 × 1000 would give them back. The advice requests (38)
		// stay, and so does their rate.
		_, doc = build(t, st, orgID, 2021, report.Options{SuppressBelow: 11})
		for _, path := range []string{"reports.total", "organisation_facts.per_1000_employees.reports", "organisation_facts.trend[2021].per_1000_employees.reports"} {
			if v, ok := lookup(doc, path); !ok || v != nil {
				t.Errorf("suppressed: %s = %v, want null", path, v)
			}
		}
		want(t, doc, map[string]any{"organisation_facts.per_1000_employees.advice_requests": 34.5, "organisation_facts.facts.employees": 1100})

		// The employees unknown in the year: the facts known, no rate, a
		// sentence that says why.
		if err := st.SetOrganisationFacts(ctx, store.CLI, orgID, 2021, map[domain.OrgFact]*int{domain.FactInternalAdvisers: ptr(3)}); err != nil {
			t.Fatal(err)
		}
		r, doc = build(t, st, orgID, 2021, report.Options{})
		want(t, doc, map[string]any{"organisation_facts.facts.internal_advisers": 3})
		for _, path := range []string{"organisation_facts.facts.employees", "organisation_facts.facts.external_advisers", "organisation_facts.per_1000_employees.reports"} {
			if v, ok := lookup(doc, path); !ok || v != nil {
				t.Errorf("without employees: %s = %v, want null", path, v)
			}
		}
		sec := section(t, r.Document(nil, "nl"), "organisation")
		if !strings.Contains(sec.Intro, "aantal medewerkers in 2021 is niet bekend") || slices.ContainsFunc(sec.Tables, func(tb report.Table) bool { return tb.Caption == "Per 1.000 medewerkers in 2021" }) {
			t.Errorf("without employees: intro %q, tables %d", sec.Intro, len(sec.Tables))
		}

		// Another organisation without facts: null, no section, no
		// definitions of them.
		other := importFiles(t, st, "meldstad", "reports.csv", "allegations.csv")
		r, doc = build(t, st, other, 2021, report.Options{})
		if v, ok := doc["organisation_facts"]; !ok || v != nil {
			t.Errorf("without facts: organisation_facts = %v, want null", v)
		}
		for _, s := range r.Document(nil, "nl").Sections {
			if s.ID == "organisation" {
				t.Error("without facts: a section \"De organisatie\"")
			}
		}
		for _, def := range r.Definitions {
			if strings.HasPrefix(def.Figure, "organisation_facts") {
				t.Errorf("without facts: the appendix defines %s", def.Figure)
			}
		}
	})
}

func ptr(n int) *int { return &n }

func section(t *testing.T, d *report.Document, id string) report.Section {
	t.Helper()
	for _, s := range d.Sections {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no section %q", id)
	return report.Section{}
}
