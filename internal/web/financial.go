package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Financial interests (financiële belangen) of people in positions
// designated for them, kept by HR. Never public.

type financialListPage struct {
	Rows        []financialRow
	Years       []option
	Kinds       []option
	Assessments []option
	People      []option
	Sorts       []option
	Notice      string
	ExportCSV   string
	ExportXLS   string
}

type financialRow struct {
	F          *domain.FinancialInterest
	Kind       string
	Assessment string
}

// financialFilter reads the list's filters from the query; anything
// unknown is ignored.
func financialFilter(q url.Values) store.FinancialFilter {
	f := store.FinancialFilter{Year: domain.FilterYear(q.Get("year")), Kind: q.Get("kind"), Assessment: q.Get("assessment"), Sort: q.Get("sort")}
	if !slices.Contains(domain.FinancialKinds, domain.FinancialKind(f.Kind)) {
		f.Kind = ""
	}
	if !slices.Contains(domain.FinancialAssessments, domain.FinancialAssessment(f.Assessment)) {
		f.Assessment = ""
	}
	if id, err := strconv.ParseInt(q.Get("person"), 10, 64); err == nil && id > 0 {
		f.PersonID = id
	}
	if !slices.Contains(store.FinancialSorts, f.Sort) {
		f.Sort = "date"
	}
	return f
}

func (s *Server) financialList(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	q := r.URL.Query()
	f := financialFilter(q)
	list, err := s.store.FinancialInterests(ctx, rs.org.ID, f)
	if err != nil {
		return err
	}
	if format := exportFormat(r); format != "" {
		return s.financialExport(w, r, format, f, list)
	}
	all, err := s.store.FinancialInterests(ctx, rs.org.ID, store.FinancialFilter{Sort: "person"})
	if err != nil {
		return err
	}
	first := func(key string) []option { return []option{{Value: "", Label: s.cat.T(rs.lang, key)}} }
	p := financialListPage{
		Kinds:       append(first("financial.all_kinds"), s.options(rs.lang, "financial.kind.", domain.Strings(domain.FinancialKinds), f.Kind)...),
		Assessments: append(first("outside.all_assessments"), s.options(rs.lang, "financial.assessment.", domain.Strings(domain.FinancialAssessments), f.Assessment)...),
		People:      first("outside.all_people"),
		Sorts:       s.options(rs.lang, "outside.sort_", store.FinancialSorts, f.Sort),
		ExportCSV:   s.exportURL(rs.org, "financial-interests", q, "csv"),
		ExportXLS:   s.exportURL(rs.org, "financial-interests", q, "xlsx"),
	}
	if d := q.Get("done"); slices.Contains([]string{"created", "saved", "deleted"}, d) {
		p.Notice = s.cat.T(rs.lang, "financial.done_"+d)
	}
	seen := map[int64]bool{}
	var years []int
	for _, fi := range all {
		years = append(years, fi.ReportedOn.Year())
		if !seen[fi.PersonID] {
			seen[fi.PersonID] = true
			p.People = append(p.People, option{Value: strconv.FormatInt(fi.PersonID, 10),
				Label: outsidePersonLabel(fi.PersonName, fi.PersonRef), Selected: fi.PersonID == f.PersonID})
		}
	}
	p.Years = s.yearOptions(rs.lang, years, f.Year, "", "advice.all_years")
	for _, fi := range list {
		p.Rows = append(p.Rows, financialRow{F: fi, Kind: s.cat.T(rs.lang, "financial.kind."+string(fi.Kind)),
			Assessment: s.cat.T(rs.lang, "financial.assessment."+string(fi.Assessment))})
	}
	s.render(w, r, http.StatusOK, "financial", s.cat.T(rs.lang, "financial.title"), p)
	return nil
}

// financialExport sends the list with every field and audits the export.
func (s *Server) financialExport(w http.ResponseWriter, r *http.Request, format string, f store.FinancialFilter, list []*domain.FinancialInterest) error {
	rs := state(r)
	T := func(key string) string { return s.cat.T(rs.lang, key) }
	t := table{Name: T("financial.export_name"), Title: T("financial.title"),
		Headers: []string{T("outside.reported_on"), T("outside.person_ref"), T("outside.person_name"), T("outside.position"),
			T("financial.kind"), T("financial.description"), T("outside.assessment"), T("outside.assessed_on"), T("outside.assessed_by"),
			T("outside.reasons")}}
	if f.Year != 0 {
		t.Name += "-" + strconv.Itoa(f.Year)
		t.Title += " " + strconv.Itoa(f.Year)
	}
	for _, fi := range list {
		t.Rows = append(t.Rows, []any{dayCell(fi.ReportedOn), fi.PersonRef, fi.PersonName, fi.PositionTitle,
			T("financial.kind." + string(fi.Kind)), fi.Description, T("financial.assessment." + string(fi.Assessment)), optDayCell(fi.AssessedOn),
			fi.AssessorName, fi.Reasons})
	}
	detail := format + " year=" + strconv.Itoa(f.Year) + " kind=" + f.Kind + " assessment=" + f.Assessment +
		" person=" + strconv.FormatInt(f.PersonID, 10) + " rows=" + strconv.Itoa(len(list))
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID).In(rs.org.ID), "financial.export", "financial_interests", "", detail); err != nil {
		return err
	}
	return s.export(w, format, t)
}

type financialFormPage struct {
	Form        *form
	F           *domain.FinancialInterest // as stored; edit only
	People      []option
	Kinds       []option
	Assessments []option
	NoPeople    bool // nobody holds a designated position
}

func (s *Server) financialNew(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: url.Values{"reported_on": {domain.Today(s.store.Now()).String()}, "assessment": {string(domain.FinancialAssessmentPending)}}, Errors: map[string]string{}}
	return s.renderFinancialForm(w, r, http.StatusOK, financialFormPage{Form: f})
}

func (s *Server) renderFinancialForm(w http.ResponseWriter, r *http.Request, status int, p financialFormPage) error {
	rs := state(r)
	people, err := s.store.FinancialPeople(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	sel := p.Form.Values.Get("person")
	found := false
	for _, pe := range people {
		id := strconv.FormatInt(pe.ID, 10)
		found = found || id == sel
		p.People = append(p.People, option{Value: id, Label: outsidePersonLabel(pe.Name, pe.Ref), Selected: id == sel})
	}
	p.NoPeople = len(people) == 0
	if !found && p.F != nil && strconv.FormatInt(p.F.PersonID, 10) == sel {
		// The holder's position is no longer designated: keep them choosable.
		p.People = append(p.People, option{Value: sel, Label: outsidePersonLabel(p.F.PersonName, p.F.PersonRef), Selected: true})
	}
	p.Kinds = s.options(rs.lang, "financial.kind.", domain.Strings(domain.FinancialKinds), p.Form.Values.Get("kind"))
	p.Assessments = s.options(rs.lang, "financial.assessment.", domain.Strings(domain.FinancialAssessments), p.Form.Values.Get("assessment"))
	title := "financial.new"
	if p.F != nil {
		title = "financial.edit"
	}
	s.render(w, r, status, "financial_form", s.cat.T(rs.lang, title), p)
	return nil
}

// parseFinancial reads the form and returns every problem with it.
func (s *Server) parseFinancial(f *form) (*domain.FinancialInterest, []error) {
	v := f.Values
	fi := &domain.FinancialInterest{Kind: domain.FinancialKind(v.Get("kind")), Description: v.Get("description"), Assessment: domain.FinancialAssessment(v.Get("assessment")),
		Reasons: v.Get("reasons")}
	fi.PersonID, _ = strconv.ParseInt(v.Get("person"), 10, 64)
	var errs []error
	if d, err := parseDayStart("reported_on", v.Get("reported_on")); err != nil {
		errs = append(errs, err)
	} else {
		fi.ReportedOn = d
	}
	return fi, append(errs, fi.Check(s.store.Now())...)
}

func (s *Server) financialCreate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	fi, errs := s.parseFinancial(f)
	if len(errs) == 0 {
		if err := s.store.CreateFinancialInterest(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, fi); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderFinancialForm(w, r, http.StatusBadRequest, financialFormPage{Form: f})
	}
	s.redirect(w, r, s.orgURL(rs.org, "financial-interests?done=created"))
	return nil
}

// financialID reads the interest's number from the path.
func financialID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "financial.err_not_found")
	}
	return id, nil
}

func (s *Server) financialEdit(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := financialID(r)
	if err != nil {
		return err
	}
	fi, err := s.store.FinancialInterest(r.Context(), rs.org.ID, id)
	if err != nil {
		return err
	}
	v := url.Values{"person": {strconv.FormatInt(fi.PersonID, 10)}, "kind": {string(fi.Kind)}, "description": {fi.Description},
		"reported_on": {domain.DateOf(fi.ReportedOn).String()}, "assessment": {string(fi.Assessment)}, "reasons": {fi.Reasons}}
	return s.renderFinancialForm(w, r, http.StatusOK, financialFormPage{Form: &form{Values: v, Errors: map[string]string{}}, F: fi})
}

func (s *Server) financialUpdate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	id, err := financialID(r)
	if err != nil {
		return err
	}
	old, err := s.store.FinancialInterest(ctx, rs.org.ID, id)
	if err != nil {
		return err
	}
	f := newForm(r)
	fi, errs := s.parseFinancial(f)
	fi.ID = id
	if len(errs) == 0 {
		if err := s.store.UpdateFinancialInterest(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, fi); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderFinancialForm(w, r, http.StatusBadRequest, financialFormPage{Form: f, F: old})
	}
	s.redirect(w, r, s.orgURL(rs.org, "financial-interests?done=saved"))
	return nil
}

func (s *Server) financialDelete(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := financialID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteFinancialInterest(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "financial-interests?done=deleted"))
	return nil
}
