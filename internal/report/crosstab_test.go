package report_test

import (
	"testing"

	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_CrossTables: the report has the cross-tables published
// reports have (Leidschendam-Voorburg: "of the residents' reports 2 data
// leaks went to the data protection officer and 2 were unfounded"):
// allegations by the reporter's kind and category, and by category and
// outcome, in JSON and as tables.
func TestDefect_CrossTables(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		org := mustOrg(t, st, "kruisstad")
		insertReports(t, st, org.ID, []fact{
			{received: "2021-02-01", kind: "resident", categories: []string{"information_misuse"}, outcomes: []string{"referred"}, referred: "data_protection_officer"},
			{received: "2021-03-01", kind: "resident", categories: []string{"information_misuse"}, outcomes: []string{"referred"}, referred: "data_protection_officer"},
			{received: "2021-04-01", kind: "resident", categories: []string{"information_misuse", "abuse_of_authority"}, outcomes: []string{"unsubstantiated", "unsubstantiated"}},
			{received: "2021-05-01", kind: "employee", categories: []string{"financial"}},
		})
		r, doc := build(t, st, org.ID, 2021, report.Options{})
		want(t, doc, map[string]any{
			"reports.by_reporter_kind_category.resident.information_misuse":  3,
			"reports.by_reporter_kind_category.resident.abuse_of_authority":  1,
			"reports.by_reporter_kind_category.employee.financial":           1,
			"reports.by_reporter_kind_category.employee.information_misuse":  0,
			"reports.by_category_outcome.information_misuse.referred":        2,
			"reports.by_category_outcome.information_misuse.unsubstantiated": 1,
			"reports.by_category_outcome.abuse_of_authority.unsubstantiated": 1,
			"reports.by_category_outcome.financial.open":                     1,
			"reports.by_category_outcome.wrongdoing.substantiated":           0,
		})
		tables := map[string]report.Table{}
		for _, s := range r.Document(nil, "nl").Sections {
			for _, tb := range s.Tables {
				tables[tb.Caption] = tb
			}
		}
		kind, ok := tables["Vermoedelijke schendingen per categorie en soort melder"]
		if !ok || len(kind.Rows) != 3 || len(kind.Headers) != 3 {
			t.Fatalf("the table by category and reporter's kind: %+v", kind)
		}
		out, ok := tables["Uitkomsten per categorie"]
		if !ok || len(out.Rows) != 3 {
			t.Fatalf("the table by category and outcome: %+v", out)
		}
	})
}

// TestDefect_CrossTableSuppression: with small counts hidden, no row or
// column of a cross-table has exactly one hidden count while its sum is
// shown in the table by category or by outcome.
func TestDefect_CrossTableSuppression(t *testing.T) {
	st, orgID := smallCounts(t)
	exact, _ := build(t, st, orgID, 2024, report.Options{})
	hidden, _ := build(t, st, orgID, 2024, report.Options{SuppressBelow: 5})
	type line struct {
		sum    report.Count
		cells  []report.Count
		truths []report.Count
	}
	var lines []line
	h, e := hidden.Reports, exact.Reports
	for c, outs := range h.ByCategoryOutcome {
		l := line{sum: h.ByCategory[c]}
		for o, n := range outs {
			l.cells, l.truths = append(l.cells, n), append(l.truths, e.ByCategoryOutcome[c][o])
		}
		lines = append(lines, l)
	}
	for o, sum := range h.ByOutcome {
		l := line{sum: sum}
		for c := range h.ByCategoryOutcome {
			l.cells, l.truths = append(l.cells, h.ByCategoryOutcome[c][o]), append(l.truths, e.ByCategoryOutcome[c][o])
		}
		lines = append(lines, l)
	}
	for c, sum := range h.ByCategory {
		l := line{sum: sum}
		for k := range h.ByReporterKindCategory {
			l.cells, l.truths = append(l.cells, h.ByReporterKindCategory[k][c]), append(l.truths, e.ByReporterKindCategory[k][c])
		}
		lines = append(lines, l)
	}
	checked := 0
	for _, l := range lines {
		var shown int
		var secret []report.Count
		for i, n := range l.cells {
			if n < 0 {
				secret = append(secret, l.truths[i])
			} else {
				shown += int(n)
			}
		}
		if len(secret) > 0 {
			checked++
		}
		if len(secret) == 1 && l.sum >= 0 && int(l.sum)-shown == int(secret[0]) {
			t.Errorf("the hidden %d is the shown sum %d minus the shown %d", secret[0], l.sum, shown)
		}
	}
	if checked == 0 {
		t.Fatal("no cross-table line with a hidden count")
	}
}
