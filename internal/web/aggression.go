package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Aggression against officials (Veilige Publieke Taak): incidents of
// aggression, threats and violence by outsiders, kept by HR and counted in
// the annual report against the previous year. Nothing is sealed, so the
// form asks for no names.

type aggressionListPage struct {
	Rows      []aggressionRow
	Years     []option
	Kinds     []option
	Targets   []option
	Police    []option
	Sorts     []option
	Heads     []string // the kinds' labels, for the counts table
	Counts    []aggressionCountRow
	Notice    string
	ExportCSV string
	ExportXLS string
}

type aggressionRow struct {
	A      *domain.AggressionIncident
	Kind   string
	Target string
}

type aggressionCountRow struct {
	Year             int
	Total            string // "21 (2020: 14, +7)"
	ByKind           []int  // in the order of domain.AggressionKinds
	PoliceInvolved   int
	Complaints       int
	AftercareOffered int
}

// aggressionFilter reads the list's filters from the query; anything
// unknown is ignored.
func aggressionFilter(q url.Values) store.AggressionFilter {
	f := store.AggressionFilter{Year: domain.FilterYear(q.Get("year")), Kind: q.Get("kind"), Target: q.Get("target"),
		Police: q.Get("police"), Sort: q.Get("sort")}
	if !slices.Contains(domain.AggressionKinds, domain.AggressionKind(f.Kind)) {
		f.Kind = ""
	}
	if !slices.Contains(domain.AggressionTargets, domain.AggressionTarget(f.Target)) {
		f.Target = ""
	}
	if !slices.Contains(domain.YesNos, domain.YesNo(f.Police)) {
		f.Police = ""
	}
	if !slices.Contains(store.AggressionSorts, f.Sort) {
		f.Sort = "date"
	}
	return f
}

// aggressionTotal writes a year's total with the previous year's and the
// change: "21 (2020: 14, +7)".
func (s *Server) aggressionTotal(lang string, c domain.AggressionCounts) string {
	change := strconv.Itoa(c.Change())
	switch {
	case c.Change() > 0:
		change = "+" + change
	case c.Change() == 0:
		change = "±0"
	}
	return s.cat.T(lang, "aggression.total_change", c.Total, c.Year-1, c.Previous, change)
}

func (s *Server) aggressionList(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	q := r.URL.Query()
	f := aggressionFilter(q)
	list, err := s.store.AggressionIncidents(ctx, rs.org.ID, f)
	if err != nil {
		return err
	}
	if format := exportFormat(r); format != "" {
		return s.aggressionExport(w, r, format, f, list)
	}
	counts, err := s.store.AggressionCountsByYear(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	all := func(key string) []option { return []option{{Value: "", Label: s.cat.T(rs.lang, key)}} }
	p := aggressionListPage{
		Kinds:     append(all("aggression.all_kinds"), s.options(rs.lang, "aggression.kind.", domain.Strings(domain.AggressionKinds), f.Kind)...),
		Targets:   append(all("aggression.all_targets"), s.options(rs.lang, "aggression.target.", domain.Strings(domain.AggressionTargets), f.Target)...),
		Police:    append(all("aggression.police_all"), s.options(rs.lang, "aggression.police_", domain.Strings(domain.YesNos), f.Police)...),
		Sorts:     s.options(rs.lang, "aggression.sort_", store.AggressionSorts, f.Sort),
		ExportCSV: s.exportURL(rs.org, "aggression", q, "csv"),
		ExportXLS: s.exportURL(rs.org, "aggression", q, "xlsx"),
	}
	if d := q.Get("done"); slices.Contains([]string{"created", "saved", "deleted"}, d) {
		p.Notice = s.cat.T(rs.lang, "aggression.done_"+d)
	}
	var years []int
	for _, c := range counts {
		years = append(years, c.Year)
		row := aggressionCountRow{Year: c.Year, Total: s.aggressionTotal(rs.lang, c), PoliceInvolved: c.PoliceInvolved,
			Complaints: c.CriminalComplaints, AftercareOffered: c.AftercareOffered}
		for _, k := range domain.AggressionKinds {
			row.ByKind = append(row.ByKind, c.ByKind[string(k)])
		}
		p.Counts = append(p.Counts, row)
	}
	p.Years = s.yearOptions(rs.lang, years, f.Year, "", "advice.all_years")
	for _, k := range domain.AggressionKinds {
		p.Heads = append(p.Heads, s.cat.T(rs.lang, "aggression.kind."+string(k)))
	}
	for _, a := range list {
		p.Rows = append(p.Rows, aggressionRow{A: a, Kind: s.cat.T(rs.lang, "aggression.kind."+string(a.Kind)),
			Target: s.cat.T(rs.lang, "aggression.target."+string(a.Target))})
	}
	s.render(w, r, http.StatusOK, "aggression", s.cat.T(rs.lang, "aggression.title"), p)
	return nil
}

// aggressionExport sends the list as the page shows it and audits the
// export with its filters.
func (s *Server) aggressionExport(w http.ResponseWriter, r *http.Request, format string, f store.AggressionFilter, list []*domain.AggressionIncident) error {
	rs := state(r)
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	yn := func(b bool) string {
		if b {
			return T("aggression.yes")
		}
		return T("aggression.no")
	}
	t := table{Name: T("aggression.export_name"), Title: T("aggression.export_title"),
		Headers: []string{T("aggression.occurred_on"), T("aggression.kind"), T("aggression.target"), T("aggression.department"),
			T("aggression.police_involved_short"), T("aggression.criminal_complaint_short"), T("aggression.aftercare_offered_short"),
			T("aggression.aftercare_followed_up_short"), T("aggression.description_short")}}
	if f.Year != 0 {
		t.Name += "-" + strconv.Itoa(f.Year)
		t.Title += " " + strconv.Itoa(f.Year)
	}
	for _, a := range list {
		t.Rows = append(t.Rows, []any{dayCell(a.OccurredOn), T("aggression.kind." + string(a.Kind)), T("aggression.target." + string(a.Target)),
			a.Department, yn(a.PoliceInvolved), yn(a.CriminalComplaint), yn(a.AftercareOffered), yn(a.AftercareFollowedUp), a.Description})
	}
	detail := format + " year=" + strconv.Itoa(f.Year) + " kind=" + f.Kind + " target=" + f.Target + " police=" + f.Police +
		" rows=" + strconv.Itoa(len(list))
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID).In(rs.org.ID), "aggression.export", "aggression_incidents", "", detail); err != nil {
		return err
	}
	return s.export(w, format, t)
}

type aggressionFormPage struct {
	Form      *form
	ID        int64 // 0 for a new incident
	Kinds     []option
	Targets   []option
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (s *Server) aggressionNew(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: url.Values{"occurred_on": {domain.Today(s.store.Now()).String()}}, Errors: map[string]string{}}
	return s.renderAggressionForm(w, r, http.StatusOK, aggressionFormPage{Form: f})
}

func (s *Server) renderAggressionForm(w http.ResponseWriter, r *http.Request, status int, p aggressionFormPage) error {
	rs := state(r)
	p.Kinds = s.options(rs.lang, "aggression.kind.", domain.Strings(domain.AggressionKinds), p.Form.Values.Get("kind"))
	p.Targets = s.options(rs.lang, "aggression.target.", domain.Strings(domain.AggressionTargets), p.Form.Values.Get("target"))
	title := "aggression.new"
	if p.ID != 0 {
		title = "aggression.edit"
	}
	s.render(w, r, status, "aggression_form", s.cat.T(rs.lang, title), p)
	return nil
}

// parseAggression reads the form and returns every problem with it.
func (s *Server) parseAggression(f *form) (*domain.AggressionIncident, []error) {
	v := f.Values
	a := &domain.AggressionIncident{Kind: domain.AggressionKind(v.Get("kind")), Target: domain.AggressionTarget(v.Get("target")), Department: v.Get("department"),
		PoliceInvolved: v.Get("police_involved") == "1", CriminalComplaint: v.Get("criminal_complaint") == "1",
		AftercareOffered: v.Get("aftercare_offered") == "1", AftercareFollowedUp: v.Get("aftercare_followed_up") == "1",
		Description: v.Get("description")}
	var errs []error
	if d, err := parseDayStart("occurred_on", v.Get("occurred_on")); err != nil {
		errs = append(errs, err)
	} else {
		a.OccurredOn = d
	}
	return a, append(errs, a.Check(s.store.Now())...)
}

func (s *Server) aggressionCreate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	a, errs := s.parseAggression(f)
	if len(errs) == 0 {
		if err := s.store.CreateAggressionIncident(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, a); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderAggressionForm(w, r, http.StatusBadRequest, aggressionFormPage{Form: f})
	}
	s.redirect(w, r, s.orgURL(rs.org, "aggression?done=created"))
	return nil
}

// aggressionID reads the incident's number from the path; anything else is
// an incident that does not exist.
func aggressionID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "aggression.err_not_found")
	}
	return id, nil
}

func (s *Server) aggressionEdit(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := aggressionID(r)
	if err != nil {
		return err
	}
	a, err := s.store.AggressionIncident(r.Context(), rs.org.ID, id)
	if err != nil {
		return err
	}
	v := url.Values{"occurred_on": {domain.DateOf(a.OccurredOn).String()}, "kind": {string(a.Kind)}, "target": {string(a.Target)},
		"department": {a.Department}, "description": {a.Description}}
	for name, on := range map[string]bool{"police_involved": a.PoliceInvolved, "criminal_complaint": a.CriminalComplaint,
		"aftercare_offered": a.AftercareOffered, "aftercare_followed_up": a.AftercareFollowedUp} {
		if on {
			v.Set(name, "1")
		}
	}
	return s.renderAggressionForm(w, r, http.StatusOK, aggressionFormPage{Form: &form{Values: v, Errors: map[string]string{}}, ID: id,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt})
}

func (s *Server) aggressionUpdate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	id, err := aggressionID(r)
	if err != nil {
		return err
	}
	old, err := s.store.AggressionIncident(ctx, rs.org.ID, id)
	if err != nil {
		return err
	}
	f := newForm(r)
	a, errs := s.parseAggression(f)
	a.ID = id
	if len(errs) == 0 {
		if err := s.store.UpdateAggressionIncident(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, a); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderAggressionForm(w, r, http.StatusBadRequest, aggressionFormPage{Form: f, ID: id,
			CreatedAt: old.CreatedAt, UpdatedAt: old.UpdatedAt})
	}
	s.redirect(w, r, s.orgURL(rs.org, "aggression?done=saved"))
	return nil
}

func (s *Server) aggressionDelete(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := aggressionID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteAggressionIncident(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "aggression?done=deleted"))
	return nil
}
