package report

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// YearCodes is one year of a trend split by code (an outcome, a category,
// an own label): the records' counts where the year has records (every
// code, zero included), else the imported counts (the codes the import
// gave), else zeros where the organisation stated the register held
// nothing, else unknown (source "none", counts null).
type YearCodes struct {
	Year   int              `json:"year"`
	Source string           `json:"source"` // as YearCount's
	Counts map[string]Count `json:"counts"`
}

// codeTrend is a trend by code up to year; see YearCodes. records says
// which years have records (their counts are in computed); it runs from
// the first year with records, an import or a statement to year.
func codeTrend(year int, codes []string, imported, computed map[int]map[string]int,
	records map[int]bool, stated map[int]bool) []YearCodes {
	first := year
	for _, ys := range []map[int]bool{records, stated} {
		for y, ok := range ys {
			if ok {
				first = min(first, y)
			}
		}
	}
	for y := range imported {
		first = min(first, y)
	}
	out := []YearCodes{}
	for y := first; y <= year; y++ {
		out = append(out, yearCodes(y, codes, imported, computed, records, stated))
	}
	return out
}

// yearCodes is one year of a trend by code; see YearCodes.
func yearCodes(y int, codes []string, imported, computed map[int]map[string]int, records, stated map[int]bool) YearCodes {
	var b builder
	switch {
	case records[y]:
		return YearCodes{Year: y, Source: "records", Counts: b.m(codes, computed[y])}
	case len(imported[y]) > 0:
		counts := map[string]Count{}
		for code, n := range imported[y] {
			counts[code] = Count(n)
		}
		return YearCodes{Year: y, Source: "imported", Counts: counts}
	case stated[y]:
		return YearCodes{Year: y, Source: "stated", Counts: b.m(codes, nil)}
	}
	return YearCodes{Year: y, Source: "none"}
}

// allegationYears counts the allegations of the reports received in each
// year with records, by outcome ("open" while open), by category and by
// own category (those without one not counted): the allegations of
// ReportFacts of each year, counted by the database
// (store.AllegationCountsByYear).
func allegationYears(ctx context.Context, st *store.Store, orgID int64, years map[int]int) (byOutcome, byCategory, byOwn map[int]map[string]int, err error) {
	byOutcome, byCategory, byOwn = map[int]map[string]int{}, map[int]map[string]int{}, map[int]map[string]int{}
	for y := range years {
		byOutcome[y], byCategory[y], byOwn[y] = map[string]int{}, map[string]int{}, map[string]int{}
	}
	// All years in one statement: one range of an index (the copies of
	// the reports' facts on the allegations, store migration 00042), so
	// the years are no longer split over two connections.
	counts, err := st.AllegationCountsByYear(ctx, orgID, slices.Sorted(maps.Keys(years)))
	if err != nil {
		return nil, nil, nil, err
	}
	for _, c := range counts {
		byCategory[c.Year][c.Category] += c.N
		if c.OwnLabel != "" {
			byOwn[c.Year][c.OwnLabel] += c.N
		}
		byOutcome[c.Year][cmp.Or(c.Outcome, "open")] += c.N
	}
	return byOutcome, byCategory, byOwn, nil
}

// yearCodeCounts are the report's own year's allegations by outcome
// ("open" while open), by category and by own category (those without one
// not counted), as buildReports counted them from the year's facts.
type yearCodeCounts struct {
	byOutcome, byCategory, byOwn map[string]int
}

// buildCodeTrends fills the reports' trends by outcome and by category:
// the imported years (yearly_counts.csv with a code) combined with the
// years of records. The report's own year is counted already (counted,
// from the facts Build read); the years before by the database (counts,
// startReads).
func buildCodeTrends(ctx context.Context, st *store.Store, rep *Reports, orgID int64, year int,
	counted yearCodeCounts, counts trendCounts, stated map[int]bool) error {
	records := map[int]bool{}
	for y, n := range counts.perYear {
		if n > 0 && y <= year {
			records[y] = true
		}
	}
	byOutcome, byCategory, byOwn := counts.byOutcome, counts.byCategory, counts.byOwn
	if records[year] {
		byOutcome[year], byCategory[year], byOwn[year] = counted.byOutcome, counted.byCategory, counted.byOwn
	}
	impOutcome, err := st.YearlyCodeCounts(ctx, orgID, store.YearlyReportsByOutcome)
	if err != nil {
		return err
	}
	impCategory, err := st.YearlyCodeCounts(ctx, orgID, store.YearlyReportsByCategory)
	if err != nil {
		return err
	}
	rep.TrendByOutcome = codeTrend(year, store.YearlyCodes(store.YearlyReportsByOutcome), impOutcome, byOutcome, records, stated)
	rep.TrendByCategory = codeTrend(year, store.YearlyCodes(store.YearlyReportsByCategory), impCategory, byCategory, records, stated)
	impOwn, err := st.YearlyCodeCounts(ctx, orgID, store.YearlyReportsByOwnLabel)
	if err != nil {
		return err
	}
	if len(rep.OwnCategories) > 0 || len(impOwn) > 0 {
		var labels []string
		for _, c := range rep.OwnCategories {
			labels = append(labels, c.Label)
		}
		rep.TrendByOwnLabel = codeTrend(year, labels, impOwn, byOwn, records, stated)
	}
	return nil
}

// codeTrendTable shows a trend by code with the years side by side: a row
// per code that any year counts, a column per year. A year the import did
// not give a code shows "–"; an unknown year "onbekend". Nil when the trend
// holds only the report's year (the table by code shows that).
func (l *layout) codeTrendTable(sheet, caption, head string, trend []YearCodes, codes []string, prefixes ...string) *Table {
	if len(trend) < 2 {
		return nil
	}
	t := &Table{Sheet: sheet, Caption: l.t(caption), Headers: []string{l.t(head)}}
	all := slices.Clone(codes)
	for _, y := range trend {
		t.Headers = append(t.Headers, strconv.Itoa(y.Year))
		for _, c := range slices.Sorted(maps.Keys(y.Counts)) {
			if !slices.Contains(all, c) {
				all = append(all, c)
			}
		}
	}
	absent := false
	for _, c := range all {
		row, counted := []string{l.label(c, prefixes...)}, false
		for _, y := range trend {
			n, ok := y.Counts[c]
			switch {
			case y.Source == "none":
				row = append(row, l.t("annual.unknown"))
			case !ok:
				row, absent = append(row, "–"), true
			default:
				row, counted = append(row, l.count(n)), counted || n != 0
			}
		}
		if counted {
			t.Rows = append(t.Rows, row)
		}
	}
	t.Note = l.trendNotes(absent, func(source string) bool {
		return slices.ContainsFunc(trend, func(y YearCodes) bool { return y.Source == source })
	})
	return t
}

// trendNotes explains the imported, unknown and absent cells of a trend.
func (l *layout) trendNotes(absent bool, has func(source string) bool) string {
	var notes []string
	if has("imported") {
		notes = append(notes, l.t("annual.trend_imported"))
	}
	if has("none") {
		notes = append(notes, l.t("annual.trend_unknown"))
	}
	if absent {
		notes = append(notes, l.t("annual.trend_code_absent"))
	}
	return strings.Join(notes, " ")
}

// codeTrendTables are the reports' trends by outcome, by category and by
// own category, for the years there are more than the report's own; the
// categories as the organisation chose to show them (categoryTables).
func (l *layout) codeTrendTables(rp *Reports) []Table {
	var out []Table
	own := len(rp.TrendByOwnLabel) > 0 && l.r.CategoryShows != domain.ShowNational
	national := !own || l.r.CategoryShows != domain.ShowOwn
	var byCategory, byOwn *Table
	if national {
		byCategory = l.codeTrendTable("Categorieën per jaar", "annual.cap.trend_by_category", "annual.col.category", rp.TrendByCategory,
			store.YearlyCodes(store.YearlyReportsByCategory), "case.category.")
	}
	if own {
		var labels []string
		for _, c := range rp.OwnCategories {
			labels = append(labels, c.Label)
		}
		byOwn = l.codeTrendTable("Eigen categorieën per jaar", "annual.cap.trend_by_own_label", "annual.col.own_label", rp.TrendByOwnLabel, labels)
	}
	for _, t := range []*Table{
		l.codeTrendTable("Uitkomsten per jaar", "annual.cap.trend_by_outcome", "annual.col.outcome", rp.TrendByOutcome,
			store.YearlyCodes(store.YearlyReportsByOutcome), "case.outcome.", "annual.outcome."),
		byCategory, byOwn,
	} {
		if t != nil {
			out = append(out, *t)
		}
	}
	return out
}

// trendRules are what the trends by code add to the suppression of small
// counts (suppress.go): a count of the report's year is the same figure as
// the year's table by code (hidden together), and each year's counts by
// outcome and by category are two splits of the same allegations, whose
// number the reader may know from a split shown in full or from a
// published figure of the same value (conservatively: any of the year's
// totals that is equal). A split with one hidden count and a known sum
// would give it away: another count is hidden with it.
type trendRules struct {
	same   [][2]string      // figures that are one number
	splits map[int][]split  // per year
	totals map[int][]string // per year: published figures that may be a split's sum
}

// split is one year's counts of one trend by code.
type split []string

func codeTrendRules(r *Report, figs map[string]figure) trendRules {
	tr := trendRules{splits: map[int][]split{}, totals: map[int][]string{}}
	if r.Reports == nil {
		return tr
	}
	for _, t := range []struct {
		path  string
		trend []YearCodes
		now   string
	}{
		{"reports.trend_by_outcome", r.Reports.TrendByOutcome, "reports.by_outcome."},
		{"reports.trend_by_category", r.Reports.TrendByCategory, "reports.by_category."},
		{"reports.trend_by_own_label", r.Reports.TrendByOwnLabel, "reports.by_own_label."},
	} {
		for _, y := range t.trend {
			prefix := t.path + "[" + strconv.Itoa(y.Year) + "].counts."
			var sp split
			for _, c := range slices.Sorted(maps.Keys(y.Counts)) {
				sp = append(sp, prefix+c)
				if _, ok := figs[t.now+c]; ok && y.Year == r.Year && y.Source == "records" {
					tr.same = append(tr.same, [2]string{prefix + c, t.now + c})
				}
			}
			if len(sp) > 0 {
				tr.splits[y.Year] = append(tr.splits[y.Year], sp)
			}
		}
	}
	for y := range tr.splits {
		tr.totals[y] = append(tr.totals[y], "reports.trend["+strconv.Itoa(y)+"]")
		if y == r.Year {
			tr.totals[y] = append(tr.totals[y], "reports.allegations", "reports.total")
		}
	}
	return tr
}

// apply hides what the rules ask for; it says whether it hid anything.
func (tr trendRules) apply(exact map[string]int, hidden map[string]bool) bool {
	changed := false
	hide := func(p string) {
		if !hidden[p] {
			hidden[p], changed = true, true
		}
	}
	for _, s := range tr.same {
		if hidden[s[0]] || hidden[s[1]] {
			hide(s[0])
			hide(s[1])
		}
	}
	for y, splits := range tr.splits {
		for i, sp := range splits {
			hid, shown, sum := sp.parts(exact, hidden)
			if len(hid) != 1 {
				continue
			}
			if src, known := tr.knownSum(y, i, sum, exact, hidden); known {
				if len(shown) > 0 {
					hide(shown[0])
				} else {
					hide(src)
				}
			}
		}
	}
	return changed
}

// parts are a split's hidden counts, its shown non-zero counts (smallest
// first) and its exact sum.
func (sp split) parts(exact map[string]int, hidden map[string]bool) (hid, shown []string, sum int) {
	for _, p := range sp {
		sum += exact[p]
		switch {
		case hidden[p]:
			hid = append(hid, p)
		case exact[p] > 0:
			shown = append(shown, p)
		}
	}
	slices.SortStableFunc(shown, func(a, b string) int { return exact[a] - exact[b] })
	return hid, shown, sum
}

// knownSum says whether the reader can know sum for year y other than from
// split i: a shown figure of that value, or another split shown in full
// with that sum; src is what to hide to make it unknown.
func (tr trendRules) knownSum(y, i, sum int, exact map[string]int, hidden map[string]bool) (src string, known bool) {
	for _, t := range tr.totals[y] {
		if v, ok := exact[t]; ok && v == sum && !hidden[t] {
			return t, true
		}
	}
	for j, other := range tr.splits[y] {
		if j == i {
			continue
		}
		hid, shown, s := other.parts(exact, hidden)
		if len(hid) == 0 && s == sum && len(shown) > 0 {
			return shown[0], true
		}
	}
	return "", false
}
