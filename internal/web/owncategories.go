package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The organisation's own categories of integrity breaches, kept by the
// coordinators: a list of labels, each mapped to one type of the national
// typology, in an order. An allegation names one of them (casework); the
// annual report counts them.

type ownCategoriesPage struct {
	Rows   []ownCategoryRow
	New    *form
	Notice string
	Types  []option // the national typology, for the selects
}

// ownCategoryRow is one category with its form (what was typed, after a
// refused change).
type ownCategoryRow struct {
	ID        int64
	Label     string
	TypeLabel string
	Position  int
	Uses      int
	Form      *form
}

// Selected returns the national types with the form's choice selected.
func (p ownCategoriesPage) Selected(f *form) []option {
	out := make([]option, len(p.Types))
	for i, o := range p.Types {
		o.Selected = o.Value == f.Values.Get("category")
		out[i] = o
	}
	return out
}

func (s *Server) ownCategories(w http.ResponseWriter, r *http.Request) error {
	notice := ""
	if done := r.URL.Query().Get("done"); done == "created" || done == "saved" || done == "deleted" {
		notice = s.cat.T(state(r).lang, "owncat.done_"+done)
	}
	return s.renderOwnCategories(w, r, http.StatusOK, notice, 0, nil)
}

// renderOwnCategories shows the list; failed is the category whose form f
// was refused (0: the new category's form, when f is not nil).
func (s *Server) renderOwnCategories(w http.ResponseWriter, r *http.Request, status int, notice string, failed int64, f *form) error {
	rs := state(r)
	list, err := s.store.OwnCategories(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	p := ownCategoriesPage{Notice: notice, New: &form{Values: url.Values{}, Errors: map[string]string{}},
		Types: s.options(rs.lang, "case.category.", domain.Strings(domain.Categories), "")}
	if f != nil && failed == 0 {
		p.New = f
	}
	for _, c := range list {
		row := ownCategoryRow{ID: c.ID, Label: c.Label, TypeLabel: s.cat.T(rs.lang, "case.category."+string(c.Category)), Position: c.Position, Uses: c.Uses,
			Form: &form{Values: url.Values{"label": {c.Label}, "category": {string(c.Category)}, "position": {strconv.Itoa(c.Position)}}, Errors: map[string]string{}}}
		if f != nil && failed == c.ID {
			row.Form = f
		}
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, status, "owncategories", s.cat.T(rs.lang, "owncat.title"), p)
	return nil
}

// ownCategoryForm reads a category from the form; a position that is not a
// whole number of 1 or more is an error at "position".
func ownCategoryForm(f *form, id int64) (*domain.OwnCategory, []error) {
	c := &domain.OwnCategory{ID: id, Label: f.Values.Get("label"), Category: domain.Category(f.Values.Get("category"))}
	check := *c
	errs := check.Check()
	if v := strings.TrimSpace(f.Values.Get("position")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs = append(errs, domain.FieldError("position", "err.own_category_position"))
		}
		c.Position = n
	}
	return c, errs
}

// saveOwnCategory creates (id 0) or changes a category; bad input shows the
// page again with what was typed and nothing stored.
func (s *Server) saveOwnCategory(w http.ResponseWriter, r *http.Request, id int64) error {
	rs := state(r)
	f := newForm(r)
	c, errs := ownCategoryForm(f, id)
	if len(errs) == 0 {
		if err := s.store.SaveOwnCategory(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, c); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderOwnCategories(w, r, statusFor[domain.ErrorCode(errs[0])], "", id, f)
	}
	done := "created"
	if id != 0 {
		done = "saved"
	}
	s.redirect(w, r, s.orgURL(rs.org, "categories?done="+done+"#category-"+strconv.FormatInt(c.ID, 10)))
	return nil
}

func (s *Server) createOwnCategory(w http.ResponseWriter, r *http.Request) error {
	return s.saveOwnCategory(w, r, 0)
}

func (s *Server) updateOwnCategory(w http.ResponseWriter, r *http.Request) error {
	id, err := ownCategoryID(r)
	if err != nil {
		return err
	}
	return s.saveOwnCategory(w, r, id)
}

// deleteOwnCategory deletes a category no allegation names; one in use is
// refused with its count, at its form.
func (s *Server) deleteOwnCategory(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := ownCategoryID(r)
	if err != nil {
		return err
	}
	f := newForm(r)
	err = s.store.DeleteOwnCategory(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		s.fail(f, rs.lang, err)
		return s.renderOwnCategories(w, r, http.StatusConflict, "", id, f)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "categories?done=deleted"))
	return nil
}

func ownCategoryID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "err.own_category_not_found")
	}
	return id, nil
}
