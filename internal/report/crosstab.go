package report

import (
	"slices"

	"github.com/integer-nl/integer/internal/domain"
)

// The cross-tables of the reports: the allegations of the year by the
// reporter's kind and category (Leidschendam-Voorburg: "of the residents'
// reports two were data leaks"), and by category and outcome. Each is
// keyed row code → column code → count, every code present, zero
// included; their margins are the tables by category and by outcome.

// crossCounts counts pairs of codes.
type crossCounts map[string]map[string]int

func (c crossCounts) add(row, col string) {
	if c[row] == nil {
		c[row] = map[string]int{}
	}
	c[row][col]++
}

// cross is a cross-table with every row and column code present.
func (b *builder) cross(rows, cols []string, counts crossCounts) map[string]map[string]Count {
	out := map[string]map[string]Count{}
	for _, r := range rows {
		out[r] = b.m(cols, counts[r])
	}
	for r, cs := range counts { // a code outside the list still counts
		if _, ok := out[r]; !ok && r != "" {
			out[r] = b.m(cols, cs)
		}
	}
	return out
}

// outcomeCodes are the outcomes of the report's tables: the list, then
// "open" for an allegation without one.
func outcomeCodes() []string { return append(domain.Strings(domain.Outcomes), "open") }

// crossGroups are the published sums of the cross-tables (see groups in
// suppress.go): each category's row or column adds up to the table by
// category, each outcome's column to the table by outcome.
func crossGroups() []group {
	var out []group
	for _, c := range domain.Strings(domain.Categories) {
		out = append(out,
			group{"reports.by_category." + c, []string{"reports.by_category_outcome." + c + ".*"}},
			group{"reports.by_category." + c, []string{"reports.by_reporter_kind_category.*." + c}})
	}
	for _, o := range outcomeCodes() {
		out = append(out, group{"reports.by_outcome." + o, []string{"reports.by_category_outcome.*." + o}})
	}
	return out
}

// crossTable shows a cross-table with a row per row code and a column per
// column code, leaving out rows and columns that count nothing.
func (l *layout) crossTable(sheet, caption, head string, rows, cols []string, counts map[string]map[string]Count,
	rowPrefixes, colPrefixes []string) (Table, bool) {
	used := func(r, c string) bool { return counts[r][c] != 0 }
	var rs, cs []string
	for _, r := range rows {
		if slices.ContainsFunc(cols, func(c string) bool { return used(r, c) }) {
			rs = append(rs, r)
		}
	}
	for _, c := range cols {
		if slices.ContainsFunc(rows, func(r string) bool { return used(r, c) }) {
			cs = append(cs, c)
		}
	}
	if len(rs) == 0 {
		return Table{}, false
	}
	t := Table{Sheet: sheet, Caption: l.t(caption), Headers: []string{l.t(head)}}
	for _, c := range cs {
		t.Headers = append(t.Headers, l.label(c, colPrefixes...))
	}
	for _, r := range rs {
		row := []string{l.label(r, rowPrefixes...)}
		for _, c := range cs {
			row = append(row, l.count(counts[r][c]))
		}
		t.Rows = append(t.Rows, row)
	}
	t.Note = l.t("annual.cross_note")
	return t, true
}

// crossTables are the reports' two cross-tables: categories down, the
// reporter's kinds and the outcomes across.
func (l *layout) crossTables(rp *Reports) []Table {
	var out []Table
	byKind := map[string]map[string]Count{} // category → kind, as shown
	for k, cats := range rp.ByReporterKindCategory {
		for c, n := range cats {
			if byKind[c] == nil {
				byKind[c] = map[string]Count{}
			}
			byKind[c][k] = n
		}
	}
	cats := domain.Strings(domain.Categories)
	if t, ok := l.crossTable("Categorie per melder", "annual.cap.category_by_reporter_kind", "annual.col.category",
		cats, domain.Strings(domain.ReporterKinds), byKind, []string{"case.category."}, []string{"case.kind."}); ok {
		out = append(out, t)
	}
	if t, ok := l.crossTable("Uitkomst per categorie", "annual.cap.category_by_outcome", "annual.col.category",
		cats, outcomeCodes(), rp.ByCategoryOutcome, []string{"case.category."}, []string{"case.outcome.", "annual.outcome."}); ok {
		out = append(out, t)
	}
	return out
}
