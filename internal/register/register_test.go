package register

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestMain(m *testing.M) {
	os.Exit(func() int { defer dbtest.StopPrivateServer(); return m.Run() }())
}

// where lists the problems as "row/column key", for comparing.
func where(problems []RowProblem) string {
	var out []string
	for _, p := range problems {
		out = append(out, fmt.Sprintf("%d/%s %s", p.Row, p.Column, p.Key))
	}
	return strings.Join(out, "; ")
}

func TestParsePeopleCSV(t *testing.T) {
	const header = "ref,name,employment,position_ref,department,start_on,vog_on,oath_on,oath_kind,declaration_on\n"
	tests := []struct {
		name     string
		csv      string
		problems string // "" = none
	}{
		{"template", header + "E1,Eva Jansen,permanent,F1,Burgerzaken,2021-01-04,2020-12-28,2021-01-18,oath,2021-01-01\n", ""},
		{"Dutch labels, any case", header + "E1,,VAST,,,,,2021-01-18,belofte,\nE2,,inhuur,,,,,,,\nE3,,Politiek ambtsdrager,,,,,,,\n", ""},
		{"unknown code", header + "E1,,permanent,,,,,,,\nE2,,freelancer,,,,,,,\n", "3/employment err.import_code_unknown"},
		{"bad date", header + "E1,,permanent,,,2021-02-30,,,,\n", "2/start_on err.import_date_invalid"},
		{"Dutch date order", header + "E1,,permanent,,,04-01-2021,,,,\n", ""},
		{"missing required column", "ref,name,department\nE1,Eva,Burgerzaken\n", "1/employment err.import_column_missing"},
		{"unknown column", "ref,employment,vog_date\nE1,permanent,2021-01-01\n", "1/vog_date err.import_column_unknown"},
		{"duplicate ref", header + "E1,,permanent,,,,,,,\nE2,,hired,,,,,,,\nE1,,temporary,,,,,,,\n", "4/ref err.import_ref_twice"},
		{"required cells", header + ",,,,,,,,,\nE2,,,,,,,,,\n", "3/employment err.import_required"},
		{"oath for hired staff", header + "X1,,hired,,,,,2021-01-18,oath,\n", "2/oath_on err.oath_not_civil_servant"},
		{"oath without kind", header + "E1,,permanent,,,,,2021-01-18,,\n", "2/oath_kind err.oath_kind_required"},
		{"every problem listed", header + "E1,,permanent,,,2021-13-01,gisteren,,,\nE2,,astronaut,,,,,,,\n",
			"2/start_on err.import_date_invalid; 2/vog_on err.import_date_invalid; 3/employment err.import_code_unknown"},
		{"too many cells", "ref,employment\nE1,permanent,extra\n", "2/ err.import_too_many_cells"},
		{"blank rows are skipped, rows keep their numbers", "ref,employment\n,\nE1,kluizenaar\n", "3/employment err.import_code_unknown"},
		{"header only", "ref,employment\n", "0/ err.import_no_rows"},
		{"empty file", "", "0/ err.import_empty"},
		{"an Excel file", "PK\x03\x04rest", "0/ err.import_xlsx"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, problems, err := ParsePeopleCSV(strings.NewReader(tc.csv))
			if err != nil {
				t.Fatal(err)
			}
			if got := where(problems); got != tc.problems {
				t.Errorf("problems %q, want %q", got, tc.problems)
			}
			for _, p := range problems {
				if p.File != PeopleFile || p.Message == "" || strings.HasPrefix(p.Message, "[") {
					t.Errorf("problem %+v lacks its file or a Dutch message", p)
				}
			}
		})
	}
}

func TestParsePeopleValues(t *testing.T) {
	// A Dutch spreadsheet's CSV: semicolons, a byte-order mark, Windows-1252,
	// the columns in another order, a name with a diacritic.
	data := "\ufeffEmployment;Ref;Name;oath_on;oath_kind;start_on\r\nTijdelijk;E-7;Zoë de Groot;2021-03-15;Belofte;2021-03-01\r\n"
	cp := []byte(strings.ReplaceAll(data, "ë", "\xeb"))
	cp = cp[3:] // Excel writes no mark in Windows-1252
	for name, in := range map[string][]byte{"utf-8": []byte(data), "windows-1252": cp} {
		f, err := ReadPeople(strings.NewReader(string(in)))
		if err != nil || len(f.Problems) != 0 || len(f.People) != 1 {
			t.Fatalf("%s: %+v, %v", name, f, err)
		}
		p := f.People[0]
		if p.Ref != "E-7" || p.Name != "Zoë de Groot" || p.Employment != "temporary" || p.OathKind != "affirmation" ||
			p.OathOn.Format("2006-01-02") != "2021-03-15" || p.OathOn.Location().String() != "Europe/Amsterdam" {
			t.Errorf("%s: %+v", name, p)
		}
		if strings.Join(f.Columns, ",") != "employment,ref,name,oath_on,oath_kind,start_on" || f.Rows[0] != 2 {
			t.Errorf("%s: columns %v rows %v", name, f.Columns, f.Rows)
		}
	}
}

func TestParsePositionsCSV(t *testing.T) {
	csv := "ref,title,department,designated_publication,designated_financial,political\n" +
		"F1,Inkoper,Inkoop,ja,NO,\n" +
		"P1,Wethouder,,yes,yes,Wethouder\n" +
		"P2,Raadslid,,,,councillor\n" +
		"F2,,Inkoop,misschien,,senator\n"
	positions, problems, err := ParsePositionsCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	want := "5/title err.import_required; 5/designated_publication err.import_yes_no; 5/political err.import_code_unknown"
	if got := where(problems); got != want {
		t.Errorf("problems %q, want %q", got, want)
	}
	if p := positions[0]; !p.DesignatedPublication || p.DesignatedFinancial || p.Political != "" {
		t.Errorf("F1 = %+v", p)
	}
	if p := positions[1]; p.Political != "alderman" || !p.DesignatedFinancial {
		t.Errorf("P1 = %+v", p)
	}
	if problems[0].File != PositionsFile || problems[0].String() != "positions.csv, rij 5, kolom title: Deze cel is verplicht." {
		t.Errorf("problem text %q", problems[0].String())
	}
}

// forEachEngine runs the test on a fresh SQLite file and a fresh
// PostgreSQL database.
func forEachEngine(t *testing.T, test func(t *testing.T, s *store.Store)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "integer.db")
			if engine == "postgres" {
				dsn = dbtest.PostgresURL(t)
			}
			s, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			test(t, s)
		})
	}
}

func mustOrg(t *testing.T, s *store.Store, slug string) *domain.Organisation {
	t.Helper()
	o := &domain.Organisation{Slug: slug, Name: "Gemeente " + slug}
	if err := s.CreateOrganisation(context.Background(), store.CLI, o); err != nil {
		t.Fatal(err)
	}
	return o
}

func count(t *testing.T, s *store.Store, orgID int64) (people, positions int) {
	t.Helper()
	pl, err := s.People(context.Background(), orgID, store.PeopleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := s.Positions(context.Background(), orgID)
	if err != nil {
		t.Fatal(err)
	}
	return len(pl), len(ps)
}

// TestImportIsAllOrNothing: a bad last row stores nothing of either file,
// on both engines; corrected, the files import, and again they update.
func TestImportIsAllOrNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		positions := "ref,title,department,designated_publication,designated_financial,political\nF-INK,Inkoper,Inkoop,yes,no,\nP-WH,Wethouder,,yes,yes,alderman\n"
		people := "ref,name,employment,position_ref,department,start_on,vog_on,oath_on,oath_kind,declaration_on\n" +
			"E1,Eva Jansen,permanent,F-INK,Inkoop,2026-01-05,2025-12-20,2026-01-19,oath,2026-01-02\n" +
			"W1,Kees Aydin,office_holder,P-WH,,2022-06-01,,,,\n" +
			"X1,Rob Bos,hired,,Inkoop,2026-02-01,2026-01-25,2026-02-03,eed,2026-02-01\n" // hired staff take no oath
		_, problems, err := ImportPeople(ctx, s, store.CLI, org.ID, strings.NewReader(people), strings.NewReader(positions))
		if err != nil || where(problems) != "4/oath_on err.oath_not_civil_servant" {
			t.Fatalf("problems %q, %v", where(problems), err)
		}
		if n, m := count(t, s, org.ID); n != 0 || m != 0 {
			t.Fatalf("a refused import stored %d people, %d positions", n, m)
		}
		// A position neither file nor organisation knows.
		bad := strings.Replace(people, "F-INK,Inkoop,2026", "F-XXX,Inkoop,2026", 1)
		_, problems, _ = ImportPeople(ctx, s, store.CLI, org.ID, strings.NewReader(bad), strings.NewReader(positions))
		if got := where(problems); !strings.Contains(got, "2/position_ref err.position_unknown") {
			t.Fatalf("unknown position: %q", got)
		}

		fixed := strings.Replace(people, "2026-02-03,eed,", ",,", 1)
		res, problems, err := ImportPeople(ctx, s, store.CLI, org.ID, strings.NewReader(fixed), strings.NewReader(positions))
		if err != nil || len(problems) != 0 || res.Created != 3 || res.PositionsCreated != 2 {
			t.Fatalf("import = %+v, %q, %v", res, where(problems), err)
		}
		// The same files again: updated (here: unchanged), never doubled.
		res, problems, err = ImportPeople(ctx, s, store.CLI, org.ID, strings.NewReader(fixed), strings.NewReader(positions))
		if err != nil || len(problems) != 0 || res.Created != 0 || res.Unchanged != 3 {
			t.Fatalf("re-import = %+v, %q, %v", res, where(problems), err)
		}
		// Without the positions file: people may name stored positions.
		changed := strings.Replace(fixed, "Eva Jansen", "Eva Jansen-de Vries", 1)
		res, problems, err = ImportPeople(ctx, s, store.CLI, org.ID, strings.NewReader(changed), nil)
		if err != nil || len(problems) != 0 || res.Updated != 1 || res.Unchanged != 2 {
			t.Fatalf("update = %+v, %q, %v", res, where(problems), err)
		}
		if n, m := count(t, s, org.ID); n != 3 || m != 2 {
			t.Fatalf("after re-imports: %d people, %d positions", n, m)
		}
		// A problem only the store sees: Eva, sworn in, turned hired by a
		// file without oath columns. It is named at its row and column, and
		// nothing of the file is stored.
		turned := "ref,name,employment\nN1,Nieuw,permanent\nE1,Eva Jansen,inhuur\n"
		_, problems, err = ImportPeople(ctx, s, store.CLI, org.ID, strings.NewReader(turned), nil)
		if err != nil || where(problems) != "3/oath_on err.oath_not_civil_servant" || problems[0].File != PeopleFile {
			t.Fatalf("store's problem: %q, %v", where(problems), err)
		}
		if n, _ := count(t, s, org.ID); n != 3 {
			t.Fatalf("the refused file stored N1: %d people", n)
		}
	})
}

// TestHelmondPeople imports Helmond's register of 2021 and finds the
// annual report's 114 oaths and affirmations.
func TestHelmondPeople(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		f, err := os.Open("testdata/helmond-2021-people.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		res, problems, err := ImportPeople(ctx, s, store.CLI, org.ID, f, nil)
		if err != nil || len(problems) != 0 || res.Created != 123 {
			t.Fatalf("import = %+v, %q, %v", res, where(problems), err)
		}
		c, err := s.OnboardingCounts(ctx, org.ID, 2021)
		if err != nil || c.Sworn != 114 || c.Oaths != 85 || c.Affirmations != 29 || c.Started != 123 {
			t.Errorf("2021 = %+v, %v", c, err)
		}
		// Hired staff owe no oath: none of the nine lacks one.
		list, _ := s.People(ctx, org.ID, store.PeopleFilter{Employment: "hired"})
		now := time.Date(2021, 12, 31, 12, 0, 0, 0, time.UTC)
		for _, p := range list {
			for _, g := range p.Gaps(now) {
				if g.Item == "oath" {
					t.Errorf("%s (hired) lacks an oath", p.Ref)
				}
			}
		}
		if len(list) != 9 {
			t.Errorf("%d hired", len(list))
		}
	})
}
