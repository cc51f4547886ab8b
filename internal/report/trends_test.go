package report_test

import (
	"context"
	"slices"
	"testing"

	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_TrendByOutcomeAndCategory: the years before Integer, imported
// by outcome and by category from yearly_counts.csv with codes, are
// combined with the years of records into reports.trend_by_outcome and
// reports.trend_by_category, lists of {year, source, counts}; a year with
// neither is unknown (source none, counts null); the report shows both
// trends as tables with the years side by side.
func TestDefect_TrendByOutcomeAndCategory(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		org := mustOrg(t, st, "trendstad")
		if _, err := register.Import(context.Background(), st, store.CLI, org.ID, map[string][]byte{
			"yearly_counts.csv": []byte("year,measure,code,count\n2018,reports,,12\n2018,reports_by_outcome,substantiated,5\n" +
				"2018,reports_by_outcome,unsubstantiated,4\n2018,reports_by_outcome,open,3\n" +
				"2019,reports_by_category,financial,6\n2019,reports_by_category,undesirable_conduct,2\n"),
		}); err != nil {
			t.Fatal(err)
		}
		insertReports(t, st, org.ID, []fact{
			{received: "2021-03-01", categories: []string{"financial", "conflict_of_interest"}, outcomes: []string{"substantiated"}},
			{received: "2021-06-01", categories: []string{"financial"}, outcomes: []string{"unsubstantiated"}},
		})
		r, doc := build(t, st, org.ID, 2021, report.Options{})
		want(t, doc, map[string]any{
			"reports.trend_by_outcome[2018].source":                       "imported",
			"reports.trend_by_outcome[2018].counts.substantiated":         5,
			"reports.trend_by_outcome[2018].counts.unsubstantiated":       4,
			"reports.trend_by_outcome[2018].counts.open":                  3,
			"reports.trend_by_outcome[2021].source":                       "records",
			"reports.trend_by_outcome[2021].counts.substantiated":         1,
			"reports.trend_by_outcome[2021].counts.unsubstantiated":       1,
			"reports.trend_by_outcome[2021].counts.open":                  1,
			"reports.trend_by_outcome[2021].counts.withdrawn":             0,
			"reports.trend_by_category[2019].source":                      "imported",
			"reports.trend_by_category[2019].counts.financial":            6,
			"reports.trend_by_category[2021].counts.financial":            2,
			"reports.trend_by_category[2021].counts.conflict_of_interest": 1,
			"reports.trend_by_category[2020].source":                      "none",
		})
		for _, path := range []string{"reports.trend_by_outcome[2019].counts", "reports.trend_by_category[2020].counts"} {
			if v, ok := lookup(doc, path); !ok || v != nil {
				t.Errorf("%s = %v, want null", path, v)
			}
		}
		if got := r.Reports.TrendByOutcome; len(got) != 4 || got[0].Year != 2018 || got[3].Year != 2021 {
			t.Errorf("trend by outcome runs over %v", got)
		}
		if got := r.Reports.TrendByCategory; len(got) != 3 || got[0].Year != 2019 {
			t.Errorf("trend by category runs over %v, want from 2019, its first year with data", got)
		}
		found := 0
		for _, s := range r.Document(nil, "nl").Sections {
			for _, tb := range s.Tables {
				if slices.Contains(tb.Headers, "2019") && slices.Contains(tb.Headers, "2021") && len(tb.Rows) > 0 {
					found++
				}
			}
		}
		if found != 2 {
			t.Errorf("%d tables with the years side by side, want 2 (by outcome, by category)", found)
		}
	})
}

// TestDefect_TrendByCodeSuppression: with small counts hidden, no hidden
// count of a trend by code can be computed: not as a year's known total
// (the trend of reports, the report's totals, or the other split of the
// same year shown in full) minus the year's shown counts, and the report's
// own year hides in the trend what it hides in the table by code.
func TestDefect_TrendByCodeSuppression(t *testing.T) {
	st, orgID := smallCounts(t)
	if _, err := register.Import(context.Background(), st, store.CLI, orgID, map[string][]byte{
		"yearly_counts.csv": []byte("year,measure,code,count\n2023,reports,,9\n2023,reports_by_outcome,substantiated,6\n2023,reports_by_outcome,unsubstantiated,3\n" +
			"2022,reports_by_category,financial,7\n2022,reports_by_category,other,2\n2022,reports_by_outcome,substantiated,9\n"),
	}); err != nil {
		t.Fatal(err)
	}
	exact, _ := build(t, st, orgID, 2024, report.Options{})
	hidden, _ := build(t, st, orgID, 2024, report.Options{SuppressBelow: 5})
	trends := func(r *report.Report) [][]report.YearCodes {
		return [][]report.YearCodes{r.Reports.TrendByOutcome, r.Reports.TrendByCategory}
	}
	checked := 0
	for y := 2022; y <= 2024; y++ {
		var known []int
		for _, yc := range hidden.Reports.Trend {
			if yc.Year == y && yc.Count >= 0 {
				known = append(known, int(yc.Count))
			}
		}
		if y == 2024 {
			for _, c := range []report.Count{hidden.Reports.Allegations, hidden.Reports.Total} {
				if c >= 0 {
					known = append(known, int(c))
				}
			}
		}
		type split struct {
			shown  int
			secret []int
		}
		var splits []split
		for i, tr := range trends(hidden) {
			for j, yc := range tr {
				if yc.Year != y {
					continue
				}
				var s split
				for code, n := range yc.Counts {
					if n >= 0 {
						s.shown += int(n)
					} else {
						s.secret = append(s.secret, int(trends(exact)[i][j].Counts[code]))
					}
				}
				if len(s.secret) == 0 {
					known = append(known, s.shown)
				}
				splits = append(splits, s)
			}
		}
		for _, s := range splits {
			if len(s.secret) > 0 {
				checked++
			}
			if len(s.secret) != 1 {
				continue
			}
			for _, k := range known {
				if k-s.shown == s.secret[0] {
					t.Errorf("%d: the hidden %d is the known %d minus the shown %d", y, s.secret[0], k, s.shown)
				}
			}
		}
	}
	for code, n := range hidden.Reports.ByOutcome {
		last := hidden.Reports.TrendByOutcome[len(hidden.Reports.TrendByOutcome)-1]
		if (n < 0) != (last.Counts[code] < 0) {
			t.Errorf("outcome %s: %d in the table, %d in the trend's 2024", code, n, last.Counts[code])
		}
	}
	if hidden.Suppression == nil || hidden.Suppression.Count == 0 || checked == 0 {
		t.Fatalf("nothing hidden or checked: %+v, %d", hidden.Suppression, checked)
	}
}
