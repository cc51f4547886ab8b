package register

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/store"
)

// Problems is the error of an import that stored nothing: every problem
// found, by file (in the template's order) and row.
type Problems struct {
	List []RowProblem
}

func (p *Problems) Error() string {
	var lines []string
	for _, q := range p.List {
		lines = append(lines, q.String())
	}
	return strings.Join(lines, "\n")
}

// FileCount is what an import did with one file.
type FileCount struct {
	File     string
	Created  int
	Updated  int // including rows that were already so
	Replaced int // rows of an earlier import that this one replaced
	// Workbook and Sheet name the workbook's sheet the file was, if any.
	Workbook string
	Sheet    string
}

// Source is the file as the user knows it: "people.csv", or the workbook
// and its sheet ("registers.xlsx, tabblad people").
func (c FileCount) Source(cat *i18n.Catalog, lang string) string {
	return source(cat, lang, c.File, c.Workbook, c.Sheet)
}

// Result is what an import did, per file in the template's order.
type Result struct {
	Files []FileCount
}

// Count returns the count of a file (e.g. "reports.csv").
func (r *Result) Count(file string) FileCount {
	for _, f := range r.Files {
		if f.File == file {
			return f
		}
	}
	return FileCount{File: file}
}

// fieldColumns maps the domain's field names to the template's columns,
// per file, for errors the domain or the store gives.
var fieldColumns = map[string]map[string]string{
	PeopleFile:              {"position": "position_ref"},
	AllegationsFile:         {"note": "outcome_note"},
	AdviserCasesFile:        {"opened": "opened_on", "closed": "closed_on"},
	AggressionIncidentsFile: {"occurred_on": "date"},
	OutsideActivitiesFile:   {"person": "person_ref", "position": "position_ref", "reported_on": "start_on"},
	GiftsFile:               {"offered_on": "date", "value": "value_eur", "person": "recipient_ref"},
	ActivitiesFile:          {"audiences": "audience"},
	ActionsFile:             {"from": "planned_from", "until": "planned_until", "reason": "status_reason"},
	VulnerablePositionsFile: {"last_review": "last_review_on", "next_review": "next_review_on"},
}

// Import reads the register template's files, by name (reports.csv, …, or
// the sheet names without .csv; a workbook among them is read sheet by
// sheet) and stores them all or nothing in one transaction. When anything
// is wrong nothing is stored and the error is a *Problems naming every
// problem's file, row and column. Another error is the database's.
func Import(ctx context.Context, st *store.Store, actor store.Actor, orgID int64, files map[string][]byte) (*Result, error) {
	byName := map[string][]byte{}
	inSheet := map[string]RowProblem{} // a file that is a workbook's sheet: where it is
	var problems []RowProblem
	for name, data := range files {
		if bytes.HasPrefix(data, []byte("PK\x03\x04")) || strings.HasSuffix(strings.ToLower(name), ".xlsx") {
			workbook := path.Base(name)
			sheets, err := readWorkbook(data)
			var limit *limitError
			if errors.As(err, &limit) {
				problems = append(problems, limit.problem(workbook))
				continue
			}
			if err != nil {
				problems = append(problems, newProblem(workbook, 0, "", "err.import_workbook_unreadable"))
				continue
			}
			for _, s := range sheets {
				key := strings.ToLower(strings.TrimSpace(s.name))
				if f, ok := TemplateFile(key); ok {
					byName[f.Name] = s.csv
					inSheet[f.Name] = RowProblem{Workbook: workbook, Sheet: s.name}
				} else if key != uitlegSheet {
					p := newProblem(s.name, 0, "", "err.import_sheet_unknown", sheetNames())
					p.Workbook, p.Sheet = workbook, s.name
					problems = append(problems, p)
				}
			}
			continue
		}
		f, ok := TemplateFile(path.Base(name))
		if !ok {
			problems = append(problems, newProblem(path.Base(name), 0, "", "err.import_file_unknown", templateNames()))
			continue
		}
		if _, twice := byName[f.Name]; twice {
			problems = append(problems, newProblem(f.Name, 0, "", "err.import_file_twice"))
			continue
		}
		byName[f.Name] = data
	}
	if len(byName) == 0 && len(problems) == 0 {
		problems = append(problems, newProblem("", 0, "", "err.import_no_files", templateNames()))
	}
	now := st.Now()
	set := &store.ImportSet{}
	rows := map[string][]int{} // spreadsheet rows per file
	for _, f := range Template {
		data, ok := byName[f.Name]
		if !ok {
			continue
		}
		switch f.Name {
		case PeopleFile:
			pf, err := ReadPeople(bytes.NewReader(data))
			if err != nil {
				return nil, err
			}
			problems = append(problems, pf.Problems...)
			set.Register.People, set.Register.PositionRefs, set.Register.PeopleColumns = pf.People, pf.PositionRefs, pf.Columns
			rows[f.Name] = pf.Rows
		case PositionsFile:
			pf, err := ReadPositions(bytes.NewReader(data))
			if err != nil {
				return nil, err
			}
			problems = append(problems, pf.Problems...)
			set.Register.Positions, set.Register.PositionColumns = pf.Positions, pf.Columns
			rows[f.Name] = pf.Rows
		default:
			parse := parsers[f.Name]
			p, err := readRows(data, f, func(n int) { growList(set, f.Name, n) }, func(c *cells) { parse(c, f, set, now) })
			if err != nil {
				return nil, err
			}
			problems = append(problems, p.problems...)
			rows[f.Name] = p.rows
		}
	}
	keys, err := st.ImportKeys(ctx, orgID)
	if err != nil {
		return nil, err
	}
	problems = append(problems, checkReferences(set, rows, keys)...)
	if len(problems) > 0 {
		return nil, &Problems{List: sortProblems(placed(problems, inSheet))}
	}
	counts, err := st.ImportTemplate(ctx, actor, orgID, set)
	var rowErr *store.RowError
	if errors.As(err, &rowErr) {
		if p, ok := storeProblem(rowErr, rows); ok {
			return nil, &Problems{List: placed([]RowProblem{p}, inSheet)}
		}
	}
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for _, f := range Template {
		if _, ok := byName[f.Name]; !ok {
			continue
		}
		c := counts.Lists[f.Sheet()]
		at := inSheet[f.Name]
		res.Files = append(res.Files, FileCount{File: f.Name, Created: c.Created, Updated: c.Updated, Replaced: c.Replaced,
			Workbook: at.Workbook, Sheet: at.Sheet})
	}
	return res, nil
}

// growList makes room for n rows in the set's list of the file, for the
// lists that reach the row limit in practice (a register of reports).
func growList(set *store.ImportSet, file string, n int) {
	switch file {
	case ReportsFile:
		set.Reports = slices.Grow(set.Reports, n)
	case AllegationsFile:
		set.Allegations = slices.Grow(set.Allegations, n)
	}
}

// placed names the workbook and sheet of each problem in a file that was a
// workbook's sheet.
func placed(ps []RowProblem, inSheet map[string]RowProblem) []RowProblem {
	for i, p := range ps {
		if at, ok := inSheet[p.File]; ok && p.Workbook == "" {
			ps[i].Workbook, ps[i].Sheet = at.Workbook, at.Sheet
		}
	}
	return ps
}

// sheetNames are the template's sheets, as a workbook names them.
func sheetNames() string {
	var out []string
	for _, f := range Template {
		out = append(out, f.Sheet())
	}
	return strings.Join(out, ", ")
}

func templateNames() string {
	var out []string
	for _, f := range Template {
		out = append(out, f.Name)
	}
	return strings.Join(out, ", ")
}

// checkReferences finds the refs that name nothing, and refs twice in a
// file: every one, before anything is stored.
func checkReferences(set *store.ImportSet, rows map[string][]int, keys *store.ImportKeys) []RowProblem {
	var out []RowProblem
	at := func(file string, i int) int {
		if r := rows[file]; i < len(r) {
			return r[i]
		}
		return 0
	}
	reports := map[string]int{}
	for i, r := range set.Reports {
		if r.Ref == "" {
			continue
		}
		if first, ok := reports[r.Ref]; ok {
			out = append(out, newProblem(ReportsFile, at(ReportsFile, i), "ref", "err.import_ref_twice", r.Ref, first))
			continue
		}
		reports[r.Ref] = at(ReportsFile, i)
	}
	for i, a := range set.Allegations {
		_, inFile := reports[a.ReportRef]
		switch {
		case a.ReportRef == "":
		case !inFile && !keys.Reports[a.ReportRef]:
			out = append(out, newProblem(AllegationsFile, at(AllegationsFile, i), "report_ref", "err.import_report_unknown", a.ReportRef))
		case !inFile && strings.TrimSpace(a.Allegation.OutcomeNote) != "":
			out = append(out, newProblem(AllegationsFile, at(AllegationsFile, i), "outcome_note", "err.import_note_without_report", a.ReportRef))
		}
	}
	out = append(out, checkOwnLabels(set, at, keys)...)
	facts := map[store.OrganisationFact]int{} // year and measure → first row
	for i, f := range set.OrganisationFacts {
		if f.Year == 0 || f.Measure == "" {
			continue
		}
		k := store.OrganisationFact{Year: f.Year, Measure: f.Measure}
		if first, ok := facts[k]; ok {
			out = append(out, newProblem(OrganisationFactsFile, at(OrganisationFactsFile, i), "measure", "err.import_org_fact_twice", f.Year, first))
			continue
		}
		facts[k] = at(OrganisationFactsFile, i)
	}
	cases := map[string]int{}
	for i, c := range set.AdviserCases {
		if c.Case.Ref == "" {
			continue
		}
		if first, ok := cases[c.Case.Ref]; ok {
			out = append(out, newProblem(AdviserCasesFile, at(AdviserCasesFile, i), "ref", "err.import_ref_twice", c.Case.Ref, first))
			continue
		}
		cases[c.Case.Ref] = at(AdviserCasesFile, i)
	}
	for i, c := range set.AdviserContacts {
		if _, ok := cases[c.CaseRef]; c.CaseRef != "" && !ok && !keys.AdviserCases[c.CaseRef] {
			out = append(out, newProblem(AdviserContactsFile, at(AdviserContactsFile, i), "case_ref", "err.import_case_unknown", c.CaseRef, c.Adviser))
		}
	}
	people := map[string]bool{}
	for _, p := range set.Register.People {
		people[strings.TrimSpace(p.Ref)] = true
	}
	positions := map[string]bool{}
	for _, p := range set.Register.Positions {
		positions[strings.TrimSpace(p.Ref)] = true
	}
	for i, ref := range set.Register.PositionRefs {
		if ref != "" && !positions[ref] && !keys.Positions[ref] {
			out = append(out, newProblem(PeopleFile, at(PeopleFile, i), "position_ref", "err.position_unknown", ref))
		}
	}
	for i, o := range set.OutsideActivities {
		if o.PersonRef != "" && !people[o.PersonRef] && !keys.People[o.PersonRef] {
			out = append(out, newProblem(OutsideActivitiesFile, at(OutsideActivitiesFile, i), "person_ref", "err.import_person_unknown", o.PersonRef))
		}
		if o.PositionRef != "" && !positions[o.PositionRef] && !keys.Positions[o.PositionRef] {
			out = append(out, newProblem(OutsideActivitiesFile, at(OutsideActivitiesFile, i), "position_ref", "err.position_unknown", o.PositionRef))
		}
	}
	for i, g := range set.Gifts {
		if g.RecipientRef != "" && !people[g.RecipientRef] && !keys.People[g.RecipientRef] {
			out = append(out, newProblem(GiftsFile, at(GiftsFile, i), "recipient_ref", "err.import_person_unknown", g.RecipientRef))
		}
	}
	out = append(out, checkPrevention(set, at, positions, keys)...)
	return out
}

// sortProblems orders problems by the template's files, then by row,
// keeping the order of a row's problems.
func sortProblems(ps []RowProblem) []RowProblem {
	order := func(file string) int {
		if i := slices.IndexFunc(Template, func(f File) bool { return f.Name == file }); i >= 0 {
			return i
		}
		return -1
	}
	slices.SortStableFunc(ps, func(a, b RowProblem) int {
		return cmp.Or(cmp.Compare(order(a.File), order(b.File)), cmp.Compare(a.Row, b.Row))
	})
	return ps
}

// storeProblem maps a store's row error to its file, row and column.
func storeProblem(e *store.RowError, rows map[string][]int) (RowProblem, bool) {
	de := domain.AsError(e.Err)
	if de == nil || (de.Code != domain.EINVALID && de.Code != domain.ECONFLICT) {
		return RowProblem{}, false
	}
	file := e.List + ".csv"
	column := de.Field
	if m, ok := fieldColumns[file][column]; ok {
		column = m
	}
	row := 0
	if r := rows[file]; e.Index >= 0 && e.Index < len(r) {
		row = r[e.Index]
	}
	return newProblem(file, row, column, de.Key, de.Args...), true
}

// checkOwnLabels finds the own categories named twice in own_categories.csv
// (up to case and spaces), and the allegations whose own_label names none
// (of the file or known before) or whose category is not its type; an
// allegation with an own_label and no category takes its type.
func checkOwnLabels(set *store.ImportSet, at func(string, int) int, keys *store.ImportKeys) []RowProblem {
	var out []RowProblem
	types := maps.Clone(keys.OwnCategories)
	first := map[string]int{}
	for i, o := range set.OwnCategories {
		k := domain.OwnCategoryKey(o.Label)
		if k == "" {
			continue
		}
		if row, ok := first[k]; ok {
			out = append(out, newProblem(OwnCategoriesFile, at(OwnCategoriesFile, i), "label", "err.import_ref_twice", o.Label, row))
			continue
		}
		first[k] = at(OwnCategoriesFile, i)
		types[k] = o.Category
	}
	for i := range set.Allegations {
		a := &set.Allegations[i].Allegation
		if a.OwnLabel == "" {
			continue
		}
		t, ok := types[domain.OwnCategoryKey(a.OwnLabel)]
		switch {
		case !ok:
			out = append(out, newProblem(AllegationsFile, at(AllegationsFile, i), "own_label", "err.import_own_label_unknown", a.OwnLabel))
		case a.Category == "":
			a.Category = t
		case a.Category != t:
			out = append(out, newProblem(AllegationsFile, at(AllegationsFile, i), "category", "err.own_category_mismatch", a.OwnLabel))
		}
	}
	return out
}
