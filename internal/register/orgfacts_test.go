package register

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
	"github.com/xuri/excelize/v2"
)

// TestOrganisationFactsImport (issue 11 defect 5): organisation_facts.csv
// (year, measure, count) sets the organisation's facts per year, as a CSV
// file or a workbook's sheet; a row known before is updated. A bad row (a
// measure not of the list, no employees, a count below 0, a year to come,
// the same year and measure twice) is named in Dutch and in English with
// its file, row and column, and nothing is stored.
func TestOrganisationFactsImport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		good := "year;measure;count\n2021;employees;1.100\n2021;Interne vertrouwenspersonen;2\n2021;external_advisers;1\n2020;integrity_coordinators;1\n"
		res, err := Import(ctx, s, store.CLI, org.ID, map[string][]byte{OrganisationFactsFile: []byte(good)})
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Count(OrganisationFactsFile); c.Created != 4 || c.Updated != 0 {
			t.Errorf("count %+v, want 4 created", c)
		}
		facts, err := s.OrganisationFacts(ctx, org.ID)
		if err != nil || facts[2021][domain.FactEmployees] != 1100 || facts[2021][domain.FactInternalAdvisers] != 2 ||
			facts[2021][domain.FactExternalAdvisers] != 1 || facts[2020][domain.FactIntegrityCoordinators] != 1 || len(facts[2021]) != 3 {
			t.Fatalf("facts %v, %v", facts, err)
		}

		// The same facts as a workbook's sheet: updated, not doubled.
		f := excelize.NewFile()
		_ = f.SetSheetName("Sheet1", "organisation_facts")
		_ = f.SetSheetRow("organisation_facts", "A1", &[]any{"year", "measure", "count"})
		_ = f.SetSheetRow("organisation_facts", "A2", &[]any{2021, "employees", 1150})
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		res, err = Import(ctx, s, store.CLI, org.ID, map[string][]byte{"registers.xlsx": buf.Bytes()})
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Count(OrganisationFactsFile); c.Created != 0 || c.Updated != 1 || c.Sheet != "organisation_facts" {
			t.Errorf("workbook count %+v, want 1 updated from the sheet", c)
		}
		if facts, _ = s.OrganisationFacts(ctx, org.ID); facts[2021][domain.FactEmployees] != 1150 {
			t.Errorf("employees %d after the workbook, want 1150", facts[2021][domain.FactEmployees])
		}
		if n, _ := s.CountRows(ctx, "organisation_facts", org.ID); n != 4 {
			t.Errorf("%d rows, want 4", n)
		}

		for _, tc := range []struct{ name, rows, want, dutch, english string }{
			{"unknown measure", "2021,volunteers,3", "organisation_facts.csv:002/measure err.import_code_unknown", "rij 2, kolom measure", "row 2, column measure"},
			{"no employees", "2021,employees,0", "organisation_facts.csv:002/count err.org_fact_employees_zero",
				"Het aantal medewerkers is minstens 1", "The number of employees is at least 1"},
			{"a negative count", "2021,internal_advisers,-1", "organisation_facts.csv:002/count err.import_number_invalid", "kolom count", "column count"},
			{"a year to come", "2099,employees,10", "organisation_facts.csv:002/year err.import_year_invalid", "geen jaar", "not a year"},
			{"no count", "2021,employees,", "organisation_facts.csv:002/count err.import_required", "kolom count", "column count"},
			{"twice", "2019,employees,900\n2019,Medewerkers,950", "organisation_facts.csv:003/measure err.import_org_fact_twice",
				"Dit gegeven staat voor 2019 ook in rij 2.", "This fact for 2019 is also in row 2."},
		} {
			_, err := Import(ctx, s, store.CLI, org.ID, map[string][]byte{OrganisationFactsFile: []byte("year,measure,count\n" + tc.rows + "\n2018,employees,1000\n")})
			if got := problemsOf(t, err); got != tc.want {
				t.Errorf("%s: problems\n%s\nwant %s", tc.name, got, tc.want)
				continue
			}
			var p *Problems
			errors.As(err, &p)
			if nl, en := p.List[0].String(), p.List[0].Text(catalog(), "en"); !strings.Contains(nl, tc.dutch) || !strings.Contains(en, tc.english) {
				t.Errorf("%s: %q / %q, want %q / %q", tc.name, nl, en, tc.dutch, tc.english)
			}
		}
		if facts, _ = s.OrganisationFacts(ctx, org.ID); len(facts) != 2 || facts[2018] != nil || facts[2019] != nil {
			t.Errorf("refused imports stored something: %v", facts)
		}
	})
}
