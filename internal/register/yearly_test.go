package register

import (
	"context"
	"testing"

	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_YearlyCountsByCode: yearly_counts.csv takes an optional code
// column, so the years before Integer can be given by outcome, by category
// or by own label, not only as totals; a coded measure needs a code of its
// list (or its Dutch label), a total refuses one, and nothing is stored when
// any row is wrong.
func TestDefect_YearlyCountsByCode(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "rotterdam")
		good := "year,measure,code,count\n2019,reports,,12\n2019,reports_by_outcome,substantiated,5\n2019,reports_by_outcome,Ongegrond,4\n" +
			"2019,reports_by_outcome,open,3\n2020,reports_by_category,financial,6\n2020,reports_by_own_label,fraude en corruptie,6\n"
		if _, err := Import(ctx, s, store.CLI, org.ID, map[string][]byte{YearlyCountsFile: []byte(good)}); err != nil {
			t.Fatal(err)
		}
		out, err := s.YearlyCodeCounts(ctx, org.ID, store.YearlyReportsByOutcome)
		if err != nil || out[2019]["substantiated"] != 5 || out[2019]["unsubstantiated"] != 4 || out[2019]["open"] != 3 || len(out) != 1 {
			t.Fatalf("by outcome %v, %v", out, err)
		}
		own, _ := s.YearlyCodeCounts(ctx, org.ID, store.YearlyReportsByOwnLabel)
		if own[2020]["fraude en corruptie"] != 6 {
			t.Errorf("by own label %v", own)
		}
		if tot, _ := s.YearlyCounts(ctx, org.ID, "reports"); len(tot) != 1 || tot[2019] != 12 {
			t.Errorf("totals %v: the coded rows count as totals", tot)
		}
		// The same import again replaces, one row per year, measure and code.
		if _, err := Import(ctx, s, store.CLI, org.ID, map[string][]byte{YearlyCountsFile: []byte(good)}); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountRows(ctx, "yearly_counts", org.ID); n != 6 {
			t.Errorf("%d rows after a second import, want 6", n)
		}
		for _, tc := range []struct{ name, row, want string }{
			{"coded measure without a code", "2018,reports_by_outcome,,2", "yearly_counts.csv:002/code err.import_code_required"},
			{"unknown outcome", "2018,reports_by_outcome,perhaps,2", "yearly_counts.csv:002/code err.import_code_unknown"},
			{"a category as an outcome", "2018,reports_by_outcome,financial,2", "yearly_counts.csv:002/code err.import_code_unknown"},
			{"a total with a code", "2018,reports,substantiated,2", "yearly_counts.csv:002/code err.import_code_not_allowed"},
		} {
			_, err := Import(ctx, s, store.CLI, org.ID, map[string][]byte{YearlyCountsFile: []byte("year,measure,code,count\n" + tc.row + "\n2017,reports,,1\n")})
			if got := problemsOf(t, err); got != tc.want {
				t.Errorf("%s: problems\n%s\nwant %s", tc.name, got, tc.want)
			}
		}
		if n, _ := s.CountRows(ctx, "yearly_counts", org.ID); n != 6 {
			t.Errorf("%d rows after refused imports, want 6", n)
		}
	})
}
