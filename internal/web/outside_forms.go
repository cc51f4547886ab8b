package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// HR's forms for one outside activity: register, edit, assess, record the
// re-confirmation, delete.

type outsideFormPage struct {
	Form        *form
	Assess      *form                   // the assessment's form; edit only
	A           *domain.OutsideActivity // as stored; edit only
	Assessment  string                  // its label
	Published   bool
	Reconfirm   bool // the holder must confirm it again
	Notice      string
	People      []option
	Positions   []option
	Statuses    []option
	Assessments []option
}

// outsideID reads the activity's number from the path; anything else is an
// activity that does not exist.
func outsideID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "outside.err_not_found")
	}
	return id, nil
}

func (s *Server) outsideNew(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"reported_on": {domain.Today(s.store.Now()).String()}, "status": {"reported"}}
	if id := r.URL.Query().Get("person"); id != "" {
		v.Set("person", id)
	}
	return s.renderOutsideForm(w, r, http.StatusOK, outsideFormPage{Form: &form{Values: v, Errors: map[string]string{}}})
}

func (s *Server) renderOutsideForm(w http.ResponseWriter, r *http.Request, status int, p outsideFormPage) error {
	rs := state(r)
	ctx := r.Context()
	people, err := s.store.People(ctx, rs.org.ID, store.PeopleFilter{})
	if err != nil {
		return err
	}
	positions, err := s.store.Positions(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	titles := map[int64]string{}
	p.Positions = []option{{Value: "", Label: s.cat.T(rs.lang, "outside.position_of_person")}}
	selPos := p.Form.Values.Get("position")
	for _, pos := range positions {
		titles[pos.ID] = pos.Title
		id := strconv.FormatInt(pos.ID, 10)
		p.Positions = append(p.Positions, option{Value: id, Label: pos.Title + " (" + pos.Ref + ")", Selected: id == selPos})
	}
	selPerson := p.Form.Values.Get("person")
	for _, pe := range people {
		id := strconv.FormatInt(pe.ID, 10)
		label := outsidePersonLabel(pe.Name, pe.Ref)
		if t := titles[pe.PositionID]; t != "" {
			label += " – " + t
		}
		p.People = append(p.People, option{Value: id, Label: label, Selected: id == selPerson})
	}
	p.Statuses = s.options(rs.lang, "outside.status.", domain.Strings(domain.OutsideStatuses), p.Form.Values.Get("status"))
	title := "outside.new"
	if p.A != nil {
		title = "outside.edit"
		p.Assessments = s.options(rs.lang, "outside.assessment.", domain.Strings(domain.OutsideAssessments), p.Assess.Values.Get("assessment"))
		p.Assessment = s.cat.T(rs.lang, "outside.assessment."+string(p.A.Assessment))
		p.Published, p.Reconfirm = p.A.Published(s.store.Now()), p.A.NeedsReconfirmation(s.store.Now())
	}
	s.render(w, r, status, "outside_form", s.cat.T(rs.lang, title), p)
	return nil
}

// outsideNumber reads a whole number typed in a form ("" is nil); dots and
// spaces between the digits (1.200) are allowed. A malformed one is an
// EINVALID error at field.
func outsideNumber(v, field, key string) (*int64, error) {
	v = strings.NewReplacer(".", "", " ", "", "€", "").Replace(strings.TrimSpace(v))
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, domain.FieldError(field, key)
	}
	return &n, nil
}

// outsideOptionalDay reads a day that may be left empty.
func outsideOptionalDay(v, field string) (*time.Time, error) {
	d, err := parseDayStart(field, v)
	if err != nil || d.IsZero() {
		return nil, err
	}
	return &d, nil
}

// parseOutsideFacts reads the reported facts of an activity (everything
// but the person and the position) and returns every problem with them.
func parseOutsideFacts(v url.Values) (*domain.OutsideActivity, []error) {
	a := &domain.OutsideActivity{Activity: v.Get("activity"), Organisation: v.Get("organisation"), Paid: v.Get("paid") == "1",
		Status: domain.OutsideStatus(v.Get("status"))}
	var errs []error
	if n, err := outsideNumber(v.Get("hours_per_month"), "hours_per_month", "outside.err_hours_number"); err != nil {
		errs = append(errs, err)
	} else if n != nil {
		if *n > domain.MaxOutsideHoursPerMonth || *n < 0 {
			errs = append(errs, domain.FieldError("hours_per_month", "outside.err_hours", domain.MaxOutsideHoursPerMonth))
		} else {
			a.HoursPerMonth = int(*n)
		}
	}
	if n, err := outsideNumber(v.Get("income_eur"), "income_eur", "outside.err_income"); err != nil {
		errs = append(errs, err)
	} else {
		a.IncomeEUR = n
	}
	for _, d := range []struct {
		name string
		to   **time.Time
	}{{"start_on", &a.StartOn}, {"end_on", &a.EndOn}, {"confirmed_on", &a.ConfirmedOn}} {
		day, err := outsideOptionalDay(v.Get(d.name), d.name)
		if err != nil {
			errs = append(errs, err)
		}
		*d.to = day
	}
	if d, err := parseDayStart("reported_on", v.Get("reported_on")); err != nil {
		errs = append(errs, err)
	} else {
		a.ReportedOn = d
	}
	return a, errs
}

// parseOutside reads HR's form and returns every problem with it.
func (s *Server) parseOutside(f *form) (*domain.OutsideActivity, []error) {
	a, errs := parseOutsideFacts(f.Values)
	a.PersonID, _ = strconv.ParseInt(f.Values.Get("person"), 10, 64)
	a.PositionID, _ = strconv.ParseInt(f.Values.Get("position"), 10, 64)
	return a, append(errs, a.Check(s.store.Now())...)
}

func (s *Server) outsideCreate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	a, errs := s.parseOutside(f)
	if len(errs) == 0 {
		if err := s.store.CreateOutsideActivity(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, a); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderOutsideForm(w, r, http.StatusBadRequest, outsideFormPage{Form: f})
	}
	s.redirect(w, r, s.orgURL(rs.org, "outside-activities/"+strconv.FormatInt(a.ID, 10)+"?done=created"))
	return nil
}

// outsideValues fills HR's form with a stored activity.
func outsideValues(a *domain.OutsideActivity) url.Values {
	v := url.Values{"person": {strconv.FormatInt(a.PersonID, 10)}, "activity": {a.Activity}, "organisation": {a.Organisation},
		"status": {string(a.Status)}, "reported_on": {domain.DateOf(a.ReportedOn).String()}}
	if a.PositionID != 0 {
		v.Set("position", strconv.FormatInt(a.PositionID, 10))
	}
	if a.Paid {
		v.Set("paid", "1")
	}
	if a.HoursPerMonth > 0 {
		v.Set("hours_per_month", strconv.Itoa(a.HoursPerMonth))
	}
	if a.IncomeEUR != nil {
		v.Set("income_eur", strconv.FormatInt(*a.IncomeEUR, 10))
	}
	for name, d := range map[string]*time.Time{"start_on": a.StartOn, "end_on": a.EndOn, "confirmed_on": a.ConfirmedOn} {
		if d != nil {
			v.Set(name, domain.DateOf(*d).String())
		}
	}
	return v
}

// outsideAssessValues fills the assessment's form: the stored one, or
// today for a decision still to take.
func (s *Server) outsideAssessValues(a *domain.OutsideActivity) url.Values {
	v := url.Values{"assessment": {string(a.Assessment)}, "reasons": {a.Reasons}, "assessed_on": {domain.Today(s.store.Now()).String()}}
	if a.AssessedOn != nil {
		v.Set("assessed_on", domain.DateOf(*a.AssessedOn).String())
	}
	return v
}

func (s *Server) outsideEdit(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := outsideID(r)
	if err != nil {
		return err
	}
	a, err := s.store.OutsideActivity(r.Context(), rs.org.ID, id)
	if err != nil {
		return err
	}
	p := outsideFormPage{Form: &form{Values: outsideValues(a), Errors: map[string]string{}}, A: a,
		Assess: &form{Values: s.outsideAssessValues(a), Errors: map[string]string{}}}
	if d := r.URL.Query().Get("done"); d == "created" || d == "saved" || d == "assessed" {
		p.Notice = s.cat.T(rs.lang, "outside.done_"+d)
	}
	return s.renderOutsideForm(w, r, http.StatusOK, p)
}

func (s *Server) outsideUpdate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	id, err := outsideID(r)
	if err != nil {
		return err
	}
	old, err := s.store.OutsideActivity(ctx, rs.org.ID, id)
	if err != nil {
		return err
	}
	f := newForm(r)
	a, errs := s.parseOutside(f)
	a.ID = id
	if len(errs) == 0 {
		if err := s.store.UpdateOutsideActivity(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, a); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderOutsideForm(w, r, http.StatusBadRequest, outsideFormPage{Form: f, A: old,
			Assess: &form{Values: s.outsideAssessValues(old), Errors: map[string]string{}}})
	}
	s.redirect(w, r, s.orgURL(rs.org, "outside-activities/"+strconv.FormatInt(id, 10)+"?done=saved"))
	return nil
}

func (s *Server) outsideAssess(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	id, err := outsideID(r)
	if err != nil {
		return err
	}
	old, err := s.store.OutsideActivity(ctx, rs.org.ID, id)
	if err != nil {
		return err
	}
	f := newForm(r)
	day, err := parseDayStart("assessed_on", f.Values.Get("assessed_on"))
	var on *time.Time
	if err == nil && !day.IsZero() {
		on = &day
	}
	if err == nil {
		err = s.store.AssessOutsideActivity(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, id, domain.OutsideAssessment(f.Values.Get("assessment")),
			f.Values.Get("reasons"), on)
	}
	if err != nil {
		if !s.fail(f, rs.lang, err) {
			return err
		}
		return s.renderOutsideForm(w, r, http.StatusBadRequest, outsideFormPage{A: old, Assess: f,
			Form: &form{Values: outsideValues(old), Errors: map[string]string{}}})
	}
	s.redirect(w, r, s.orgURL(rs.org, "outside-activities/"+strconv.FormatInt(id, 10)+"?done=assessed"))
	return nil
}

func (s *Server) outsideConfirm(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := outsideID(r)
	if err != nil {
		return err
	}
	if err := s.store.ConfirmOutsideActivity(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, 0, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "outside-activities?done=confirmed"))
	return nil
}

func (s *Server) outsideDelete(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := outsideID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteOutsideActivity(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "outside-activities?done=deleted"))
	return nil
}
