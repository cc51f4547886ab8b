package web

import (
	"net/http"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// What the organisation sets about itself (admin): the name of its HR
// department as every page uses it, and the contact and date of its
// accessibility statement, a public page of its own.

type orgSettingsPage struct {
	Form   *form
	Notice string
}

// orgSettingsForm shows the settings form with what is stored.
func (s *Server) orgSettingsForm(w http.ResponseWriter, r *http.Request) error {
	o := s.orgSettings(r)
	f := &form{Values: map[string][]string{
		"hr_name": {o.HRName}, "a11y_contact": {o.A11yContact}, "a11y_assessed": {o.A11yAssessed.Display()},
	}, Errors: map[string]string{}}
	p := orgSettingsPage{Form: f}
	if r.URL.Query().Get("done") == "saved" {
		p.Notice = s.cat.T(state(r).lang, "orgsettings.done_saved")
	}
	s.render(w, r, http.StatusOK, "org_settings", s.cat.T(state(r).lang, "orgsettings.title"), p)
	return nil
}

// setOrgSettings checks and stores the settings; bad input shows the form
// again with a message at each field and changes nothing.
func (s *Server) setOrgSettings(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	o := domain.OrgSettings{HRName: f.Values.Get("hr_name"), A11yContact: f.Values.Get("a11y_contact")}
	var errs []error
	var err error
	if o.A11yAssessed, err = domain.ParseDate("a11y_assessed", f.Values.Get("a11y_assessed")); err != nil {
		errs = append(errs, err)
	}
	check := o
	errs = append(errs, check.Check()...)
	if len(errs) == 0 {
		if err := s.store.SetOrgSettings(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, o); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, "org_settings", s.cat.T(rs.lang, "orgsettings.title"), orgSettingsPage{Form: f})
		return nil
	}
	s.redirect(w, r, s.orgURL(rs.org, "admin/organisation?done=saved"))
	return nil
}

// accessibility is the organisation's accessibility statement
// (toegankelijkheidsverklaring): public, linked from every page's footer.
func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	s.render(w, r, http.StatusOK, "accessibility", s.cat.T(rs.lang, "a11y.title"), nil)
	return nil
}
