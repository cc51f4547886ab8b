package register

import (
	"context"
	"testing"

	"github.com/integer-nl/integer/internal/store"
)

// TestStopReasonImport (issue 11 defect 5): allegations.csv's stop_reason
// says why a discontinued investigation stopped. It is required with the
// outcome discontinued, refused with another, "other" needs outcome_note;
// a bad row is named with its column and nothing is stored.
func TestStopReasonImport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "stopstad")
		reports := []byte("ref,received_on\nS1,2021-02-01\nS2,2021-03-01\n")
		for _, tc := range []struct{ name, rows, want string }{
			{"discontinued without a reason", "S1,financial,discontinued,,", "allegations.csv:002/stop_reason err.stop_reason_required"},
			{"a reason with another outcome", "S1,financial,unsubstantiated,,person_left", "allegations.csv:002/stop_reason err.stop_reason_not_discontinued"},
			{"other without a note", "S1,financial,discontinued,,other", "allegations.csv:002/outcome_note err.stop_reason_other_note"},
			{"an unknown reason", "S1,financial,discontinued,,bored", "allegations.csv:002/stop_reason err.import_code_unknown"},
		} {
			_, err := Import(ctx, s, store.CLI, org.ID, map[string][]byte{ReportsFile: reports,
				AllegationsFile: []byte("report_ref,category,outcome,outcome_note,stop_reason\n" + tc.rows + "\nS2,financial,discontinued,,person_left\n")})
			if got := problemsOf(t, err); got != tc.want {
				t.Errorf("%s: problems\n%s\nwant %s", tc.name, got, tc.want)
			}
		}
		if n, _ := s.CountRows(ctx, "reports", org.ID); n != 0 {
			t.Fatalf("refused imports stored %d reports", n)
		}
		good := "report_ref,category,outcome,outcome_note,stop_reason\nS1,financial,discontinued,,Melder heeft de melding ingetrokken\n" +
			"S2,financial,discontinued,De betrokkene is overleden.,other\n"
		if _, err := Import(ctx, s, store.CLI, org.ID, map[string][]byte{ReportsFile: reports, AllegationsFile: []byte(good)}); err != nil {
			t.Fatal(err)
		}
		var reasons []string
		rows, err := s.DB().QueryContext(ctx, `SELECT a.stop_reason FROM allegations a JOIN reports r ON r.id = a.report_id WHERE r.org_id = $1 ORDER BY r.import_ref`, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var v string
			_ = rows.Scan(&v)
			reasons = append(reasons, v)
		}
		if len(reasons) != 2 || reasons[0] != "reporter_withdrew" || reasons[1] != "other" {
			t.Errorf("stored reasons %v, want reporter_withdrew (by its Dutch label) and other", reasons)
		}
	})
}
