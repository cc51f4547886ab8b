package web

import (
	"net/http"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// A person's onboarding duties, where HR marks one that will not be done
// in the system as not applicable or settled before it, with a date, and
// takes a mark back.

type dutiesPage struct {
	P      *domain.Person
	Name   string
	Duties []dutyRow
	Form   *form
	Items  []option // the missing duties, for the marking form
	Marks  []option
	Notice string
}

// dutyRow is one duty the person owes, and where it stands.
type dutyRow struct {
	Item   domain.OnboardingItem
	Done   string // the day it was done, or ""
	Mark   string // the mark's words with its day, or ""
	Marked bool
}

func (s *Server) personDuties(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: map[string][]string{}, Errors: map[string]string{}}
	return s.renderDuties(w, r, http.StatusOK, f)
}

func (s *Server) renderDuties(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	rs := state(r)
	ctx := r.Context()
	id, err := peopleID(r)
	if err != nil {
		return err
	}
	p, err := s.store.Person(ctx, rs.org.ID, id)
	if err != nil {
		return err
	}
	marks, err := s.store.OnboardingMarks(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	page := dutiesPage{P: p, Name: personName(p), Form: f}
	if r.URL.Query().Get("done") == "marked" {
		page.Notice = s.cat.T(rs.lang, "duties.done")
	}
	for _, it := range domain.OnboardingItems {
		if !domain.Owes(p.Employment, it) {
			continue
		}
		row := dutyRow{Item: it}
		m, marked := marks[p.ID][it]
		switch done := p.Done(it); {
		case done != nil:
			row.Done = caseDate(*done)
		case marked:
			row.Marked = true
			row.Mark = s.cat.T(rs.lang, "duties.mark_on."+string(m.Mark), caseDate(m.On))
		default:
			page.Items = append(page.Items, option{Value: string(it), Label: s.cat.T(rs.lang, "people.item."+string(it)),
				Selected: f.Values.Get("item") == string(it)})
		}
		page.Duties = append(page.Duties, row)
	}
	page.Marks = s.options(rs.lang, "duties.mark.", domain.Strings(domain.DutyMarks), f.Values.Get("mark"))
	s.render(w, r, status, "duties", s.cat.T(rs.lang, "duties.title", page.Name), page)
	return nil
}

// markDuty sets a mark on one of the person's duties (mark=not_applicable
// or settled_before, with the day), or takes it back (mark empty). Bad
// input shows the page again with the message and changes nothing.
func (s *Server) markDuty(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := peopleID(r)
	if err != nil {
		return err
	}
	f := newForm(r)
	actor := store.UserActor(rs.user, rs.session.ID)
	item := domain.OnboardingItem(f.Values.Get("item"))
	if f.Values.Get("mark") == "" {
		err = s.store.ClearOnboardingMark(r.Context(), actor, rs.org.ID, id, item)
	} else {
		m := domain.OnboardingMark{PersonID: id, Item: item, Mark: domain.DutyMark(f.Values.Get("mark"))}
		var errs []error
		if m.On, err = parseDayStart("on", f.Values.Get("on")); err != nil {
			errs = append(errs, err)
		}
		errs = append(errs, m.Check(s.store.Now())...) // failAll keeps the first message at a field
		if len(errs) == 0 {
			errs = append(errs, s.store.SetOnboardingMark(r.Context(), actor, rs.org.ID, m))
		}
		err = firstErr(errs)
		if err != nil {
			if ferr := s.failAll(f, rs.lang, errs); ferr != nil {
				return ferr
			}
			return s.renderDuties(w, r, statusFor[domain.ErrorCode(err)], f)
		}
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "people/"+strconv.FormatInt(id, 10)+"/duties?done=marked"))
	return nil
}

// firstErr is the first non-nil error of errs, or nil.
func firstErr(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
