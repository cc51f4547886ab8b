package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Positions: the organisation's positions, which of them are designated
// for publishing outside activities or reporting financial interests
// (Ambtenarenwet 2017 art. 5 and 8), and the political offices.

type positionsPage struct {
	Rows   []positionRow
	Notice string
}

type positionRow struct {
	P         *domain.Position
	Political string
	People    int // current holders
}

func (s *Server) positionsList(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	positions, err := s.store.Positions(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	people, err := s.store.People(ctx, rs.org.ID, store.PeopleFilter{Current: true})
	if err != nil {
		return err
	}
	holders := map[int64]int{}
	for _, p := range people {
		holders[p.PositionID]++
	}
	p := positionsPage{}
	if d := r.URL.Query().Get("done"); slices.Contains([]string{"created", "saved"}, d) {
		p.Notice = s.cat.T(rs.lang, "positions.done_"+d)
	}
	for _, pos := range positions {
		row := positionRow{P: pos, People: holders[pos.ID]}
		if pos.Political != "" {
			row.Political = s.cat.T(rs.lang, "positions.political."+string(pos.Political))
		}
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, http.StatusOK, "positions", s.cat.T(rs.lang, "positions.title"), p)
	return nil
}

type positionFormPage struct {
	Form      *form
	ID        int64
	Political []option
}

func (s *Server) renderPositionForm(w http.ResponseWriter, r *http.Request, status int, p positionFormPage) error {
	rs := state(r)
	p.Political = append([]option{{Value: "", Label: s.cat.T(rs.lang, "positions.political_none")}},
		s.options(rs.lang, "positions.political.", domain.Strings(domain.PoliticalOffices), p.Form.Values.Get("political"))...)
	title := "positions.new"
	if p.ID != 0 {
		title = "positions.edit"
	}
	s.render(w, r, status, "positions_form", s.cat.T(rs.lang, title), p)
	return nil
}

func parsePosition(f *form) (*domain.Position, []error) {
	v := f.Values
	p := &domain.Position{Ref: v.Get("ref"), Title: v.Get("title"), Department: v.Get("department"),
		DesignatedPublication: v.Get("designated_publication") == "1", DesignatedFinancial: v.Get("designated_financial") == "1",
		Political: domain.PoliticalOffice(v.Get("political"))}
	return p, p.Check()
}

func (s *Server) positionNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderPositionForm(w, r, http.StatusOK, positionFormPage{Form: &form{Values: url.Values{}, Errors: map[string]string{}}})
}

func (s *Server) positionCreate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	p, errs := parsePosition(f)
	p.OrgID = rs.org.ID
	if len(errs) == 0 {
		if err := s.store.SavePosition(r.Context(), store.UserActor(rs.user, rs.session.ID), p); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderPositionForm(w, r, http.StatusBadRequest, positionFormPage{Form: f})
	}
	s.redirect(w, r, s.orgURL(rs.org, "positions?done=created"))
	return nil
}

func (s *Server) positionEdit(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := peopleID(r)
	if err != nil {
		return err
	}
	p, err := s.store.Position(r.Context(), rs.org.ID, id)
	if err != nil {
		return err
	}
	v := url.Values{"ref": {p.Ref}, "title": {p.Title}, "department": {p.Department}, "political": {string(p.Political)}}
	if p.DesignatedPublication {
		v.Set("designated_publication", "1")
	}
	if p.DesignatedFinancial {
		v.Set("designated_financial", "1")
	}
	return s.renderPositionForm(w, r, http.StatusOK, positionFormPage{Form: &form{Values: v, Errors: map[string]string{}}, ID: id})
}

func (s *Server) positionUpdate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	id, err := peopleID(r)
	if err != nil {
		return err
	}
	if _, err := s.store.Position(ctx, rs.org.ID, id); err != nil {
		return err
	}
	f := newForm(r)
	p, errs := parsePosition(f)
	p.ID, p.OrgID = id, rs.org.ID
	if len(errs) == 0 {
		if err := s.store.SavePosition(ctx, store.UserActor(rs.user, rs.session.ID), p); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderPositionForm(w, r, http.StatusBadRequest, positionFormPage{Form: f, ID: id})
	}
	s.redirect(w, r, s.orgURL(rs.org, "positions?done=saved"))
	return nil
}
