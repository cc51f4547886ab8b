package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Self-service for employees: the landing page with their own
// registrations, and the gifts and invitations they report themselves.
// The person is the one HR linked to the account; without one the pages
// say to ask HR. Every gift comes through a store method that finds it by
// the account, so another person's gift does not exist here (404), and an
// employee can report but never decide.

type myHomePage struct {
	Person    *domain.Person // nil: the account is linked to nobody
	Gifts     []giftRow      // the latest few
	GiftCount int
	Pending   int
	Threshold string
}

// myPerson returns the person linked to the account, or nil.
func (s *Server) myPerson(r *http.Request) (*domain.Person, error) {
	rs := state(r)
	p, err := s.store.PersonForUser(r.Context(), rs.org.ID, rs.user.ID)
	if domain.IsNotFound(err) {
		return nil, nil
	}
	return p, err
}

func (s *Server) myHome(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	p := myHomePage{}
	person, err := s.myPerson(r)
	if err != nil {
		return err
	}
	if person != nil {
		p.Person = person
		gifts, err := s.store.OwnGifts(ctx, rs.org.ID, rs.user.ID)
		if err != nil {
			return err
		}
		threshold, err := s.store.GiftThreshold(ctx, rs.org.ID)
		if err != nil {
			return err
		}
		p.GiftCount, p.Threshold = len(gifts), domain.FormatEuroIn(rs.lang, threshold)
		for _, g := range gifts {
			if g.Decision == domain.GiftDecisionPending {
				p.Pending++
			}
		}
		p.Gifts = s.giftRows(rs.lang, gifts[:min(len(gifts), 3)], threshold)
	}
	s.render(w, r, http.StatusOK, "my", s.cat.T(rs.lang, "selfservice.title"), p)
	return nil
}

type myGiftsPage struct {
	Linked    bool
	Rows      []giftRow
	Threshold string
	Notice    string
}

func (s *Server) myGifts(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	p := myGiftsPage{}
	person, err := s.myPerson(r)
	if err != nil {
		return err
	}
	if person != nil {
		p.Linked = true
		gifts, err := s.store.OwnGifts(ctx, rs.org.ID, rs.user.ID)
		if err != nil {
			return err
		}
		threshold, err := s.store.GiftThreshold(ctx, rs.org.ID)
		if err != nil {
			return err
		}
		p.Rows, p.Threshold = s.giftRows(rs.lang, gifts, threshold), domain.FormatEuroIn(rs.lang, threshold)
		if r.URL.Query().Get("done") == "created" {
			p.Notice = s.cat.T(rs.lang, "gift.my_done_created", s.orgSettings(r).HR())
		}
	}
	s.render(w, r, http.StatusOK, "my_gifts", s.cat.T(rs.lang, "gift.my_title"), p)
	return nil
}

type myGiftFormPage struct {
	Linked    bool
	Form      *form
	Kinds     []check
	Threshold string
}

func (s *Server) myGiftNew(w http.ResponseWriter, r *http.Request) error {
	person, err := s.myPerson(r)
	if err != nil {
		return err
	}
	f := &form{Values: url.Values{"offered_on": {domain.Today(s.store.Now()).String()}, "kind": {string(domain.GiftKindGift)}}, Errors: map[string]string{}}
	return s.renderMyGiftForm(w, r, http.StatusOK, myGiftFormPage{Linked: person != nil, Form: f})
}

func (s *Server) renderMyGiftForm(w http.ResponseWriter, r *http.Request, status int, p myGiftFormPage) error {
	rs := state(r)
	threshold, err := s.store.GiftThreshold(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	p.Threshold = domain.FormatEuroIn(rs.lang, threshold)
	p.Kinds = s.checks(rs.lang, "gift.kind.", domain.Strings(domain.GiftKinds), []string{p.Form.Values.Get("kind")})
	s.render(w, r, status, "my_gift_form", s.cat.T(rs.lang, "gift.my_new"), p)
	return nil
}

// myGiftCreate records a gift the employee reports: for themselves, and
// pending until HR decides. Whatever the form says about a recipient or a
// decision is ignored.
func (s *Server) myGiftCreate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	person, err := s.myPerson(r)
	if err != nil {
		return err
	}
	if person == nil {
		return domain.Errorf(domain.ECONFLICT, "gift.err_no_person", s.orgSettings(r).HR())
	}
	threshold, err := s.store.GiftThreshold(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	f := newForm(r)
	f.Values.Set("person", strconv.FormatInt(person.ID, 10))
	g, errs := s.parseGift(f, domain.GiftDecisionPending, threshold)
	f.Values.Del("person")
	if len(errs) == 0 {
		if err := s.store.ReportOwnGift(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, rs.user.ID, g); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderMyGiftForm(w, r, http.StatusBadRequest, myGiftFormPage{Linked: true, Form: f})
	}
	s.redirect(w, r, s.orgURL(rs.org, "my/gifts?done=created"))
	return nil
}

type myGiftPage struct {
	Row       giftRow
	Threshold string
}

func (s *Server) myGift(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	id, err := giftID(r)
	if err != nil {
		return err
	}
	g, err := s.store.OwnGift(ctx, rs.org.ID, rs.user.ID, id)
	if err != nil {
		return err
	}
	threshold, err := s.store.GiftThreshold(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	p := myGiftPage{Row: s.giftRows(rs.lang, []*domain.Gift{g}, threshold)[0], Threshold: domain.FormatEuroIn(rs.lang, threshold)}
	s.render(w, r, http.StatusOK, "my_gift", s.cat.T(rs.lang, "gift.my_gift_title"), p)
	return nil
}
