package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Employees report their own outside activities and confirm them again
// each year. They act for the person their account is linked to in the
// people register (store.PersonForUser), see only that person's
// registrations (another's is a page that does not exist), and cannot
// assess: what they report is pending until HR decides.

type myOutsidePage struct {
	NoPerson bool // the account is not linked to a person: ask HR
	Person   *domain.Person
	Rows     []outsideRow
	Notice   string
}

type myOutsideFormPage struct {
	Form      *form
	Statuses  []option
	Political bool // the person holds a political office: income may be given
}

type myOutsideViewPage struct {
	Row outsideRow
}

// outsidePersonOf returns the person linked to the logged-in account, or
// nil when there is none.
func (s *Server) outsidePersonOf(r *http.Request) (*domain.Person, error) {
	rs := state(r)
	p, err := s.store.PersonForUser(r.Context(), rs.org.ID, rs.user.ID)
	if domain.IsNotFound(err) {
		return nil, nil
	}
	return p, err
}

// renderMyNoPerson shows the list page saying to ask HR for the link.
func (s *Server) renderMyNoPerson(w http.ResponseWriter, r *http.Request, status int) error {
	s.render(w, r, status, "my_outside", s.cat.T(state(r).lang, "outside.my_title"), myOutsidePage{NoPerson: true})
	return nil
}

func (s *Server) myOutsideList(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	person, err := s.outsidePersonOf(r)
	if err != nil {
		return err
	}
	if person == nil {
		return s.renderMyNoPerson(w, r, http.StatusOK)
	}
	list, err := s.store.OutsideActivities(r.Context(), rs.org.ID, store.OutsideFilter{PersonID: person.ID})
	if err != nil {
		return err
	}
	p := myOutsidePage{Person: person, Rows: s.outsideRows(rs.lang, list)}
	if d := r.URL.Query().Get("done"); slices.Contains([]string{"created", "confirmed"}, d) {
		p.Notice = s.cat.T(rs.lang, "outside.my_done_"+d)
	}
	s.render(w, r, http.StatusOK, "my_outside", s.cat.T(rs.lang, "outside.my_title"), p)
	return nil
}

// myPolitical reports whether the person holds a political office.
func (s *Server) myPolitical(r *http.Request, p *domain.Person) (bool, error) {
	if p.PositionID == 0 {
		return false, nil
	}
	pos, err := s.store.Position(r.Context(), p.OrgID, p.PositionID)
	if err != nil {
		return false, err
	}
	return pos.Political != "", nil
}

func (s *Server) renderMyOutsideForm(w http.ResponseWriter, r *http.Request, status int, person *domain.Person, f *form) error {
	rs := state(r)
	political, err := s.myPolitical(r, person)
	if err != nil {
		return err
	}
	p := myOutsideFormPage{Form: f, Political: political,
		Statuses: s.options(rs.lang, "outside.my_status.", domain.Strings(domain.OutsideStatuses), f.Values.Get("status"))}
	s.render(w, r, status, "my_outside_form", s.cat.T(rs.lang, "outside.my_new"), p)
	return nil
}

func (s *Server) myOutsideNew(w http.ResponseWriter, r *http.Request) error {
	person, err := s.outsidePersonOf(r)
	if err != nil {
		return err
	}
	if person == nil {
		return s.renderMyNoPerson(w, r, http.StatusOK)
	}
	return s.renderMyOutsideForm(w, r, http.StatusOK, person, &form{Values: url.Values{"status": {"reported"}}, Errors: map[string]string{}})
}

func (s *Server) myOutsideCreate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	person, err := s.outsidePersonOf(r)
	if err != nil {
		return err
	}
	if person == nil {
		return s.renderMyNoPerson(w, r, http.StatusConflict)
	}
	political, err := s.myPolitical(r, person)
	if err != nil {
		return err
	}
	f := newForm(r)
	v := url.Values{}
	for _, name := range []string{"activity", "organisation", "paid", "hours_per_month", "income_eur", "start_on", "end_on", "status"} {
		if name != "income_eur" || political { // the form asks office holders only
			v[name] = f.Values[name]
		}
	}
	v.Set("reported_on", domain.Today(s.store.Now()).String()) // today; the employee does not choose
	a, errs := parseOutsideFacts(v)
	a.PersonID = person.ID // and the person's own position
	errs = append(errs, a.Check(s.store.Now())...)
	if len(errs) == 0 {
		if err := s.store.CreateOutsideActivity(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, a); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderMyOutsideForm(w, r, http.StatusBadRequest, person, f)
	}
	s.redirect(w, r, s.orgURL(rs.org, "my/outside-activities?done=created"))
	return nil
}

func (s *Server) myOutsideView(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := outsideID(r)
	if err != nil {
		return err
	}
	person, err := s.outsidePersonOf(r)
	if err != nil {
		return err
	}
	if person == nil {
		return domain.Errorf(domain.ENOTFOUND, "outside.err_not_found")
	}
	a, err := s.store.OwnOutsideActivity(r.Context(), rs.org.ID, person.ID, id)
	if err != nil {
		return err
	}
	rows := s.outsideRows(rs.lang, []*domain.OutsideActivity{a})
	s.render(w, r, http.StatusOK, "my_outside_view", a.Activity, myOutsideViewPage{Row: rows[0]})
	return nil
}

func (s *Server) myOutsideConfirm(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := outsideID(r)
	if err != nil {
		return err
	}
	person, err := s.outsidePersonOf(r)
	if err != nil {
		return err
	}
	if person == nil {
		return domain.Errorf(domain.ENOTFOUND, "outside.err_not_found")
	}
	if err := s.store.ConfirmOutsideActivity(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, person.ID, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "my/outside-activities?done=confirmed"))
	return nil
}
