package report_test

import (
	"context"
	"errors"
	"testing"

	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_AdviserGroupNotImportable: adviser_cases.csv had no column for
// the group of the adviser (internal or external); only a name containing
// "intern" or "extern" decided it, so advisers imported by their own names
// were counted as "unset". The column adviser_group sets it; a row that
// contradicts another row or the group the adviser recorded is refused and
// nothing is stored.
func TestDefect_AdviserGroupNotImportable(t *testing.T) {
	const head = "ref,adviser,opened_on,issue_kinds,relations,formal_report,closed_on,adviser_group\n"
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, st, "groepen")
		imp := func(csv string) error {
			_, err := register.Import(ctx, st, store.CLI, org.ID, map[string][]byte{"adviser_cases.csv": []byte(head + csv)})
			return err
		}
		if err := imp("C1,Jansen,2021-02-01,bullying,manager,none,,internal\n" +
			"C2,jansen,2021-03-01,bullying,colleague,none,,\n" +
			"C3,De Vries,2021-04-01,aggression,external,none,,Extern\n"); err != nil {
			t.Fatal(err)
		}
		_, doc := build(t, st, org.ID, 2021, report.Options{})
		want(t, doc, map[string]any{"confidential_advisers.cases": 3,
			"confidential_advisers.cases_by_adviser_kind.internal": 2, "confidential_advisers.cases_by_adviser_kind.external": 1})
		if _, ok := lookup(doc, "confidential_advisers.cases_by_adviser_kind.unset"); ok {
			t.Errorf("cases of advisers without a group: %v", doc["confidential_advisers"])
		}

		for name, tc := range map[string]struct {
			csv string
			row int
		}{
			"two groups in one file":      {"C4,Bakker,2021-05-01,bullying,manager,none,,internal\nC5,BAKKER,2021-05-02,bullying,manager,none,,external\n", 3},
			"another group than recorded": {"C6,Jansen,2021-06-01,bullying,manager,none,,external\n", 2},
			"not a group":                 {"C7,Smit,2021-06-01,bullying,manager,none,,extern-ish\n", 2},
		} {
			err := imp(tc.csv)
			var p *register.Problems
			if !errors.As(err, &p) || len(p.List) == 0 {
				t.Errorf("%s: %v, want a problem", name, err)
				continue
			}
			if q := p.List[0]; q.File != "adviser_cases.csv" || q.Column != "adviser_group" || q.Row != tc.row {
				t.Errorf("%s: problem %+v, want adviser_cases.csv row %d column adviser_group", name, q, tc.row)
			}
		}
		_, doc = build(t, st, org.ID, 2021, report.Options{})
		want(t, doc, map[string]any{"confidential_advisers.cases": 3,
			"confidential_advisers.cases_by_adviser_kind.internal": 2, "confidential_advisers.cases_by_adviser_kind.external": 1})
	})
}
