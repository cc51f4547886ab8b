package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The people register (HR): employees, hired staff, interns and office
// holders with their onboarding items (VOG, oath or affirmation,
// declarations, introduction training), the positions they hold, a
// compliance view of who lacks what, and the bulk import of the HR system's
// export. Nothing here is sealed: it is HR's own administration.

type peopleListPage struct {
	Rows        []personRow
	Departments []option
	Employments []option
	Positions   []option
	Statuses    []option
	Gaps        []option
	Sorts       []option
	Search      string
	Notice      string
	ExportCSV   string
	ExportXLS   string
}

// personRow is one person as the list shows them.
type personRow struct {
	P          *domain.Person
	Label      string // the name, or the ref when the name is unknown
	Employment string
	Position   string
	Missing    []string // the labels of the items owed and lacking
	Left       bool
}

// peopleQuery is the list's filter as read from the query.
type peopleQuery struct {
	store.PeopleFilter
	Status string
}

// peopleFilter reads the list's filters from the query; anything unknown
// is ignored.
func peopleFilter(q url.Values, departments []string) peopleQuery {
	f := peopleQuery{PeopleFilter: store.PeopleFilter{Department: q.Get("department"), Employment: q.Get("employment"),
		Gaps: q.Get("gaps") == string(domain.YesNoYes), Search: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort")}, Status: q.Get("status")}
	if !slices.Contains(departments, f.Department) {
		f.Department = ""
	}
	if !slices.Contains(domain.Employments, domain.Employment(f.Employment)) {
		f.Employment = ""
	}
	if id, err := strconv.ParseInt(q.Get("position"), 10, 64); err == nil && id > 0 {
		f.PositionID = id
	}
	if !slices.Contains(domain.PeopleStatuses, domain.PeopleStatus(f.Status)) {
		f.Status = string(domain.PeopleStatusCurrent)
	}
	f.Current, f.Left = f.Status == string(domain.PeopleStatusCurrent), f.Status == string(domain.PeopleStatusLeft)
	if !slices.Contains(store.PeopleSorts, f.Sort) {
		f.Sort = "name"
	}
	if len(f.Search) > 100 {
		f.Search = f.Search[:100]
	}
	return f
}

// personName names a person: their name, else their HR number.
func personName(p *domain.Person) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Ref
}

// positionTitles maps the organisation's positions by ID to their titles.
func positionTitles(list []*domain.Position) map[int64]string {
	out := map[int64]string{}
	for _, p := range list {
		out[p.ID] = p.Title
	}
	return out
}

// departmentOptions lists "every department" and the departments.
func (s *Server) departmentOptions(lang string, departments []string, sel string) []option {
	out := []option{{Value: "", Label: s.cat.T(lang, "people.all_departments"), Selected: sel == ""}}
	for _, d := range departments {
		out = append(out, option{Value: d, Label: d, Selected: d == sel})
	}
	return out
}

// positionOptions lists "every position" and the positions.
func (s *Server) positionOptions(lang string, positions []*domain.Position, sel int64) []option {
	out := []option{{Value: "", Label: s.cat.T(lang, "people.all_positions"), Selected: sel == 0}}
	for _, p := range positions {
		out = append(out, option{Value: strconv.FormatInt(p.ID, 10), Label: p.Title + " (" + p.Ref + ")", Selected: p.ID == sel})
	}
	return out
}

func (s *Server) peopleList(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	q := r.URL.Query()
	departments, err := s.store.Departments(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	f := peopleFilter(q, departments)
	list, err := s.store.People(ctx, rs.org.ID, f.PeopleFilter)
	if err != nil {
		return err
	}
	positions, err := s.store.Positions(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	titles := positionTitles(positions)
	if format := exportFormat(r); format != "" {
		return s.peopleExport(w, r, format, f, list, titles)
	}
	T := func(key string) string { return s.cat.T(rs.lang, key) }
	now := s.store.Now()
	p := peopleListPage{
		Departments: s.departmentOptions(rs.lang, departments, f.Department),
		Employments: append([]option{{Value: "", Label: T("people.all_employments")}},
			s.options(rs.lang, "people.employment.", domain.Strings(domain.Employments), f.Employment)...),
		Positions: s.positionOptions(rs.lang, positions, f.PositionID),
		Statuses:  s.options(rs.lang, "people.status_", domain.Strings(domain.PeopleStatuses), f.Status),
		Gaps: []option{{Value: "", Label: T("people.gaps_all")},
			{Value: string(domain.YesNoYes), Label: T("people.gaps_yes"), Selected: f.Gaps}},
		Sorts:     s.options(rs.lang, "people.sort_", store.PeopleSorts, f.Sort),
		Search:    f.Search,
		ExportCSV: s.exportURL(rs.org, "people", q, "csv"),
		ExportXLS: s.exportURL(rs.org, "people", q, "xlsx"),
	}
	if d := q.Get("done"); slices.Contains([]string{"created", "saved", "deleted"}, d) {
		p.Notice = T("people.done_" + d)
	}
	for _, person := range list {
		row := personRow{P: person, Label: personName(person), Employment: T("people.employment." + string(person.Employment)),
			Position: titles[person.PositionID], Left: person.Left(now)}
		for _, g := range person.Gaps(now) {
			row.Missing = append(row.Missing, T("people.item."+string(g.Item)))
		}
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, http.StatusOK, "people", T("people.title"), p)
	return nil
}

// itemCell is an onboarding item of a person in an export: the date done,
// "ontbreekt" when owed and lacking, "n.v.t." when not owed.
func (s *Server) itemCell(lang string, p *domain.Person, item string, now time.Time) string {
	if d := p.Done(domain.OnboardingItem(item)); d != nil {
		return caseDate(*d)
	}
	if !domain.Owes(p.Employment, domain.OnboardingItem(item)) {
		return s.cat.T(lang, "people.not_applicable")
	}
	if p.Left(now) {
		return ""
	}
	return s.cat.T(lang, "people.missing")
}

// peopleExport sends the list as the page shows it, with every onboarding
// item, and audits the export with its filters.
func (s *Server) peopleExport(w http.ResponseWriter, r *http.Request, format string, f peopleQuery, list []*domain.Person, titles map[int64]string) error {
	rs := state(r)
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	now := s.store.Now()
	t := table{Name: T("people.export_name"), Title: T("people.export_title"),
		Headers: []string{T("people.ref"), T("people.name"), T("people.employment"), T("people.position"), T("people.department"),
			T("people.start_on"), T("people.end_on"), T("people.item.vog"), T("people.item.oath"), T("people.oath_kind"),
			T("people.oath_witness"), T("people.item.declaration"), T("people.item.confidentiality"), T("people.item.intro_training"),
			T("people.col_missing")}}
	for _, p := range list {
		kind := ""
		if p.OathKind != "" {
			kind = T("people.oath_kind." + string(p.OathKind))
		}
		var missing []string
		for _, g := range p.Gaps(now) {
			missing = append(missing, T("people.item."+string(g.Item)))
		}
		t.Rows = append(t.Rows, []any{p.Ref, p.Name, T("people.employment." + string(p.Employment)), titles[p.PositionID], p.Department,
			optDayCell(p.StartOn), optDayCell(p.EndOn), s.itemCell(rs.lang, p, "vog", now), s.itemCell(rs.lang, p, "oath", now), kind, p.OathWitness,
			s.itemCell(rs.lang, p, "declaration", now), s.itemCell(rs.lang, p, "confidentiality", now),
			s.itemCell(rs.lang, p, "intro_training", now), strings.Join(missing, ", ")})
	}
	detail := format + " status=" + f.Status + " department=" + f.Department + " employment=" + f.Employment +
		" position=" + strconv.FormatInt(f.PositionID, 10) +
		" gaps=" + strconv.FormatBool(f.Gaps) + " q=" + f.Search + " rows=" + strconv.Itoa(len(list))
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID).In(rs.org.ID), "people.export", "people", "", detail); err != nil {
		return err
	}
	return s.export(w, format, t)
}

// peopleID reads a record's number from the path; anything else is a record
// that does not exist.
func peopleID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
	}
	return id, nil
}
