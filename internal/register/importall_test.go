package register

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/store"
)

// helmond reads the Helmond 2021 registers, by file name.
func helmond(t *testing.T) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob("testdata/helmond-2021/*.csv")
	if err != nil || len(names) == 0 {
		t.Fatalf("fixture: %v", err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = b
	}
	return out
}

// helmondCounts are the rows of each file of the fixture.
var helmondCounts = map[string]int{
	ReportsFile: 10, AllegationsFile: 10, AdviceRequestsFile: 38, AdviserCasesFile: 21, AdviserContactsFile: 57,
	AdviserActivitiesFile: 24, AggressionIncidentsFile: 35, PeopleFile: 123, ActivitiesFile: 7, CouncilContactsFile: 22,
	YearlyCountsFile: 12,
}

// tables counts the rows of the tables an import fills.
func tables(t *testing.T, s *store.Store, orgID int64) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"reports", "advice_requests", "aggression_incidents", "activities", "council_questions",
		"adviser_cases", "adviser_contacts", "adviser_activities", "people", "positions", "outside_activities", "gifts", "yearly_counts"} {
		n, err := s.CountRows(context.Background(), table, orgID)
		if err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func TestImportHelmond(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		res, err := Import(ctx, s, store.CLI, org.ID, helmond(t))
		if err != nil {
			t.Fatal(err)
		}
		for file, want := range helmondCounts {
			if got := res.Count(file); got.Created != want {
				t.Errorf("%s: created %d, want %d", file, got.Created, want)
			}
		}
		before := tables(t, s, org.ID)
		trend, err := s.YearlyCounts(ctx, org.ID, "reports")
		if err != nil || trend[2011] != 2 || trend[2020] != 17 || len(trend) != 10 {
			t.Fatalf("trend %v, %v", trend, err)
		}
		// Again: updated and replaced, never doubled.
		res, err = Import(ctx, s, store.CLI, org.ID, helmond(t))
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Count(ReportsFile); c.Created != 0 || c.Updated != 10 {
			t.Errorf("re-import reports %+v", c)
		}
		if c := res.Count(AdviceRequestsFile); c.Created != 38 || c.Replaced != 38 {
			t.Errorf("re-import advice %+v", c)
		}
		if after := tables(t, s, org.ID); !equal(before, after) {
			t.Errorf("re-import changed the counts: %v → %v", before, after)
		}
	})
}

func equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func problemsOf(t *testing.T, err error) string {
	t.Helper()
	var p *Problems
	if !errors.As(err, &p) {
		t.Fatalf("want *Problems, got %v", err)
	}
	var out []string
	for _, q := range p.List {
		out = append(out, fmt.Sprintf("%s:%03d/%s %s", q.File, q.Row, q.Column, q.Key))
	}
	return strings.Join(out, "\n")
}

// TestImportBadRows: every kind of bad row is named with file, row and
// column, and nothing at all is stored, also for the last row of the last
// file.
func TestImportBadRows(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		empty := tables(t, s, org.ID)
		cases := []struct {
			name, file, from, to, want string
		}{
			{"unknown code", ReportsFile, "H21-03,2021-03-16,officials,in_person", "H21-03,2021-03-16,officials,pigeon", "reports.csv:004/channel err.import_code_unknown"},
			{"bad date", AdviceRequestsFile, "2021-01-13,outside_activities", "2021-13-13,outside_activities", "advice_requests.csv:003/received_on err.import_date_invalid"},
			{"missing column", CouncilContactsFile, "date,mayor_conversation", "datum,mayor_conversation", "council_contacts.csv:001/datum err.import_column_unknown"},
			{"duplicate ref", ReportsFile, "H21-02,2021-02-08", "H21-01,2021-02-08", "reports.csv:003/ref err.import_ref_twice"},
			{"allegation to a missing report", AllegationsFile, "H21-04,abuse_of_authority", "H21-99,abuse_of_authority", "allegations.csv:005/report_ref err.import_report_unknown"},
			{"unknown case", AdviserContactsFile, "conversation,0.75,yes,VP21-01", "conversation,0.75,yes,VP21-77", "adviser_contacts.csv:002/case_ref err.import_case_unknown"},
			{"last row of the last file", YearlyCountsFile, "2020,adviser_first_contacts,59", "2020,adviser_first_contacts,many", "yearly_counts.csv:013/count err.import_number_invalid"},
		}
		for _, tc := range cases {
			files := helmond(t)
			b := string(files[tc.file])
			if !strings.Contains(b, tc.from) {
				t.Fatalf("%s: fixture lacks %q", tc.name, tc.from)
			}
			files[tc.file] = []byte(strings.Replace(b, tc.from, tc.to, 1))
			_, err := Import(ctx, s, store.CLI, org.ID, files)
			if got := problemsOf(t, err); !strings.Contains(got, tc.want) {
				t.Errorf("%s: problems\n%s\nwant %s", tc.name, got, tc.want)
			}
			if got := tables(t, s, org.ID); !equal(got, empty) {
				t.Errorf("%s: stored %v", tc.name, got)
			}
		}
		// A problem only the store sees (a gift accepted above the
		// organisation's threshold), in the last row of the last file it
		// writes rows of: still nothing stored.
		files := helmond(t)
		files[GiftsFile] = []byte("date,recipient_ref,giver,description,value_eur,decision\n" +
			"2021-12-01,E21-001,Leverancier,Kerstpakket,40,accepted\n2021-12-02,E21-002,Leverancier,Fles wijn,500,accepted\n")
		_, err := Import(ctx, s, store.CLI, org.ID, files)
		if got := problemsOf(t, err); got != "gifts.csv:003/decision gift.err_threshold" {
			t.Errorf("gift above the threshold: %s", got)
		}
		if got := tables(t, s, org.ID); !equal(got, empty) {
			t.Errorf("stored %v", got)
		}
	})
}

func TestWorkbookRoundTrip(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		var buf bytes.Buffer
		if err := WriteTemplate(&buf); err != nil {
			t.Fatal(err)
		}
		sheets, err := ReadWorkbook(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if len(sheets) != len(Template)+1 {
			t.Fatalf("%d sheets", len(sheets))
		}
		org := mustOrg(t, s, "voorbeeld")
		res, err := Import(context.Background(), s, store.CLI, org.ID, map[string][]byte{"sjabloon.xlsx": buf.Bytes()})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range Template {
			if c := res.Count(f.Name); c.Created != 1 {
				t.Errorf("%s: %+v", f.Name, c)
			}
		}
	})
}
