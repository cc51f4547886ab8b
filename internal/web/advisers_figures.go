package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The yearly figures of the confidential advisers, in the shape of the
// tables of an annual report (Helmond's "Jaarverslag Vertrouwenspersonen"):
// an adviser's own, and for the controller those of every adviser, per kind
// of adviser, with small counts hidden unless the organisation publishes
// them. Hours are never hidden; counts are.

// figTable is one table of figures, ready to show and to export.
type figTable struct {
	ID, Caption string
	RowHead     string   // the first column's header
	Head        []string // the other columns' headers
	Rows        []figRow
}

// figRow is a row of a figTable: a label and its cells.
type figRow struct {
	Label string
	Cells []string
	Total bool
}

// figColumn is one column of figures: an adviser's own, a kind of adviser,
// or every adviser.
type figColumn struct {
	Label string
	F     domain.AdviserFigures
}

// figLine is one counted line of a table: a label and how to count it in a
// column's figures.
type figLine struct {
	Label string
	Count func(f domain.AdviserFigures) int
}

// figSuppression says how counts are hidden: min 0 shows them all. With
// sumColumn the last column adds up the others (every adviser = internal +
// external), so hiding one cell of a row hides another.
type figSuppression struct {
	min       int
	sumColumn bool
}

// Cell states of a count.
const (
	figShown = iota
	figSmall // 1 … min-1
	figOther // hidden so that a small one cannot be worked out
)

// figGrid is a table of counts being suppressed.
type figGrid struct {
	n     [][]int
	state [][]int
}

func newFigGrid(n [][]int) *figGrid {
	g := &figGrid{n: n, state: make([][]int, len(n))}
	for i := range n {
		g.state[i] = make([]int, len(n[i]))
	}
	return g
}

// suppress hides the counts from 1 to min-1, and then, as long as some sum
// (a row when the last column is the sum of the others; a column when the
// last row, the total, is the sum of the others) has exactly one hidden
// cell, one more cell of it: the one hidden count could be worked out from
// the sum otherwise. Zeros stay shown: they identify nobody.
func (g *figGrid) suppress(min int, sumColumn, totalRow bool) {
	for i, row := range g.n {
		for j, v := range row {
			if v > 0 && v < min {
				g.state[i][j] = figSmall
			}
		}
	}
	for changed := true; changed; {
		changed = false
		if sumColumn {
			for i := range g.n {
				cells := make([][2]int, len(g.n[i]))
				for j := range cells {
					cells[j] = [2]int{i, j}
				}
				changed = g.hideSecond(cells) || changed
			}
		}
		if totalRow && len(g.n) > 0 {
			for j := range g.n[0] {
				cells := make([][2]int, len(g.n))
				for i := range cells {
					cells[i] = [2]int{i, j}
				}
				changed = g.hideSecond(cells) || changed
			}
		}
	}
}

// hideSecond hides a second cell of a sum that has exactly one hidden: the
// smallest non-zero part still shown, else the sum itself (the last cell),
// so that the sum of every adviser and the totals stay in sight where they
// can.
func (g *figGrid) hideSecond(cells [][2]int) bool {
	hidden := 0
	for _, c := range cells {
		if g.state[c[0]][c[1]] != figShown {
			hidden++
		}
	}
	if hidden != 1 {
		return false
	}
	pick := -1
	for k, c := range cells[:len(cells)-1] {
		v := g.n[c[0]][c[1]]
		if g.state[c[0]][c[1]] == figShown && v > 0 && (pick < 0 || v < g.n[cells[pick][0]][cells[pick][1]]) {
			pick = k
		}
	}
	if last := cells[len(cells)-1]; pick < 0 && g.state[last[0]][last[1]] == figShown {
		pick = len(cells) - 1
	}
	if pick < 0 {
		return false
	}
	c := cells[pick]
	g.state[c[0]][c[1]] = figOther
	return true
}

func (g *figGrid) text(i, j, min int) string {
	switch g.state[i][j] {
	case figSmall:
		return "< " + strconv.Itoa(min)
	case figOther:
		return "×"
	}
	return strconv.Itoa(g.n[i][j])
}

// figCountTable builds a table of counts, one value per column; with total a
// total row adds up the lines.
func figCountTable(id, caption, rowHead string, cols []figColumn, lines []figLine, total bool, totalLabel string, sup figSuppression) figTable {
	t := figTable{ID: id, Caption: caption, RowHead: rowHead}
	for _, c := range cols {
		t.Head = append(t.Head, c.Label)
	}
	g := newFigGrid(figCountGrid(cols, lines, total))
	g.suppress(sup.min, sup.sumColumn, total)
	for i, l := range lines {
		t.Rows = append(t.Rows, figRow{Label: l.Label, Cells: g.rowText(i, sup.min)})
	}
	if total {
		t.Rows = append(t.Rows, figRow{Label: totalLabel, Cells: g.rowText(len(lines), sup.min), Total: true})
	}
	return t
}

// figCountGrid counts the lines in each column, with a total row when asked.
func figCountGrid(cols []figColumn, lines []figLine, total bool) [][]int {
	n := make([][]int, 0, len(lines)+1)
	for _, l := range lines {
		row := make([]int, len(cols))
		for j, c := range cols {
			row[j] = l.Count(c.F)
		}
		n = append(n, row)
	}
	if total {
		sum := make([]int, len(cols))
		for _, row := range n {
			for j, v := range row {
				sum[j] += v
			}
		}
		n = append(n, sum)
	}
	return n
}

func (g *figGrid) rowText(i, min int) []string {
	out := make([]string, len(g.n[i]))
	for j := range out {
		out[j] = g.text(i, j, min)
	}
	return out
}

// adviserFigureTables builds the tables of the annual report from the columns.
func (s *Server) adviserFigureTables(lang string, cols []figColumn, sup figSuppression) []figTable {
	T := func(key string, args ...any) string { return s.cat.T(lang, key, args...) }
	count := T("advisers.col_count")
	var tables []figTable

	// First contacts, with the years before.
	var trend []figLine
	for k, yc := range cols[0].F.FirstContactsTrend {
		trend = append(trend, figLine{Label: strconv.Itoa(yc.Year), Count: func(f domain.AdviserFigures) int {
			if k < len(f.FirstContactsTrend) {
				return f.FirstContactsTrend[k].Count
			}
			return 0
		}})
	}
	tables = append(tables, figCountTable("first-contacts", T("advisers.t_first_contacts"), T("advisers.col_year"), cols, trend, false, "", sup))
	tables = append(tables, figCountTable("cases", T("advisers.t_cases"), T("advisers.col_what"), cols,
		[]figLine{{T("advisers.cases"), func(f domain.AdviserFigures) int { return f.Cases }}}, false, "", sup))

	var formal []figLine
	for _, k := range domain.AdviserFormalReports[1:] {
		formal = append(formal, figLine{T("advisers.formal." + string(k)), func(f domain.AdviserFigures) int { return f.FormalReports[string(k)] }})
	}
	tables = append(tables, figCountTable("formal-reports", T("advisers.t_formal_reports"), T("advisers.col_what"), cols, formal, true, T("advisers.total"), sup))
	tables = append(tables, s.adviserContactTables(lang, cols, sup)...)
	tables = append(tables, s.adviserActivityTable(lang, cols))

	// The kinds of issue: conduct, then integrity (the national typology).
	var conduct, integrity []figLine
	for _, k := range domain.AdviserConductKinds {
		conduct = append(conduct, figLine{T("adviser.issue." + string(k)), func(f domain.AdviserFigures) int { return f.IssueKinds[string(k)] }})
	}
	for _, k := range domain.AdviserIntegrityKinds() {
		integrity = append(integrity, figLine{T("case.category." + k), func(f domain.AdviserFigures) int { return f.IssueKinds[k] }})
	}
	tables = append(tables,
		figCountTable("issue-conduct", T("advisers.t_issue_conduct"), T("advisers.col_issue"), cols, conduct, true, T("advisers.subtotal"), sup),
		figCountTable("issue-integrity", T("advisers.t_issue_integrity"), T("advisers.col_issue"), cols, integrity, true, T("advisers.subtotal"), sup))
	var relations []figLine
	for _, k := range domain.AdviserRelations {
		relations = append(relations, figLine{T("adviser.relation." + string(k)), func(f domain.AdviserFigures) int { return f.Relations[string(k)] }})
	}
	tables = append(tables, figCountTable("relations", T("advisers.t_relations"), T("advisers.col_relation"), cols, relations, false, "", sup))
	if len(cols) == 1 { // one adviser's own figures: plain headers
		for i := range tables {
			switch tables[i].ID {
			case "contacts":
			case "activities":
				tables[i].Head = []string{T("advisers.col_hours")}
			default:
				tables[i].Head = []string{count}
			}
		}
	}
	return tables
}

// adviserContactTables count contacts per kind with their hours. For one
// column (an adviser's own figures) that is one table in the annual
// report's shape, count and hours side by side; for several (the kinds of
// adviser) a table of counts, which may be hidden, and one of hours, which
// never are, so that each stays narrow enough for a phone.
func (s *Server) adviserContactTables(lang string, cols []figColumn, sup figSuppression) []figTable {
	T := func(key string, args ...any) string { return s.cat.T(lang, key, args...) }
	var lines []figLine
	for _, k := range domain.AdviserContactKinds {
		lines = append(lines, figLine{T("advisers.contact." + string(k)), func(f domain.AdviserFigures) int { return f.Contacts[string(k)].Count }})
	}
	g := newFigGrid(figCountGrid(cols, lines, true))
	g.suppress(sup.min, sup.sumColumn, true)
	hoursOf := func(c figColumn, i int) string {
		if i == len(lines) {
			return adviserHours(c.F.ContactTotal().Hours, lang)
		}
		return adviserHours(c.F.Contacts[string(domain.AdviserContactKinds[i])].Hours, lang)
	}
	counts := figTable{ID: "contacts", Caption: T("advisers.t_contacts"), RowHead: T("advisers.col_contact")}
	hoursT := figTable{ID: "contact-hours", Caption: T("advisers.t_contact_hours"), RowHead: T("advisers.col_contact")}
	for _, c := range cols {
		counts.Head = append(counts.Head, c.Label)
		hoursT.Head = append(hoursT.Head, c.Label)
	}
	for i := 0; i <= len(lines); i++ {
		row := figRow{Label: T("advisers.total"), Total: i == len(lines)}
		if !row.Total {
			row.Label = lines[i].Label
		}
		hrow := row
		row.Cells, hrow.Cells = nil, nil
		for j, c := range cols {
			row.Cells = append(row.Cells, g.text(i, j, sup.min))
			hrow.Cells = append(hrow.Cells, hoursOf(c, i))
		}
		if len(cols) == 1 {
			row.Cells = append(row.Cells, hrow.Cells...)
		}
		counts.Rows, hoursT.Rows = append(counts.Rows, row), append(hoursT.Rows, hrow)
	}
	if len(cols) == 1 {
		counts.Head = []string{T("advisers.col_times"), T("advisers.col_hours")}
		return []figTable{counts}
	}
	counts.Caption = T("advisers.t_contact_counts")
	return []figTable{counts, hoursT}
}

// adviserActivityTable shows the hours of other activities: never hidden.
func (s *Server) adviserActivityTable(lang string, cols []figColumn) figTable {
	T := func(key string, args ...any) string { return s.cat.T(lang, key, args...) }
	t := figTable{ID: "activities", Caption: T("advisers.t_activities"), RowHead: T("advisers.col_activity")}
	for _, c := range cols {
		t.Head = append(t.Head, c.Label)
	}
	for _, k := range domain.AdviserActivityKinds {
		row := figRow{Label: T("advisers.activity." + string(k))}
		for _, c := range cols {
			row.Cells = append(row.Cells, adviserHours(c.F.ActivityHours[string(k)], lang))
		}
		t.Rows = append(t.Rows, row)
	}
	total := figRow{Label: T("advisers.total"), Total: true}
	for _, c := range cols {
		total.Cells = append(total.Cells, adviserHours(c.F.ActivityTotal(), lang))
	}
	t.Rows = append(t.Rows, total)
	if len(cols) > 1 {
		t.Caption = T("advisers.t_activity_hours")
	}
	return t
}

// adviserExportFigures writes the tables as one list: table, line, column, value.
func (s *Server) adviserExportFigures(w http.ResponseWriter, r *http.Request, format, name, what string, tables []figTable) error {
	rs := state(r)
	T := func(key string) string { return s.cat.T(rs.lang, key) }
	t := table{Name: name, Title: T("advisers.export_sheet"),
		Headers: []string{T("advisers.export_table"), T("advisers.export_line"), T("advisers.export_column"), T("advisers.export_value")}}
	for _, ft := range tables {
		for _, row := range ft.Rows {
			for j, cell := range row.Cells {
				t.Rows = append(t.Rows, []any{ft.Caption, row.Label, ft.Head[j], numberCell(cell)})
			}
		}
	}
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID), "adviser.export", what, "", format+" "+name); err != nil {
		return err
	}
	return s.export(w, format, t)
}

type adviserFiguresPage struct {
	Year     int
	Years    []option
	Tables   []figTable
	Query    string
	Notice   string
	Settings domain.AdviserSettings
	Form     *form // the controller's settings
	Hidden   bool  // some count is hidden
}

// adviserYear is the adviser's own yearly overview, in the shape of the
// annual report's tables; nothing is hidden from its own author.
func (s *Server) adviserYear(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	lang := a.rs.lang
	year := s.adviserQueryYear(r, domain.ThisYear(s.store.Now()))
	f, err := s.store.AdviserOwnFigures(r.Context(), a.orgID, a.me, year)
	if err != nil {
		return err
	}
	tables := s.adviserFigureTables(lang, []figColumn{{Label: s.cat.T(lang, "advisers.col_count"), F: f}}, figSuppression{})
	if format := exportFormat(r); format != "" {
		return s.adviserExportFigures(w, r, format, "vertrouwenspersoon-jaaroverzicht-"+strconv.Itoa(year), "adviser_year", tables)
	}
	years, err := s.adviserYears(r, a.me, year, false)
	if err != nil {
		return err
	}
	p := adviserFiguresPage{Year: year, Years: years, Tables: tables, Query: "year=" + strconv.Itoa(year)}
	s.render(w, r, http.StatusOK, "adviser_year", s.cat.T(lang, "adviser.year_title", year), p)
	return nil
}

// advisersOverview shows the controller the figures of every adviser of a
// year, per kind of adviser and together, with the organisation's rule on
// small counts; ?format=csv|xlsx exports the same tables.
func (s *Server) advisersOverview(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdvisersOverview(w, r, http.StatusOK, nil)
}

func (s *Server) renderAdvisersOverview(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	rs := state(r)
	ctx, lang := r.Context(), rs.lang
	year := s.adviserQueryYear(r, domain.ThisYear(s.store.Now()))
	if f != nil {
		if y, err := strconv.Atoi(f.Values.Get("year")); err == nil && y >= domain.RecordFirstYear && y <= domain.ThisYear(s.store.Now())+1 {
			year = y
		}
	}
	settings, err := s.store.AdviserSettings(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	all, byKind, err := s.store.AdviserOverview(ctx, rs.org.ID, year)
	if err != nil {
		return err
	}
	var cols []figColumn
	for _, k := range append(slices.Clone(domain.AdviserKinds), "unset") {
		if fk, ok := byKind[string(k)]; ok {
			cols = append(cols, figColumn{Label: s.cat.T(lang, "advisers.kind_col."+string(k)), F: fk})
		}
	}
	cols = append(cols, figColumn{Label: s.cat.T(lang, "advisers.kind_col.all"), F: all})
	sup := figSuppression{min: settings.MinCell, sumColumn: true}
	if settings.PublishSmallNumbers {
		sup.min = 0
	}
	tables := s.adviserFigureTables(lang, cols, sup)
	if format := exportFormat(r); format != "" && r.Method == http.MethodGet {
		return s.adviserExportFigures(w, r, format, "vertrouwenspersonen-"+strconv.Itoa(year), "adviser_figures", tables)
	}
	years, err := s.adviserYears(r, 0, year, false)
	if err != nil {
		return err
	}
	if f == nil {
		f = adviserEmptyForm()
		f.Values.Set("min_cell", strconv.Itoa(settings.MinCell))
		if settings.PublishSmallNumbers {
			f.Values.Set("publish_small_numbers", "1")
		}
	}
	p := adviserFiguresPage{Year: year, Years: years, Tables: tables, Settings: settings, Form: f,
		Query: "year=" + strconv.Itoa(year), Notice: s.adviserNotice(r, "advisers.done_")}
	for _, t := range tables {
		for _, row := range t.Rows {
			for _, c := range row.Cells {
				if c == "×" || (len(c) > 2 && c[:2] == "< ") {
					p.Hidden = true
				}
			}
		}
	}
	s.render(w, r, status, "advisers", s.cat.T(lang, "advisers.title", year), p)
	return nil
}

// setAdviserSettings records the organisation's decision on small counts
// (the controller's, audited by the store).
func (s *Server) setAdviserSettings(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	st := domain.AdviserSettings{PublishSmallNumbers: f.Values.Get("publish_small_numbers") == "1"}
	var err error
	if st.MinCell, err = strconv.Atoi(f.Values.Get("min_cell")); err != nil {
		err = domain.FieldError("min_cell", "err.adviser_min_cell", domain.AdviserMinCellLowest, domain.AdviserMinCellHighest)
	} else {
		err = s.store.SetAdviserSettings(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, st)
	}
	if err != nil {
		if !s.fail(f, rs.lang, err) {
			return err
		}
		return s.renderAdvisersOverview(w, r, http.StatusBadRequest, f)
	}
	year := strconv.Itoa(domain.ThisYear(s.store.Now()))
	if y, err := strconv.Atoi(f.Values.Get("year")); err == nil && y >= domain.RecordFirstYear && y <= domain.ThisYear(s.store.Now())+1 {
		year = strconv.Itoa(y)
	}
	s.redirect(w, r, s.orgURL(rs.org, "advisers?year="+year+"&done=settings"))
	return nil
}
