package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The forms of the gifts register (HR): record a gift with its decision,
// change its details, decide, delete. The threshold rule is enforced by
// the store; the forms say it before anyone types.

type giftFormPage struct {
	Form         *form
	ID           int64 // 0 for a new gift
	G            *domain.Gift
	People       []option
	Kinds        []check
	Decisions    []check
	Threshold    string
	Above        bool  // the stored gift is above the threshold
	DecisionForm *form // the decision of a stored gift
	Notice       string
}

func (s *Server) giftNew(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"offered_on": {domain.Today(s.store.Now()).String()}, "kind": {string(domain.GiftKindGift)}, "decision": {string(domain.GiftDecisionPending)}}
	if id := r.URL.Query().Get("person"); id != "" {
		v.Set("person", id)
	}
	return s.renderGiftForm(w, r, http.StatusOK, giftFormPage{Form: &form{Values: v, Errors: map[string]string{}}})
}

// renderGiftForm shows the form of a new gift, or the page of a stored one
// (p.G set) with its details, its decision and the delete button.
func (s *Server) renderGiftForm(w http.ResponseWriter, r *http.Request, status int, p giftFormPage) error {
	rs := state(r)
	ctx := r.Context()
	threshold, err := s.store.GiftThreshold(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	people, err := s.store.People(ctx, rs.org.ID, store.PeopleFilter{Current: true})
	if err != nil {
		return err
	}
	sel := p.Form.Values.Get("person")
	found := false
	for _, person := range people {
		id := strconv.FormatInt(person.ID, 10)
		found = found || id == sel
		p.People = append(p.People, option{Value: id, Label: personLabel(person.Name, person.Ref), Selected: id == sel})
	}
	if p.G != nil && !found && sel == strconv.FormatInt(p.G.PersonID, 10) { // a recipient who has left
		p.People = append([]option{{Value: sel, Label: personLabel(p.G.PersonName, p.G.PersonRef), Selected: true}}, p.People...)
	}
	p.Kinds = s.checks(rs.lang, "gift.kind.", domain.Strings(domain.GiftKinds), []string{p.Form.Values.Get("kind")})
	decision := p.Form.Values.Get("decision")
	if p.G != nil {
		if p.DecisionForm == nil {
			p.DecisionForm = &form{Values: url.Values{"decision": {string(p.G.Decision)}}, Errors: map[string]string{}}
		}
		decision = p.DecisionForm.Values.Get("decision")
		p.ID, p.Above = p.G.ID, p.G.NeedsPermission(threshold)
	}
	p.Decisions = s.checks(rs.lang, "gift.decision.", domain.Strings(domain.GiftDecisions), []string{decision})
	p.Threshold = domain.FormatEuroIn(rs.lang, threshold)
	title := "gift.new"
	if p.G != nil {
		title = "gift.edit"
	}
	s.render(w, r, status, "gift_form", s.cat.T(rs.lang, title), p)
	return nil
}

// parseGift reads the form's details with the decision and returns every
// problem with them under the threshold.
func (s *Server) parseGift(f *form, decision domain.GiftDecision, threshold int64) (*domain.Gift, []error) {
	v := f.Values
	g := &domain.Gift{Giver: v.Get("giver"), Description: v.Get("description"), Kind: domain.GiftKind(v.Get("kind")), Decision: decision}
	var errs []error
	if id, err := strconv.ParseInt(v.Get("person"), 10, 64); err == nil {
		g.PersonID = id
	}
	if d, err := parseDayStart("offered_on", v.Get("offered_on")); err != nil {
		errs = append(errs, err)
	} else {
		g.OfferedOn = d
	}
	switch cents, ok := domain.ParseEuro(v.Get("value")); {
	case v.Get("value") == "":
		errs = append(errs, domain.FieldError("value", "gift.err_value_required"))
		g.ValueCents = 0
	case !ok:
		errs = append(errs, domain.FieldError("value", "gift.err_value"))
	default:
		g.ValueCents = cents
	}
	return g, append(errs, g.Check(s.store.Now(), threshold)...)
}

func (s *Server) giftCreate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	threshold, err := s.store.GiftThreshold(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	f := newForm(r)
	g, errs := s.parseGift(f, domain.GiftDecision(f.Values.Get("decision")), threshold)
	if len(errs) == 0 {
		if err := s.store.CreateGift(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, g); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderGiftForm(w, r, http.StatusBadRequest, giftFormPage{Form: f})
	}
	s.redirect(w, r, s.orgURL(rs.org, "gifts?done=created"))
	return nil
}

// giftID reads the gift's number from the path; anything else is a gift
// that does not exist.
func giftID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "gift.err_not_found")
	}
	return id, nil
}

// giftValues fills a form with a stored gift's details.
func giftValues(g *domain.Gift) url.Values {
	return url.Values{"person": {strconv.FormatInt(g.PersonID, 10)}, "giver": {g.Giver}, "offered_on": {domain.DateOf(g.OfferedOn).String()},
		"description": {g.Description}, "value": {domain.FormatEuroInput(g.ValueCents)}, "kind": {string(g.Kind)}}
}

// loadGift reads the gift named in the path.
func (s *Server) loadGift(r *http.Request) (*domain.Gift, error) {
	id, err := giftID(r)
	if err != nil {
		return nil, err
	}
	return s.store.Gift(r.Context(), state(r).org.ID, id)
}

func (s *Server) giftEdit(w http.ResponseWriter, r *http.Request) error {
	g, err := s.loadGift(r)
	if err != nil {
		return err
	}
	p := giftFormPage{Form: &form{Values: giftValues(g), Errors: map[string]string{}}, G: g}
	if r.URL.Query().Get("done") == "decided" {
		p.Notice = s.cat.T(state(r).lang, "gift.done_decided")
	}
	return s.renderGiftForm(w, r, http.StatusOK, p)
}

func (s *Server) giftUpdate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	old, err := s.loadGift(r)
	if err != nil {
		return err
	}
	threshold, err := s.store.GiftThreshold(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	f := newForm(r)
	if cents, ok := domain.ParseEuro(f.Values.Get("value")); ok && cents == old.ValueCents {
		threshold = max(threshold, old.ValueCents) // an unchanged value keeps its decision
	}
	g, errs := s.parseGift(f, old.Decision, threshold)
	g.ID = old.ID
	errs = domain.GiftDetailErrors(errs)
	if len(errs) == 0 {
		if err := s.store.UpdateGift(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, g); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderGiftForm(w, r, http.StatusBadRequest, giftFormPage{Form: f, G: old})
	}
	s.redirect(w, r, s.orgURL(rs.org, "gifts?done=saved"))
	return nil
}

// giftDecide records HR's decision; above the threshold plain "accepted"
// is refused with the threshold named.
func (s *Server) giftDecide(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	g, err := s.loadGift(r)
	if err != nil {
		return err
	}
	df := newForm(r)
	if err := s.store.DecideGift(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, g.ID, domain.GiftDecision(df.Values.Get("decision"))); err != nil {
		if !s.fail(df, rs.lang, err) {
			return err
		}
		return s.renderGiftForm(w, r, http.StatusBadRequest, giftFormPage{Form: &form{Values: giftValues(g), Errors: map[string]string{}},
			G: g, DecisionForm: df})
	}
	s.redirect(w, r, s.orgURL(rs.org, "gifts/"+strconv.FormatInt(g.ID, 10)+"?done=decided"))
	return nil
}

func (s *Server) giftDelete(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := giftID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteGift(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "gifts?done=deleted"))
	return nil
}
