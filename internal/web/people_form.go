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

// A person's page: the form with every field of the register, and, for a
// person already in it, where each onboarding item stands.

type personFormPage struct {
	Form        *form
	ID          int64 // 0 for a new person
	Heading     string
	Employments []option
	Positions   []option
	OathKinds   []option
	Accounts    []option
	Items       []personItem // where the onboarding stands, for a stored person
	Left        bool
	Destroyed   string // the note that the onboarding record was destroyed, and when
	DeleteError string
}

// personItem is one onboarding item of a person: done (with the date),
// lacking (since how many days of service) or not applicable.
type personItem struct {
	Label  string
	Status string
	Badge  string // the status badge's modifier; the text says it all
}

// personDates are the form's date fields, in the order of the form.
var personDates = []string{"start_on", "end_on", "vog_on", "oath_on", "declaration_on", "confidential_on", "intro_training_on"}

func personDate(p *domain.Person, field string) *time.Time {
	switch field {
	case "start_on":
		return p.StartOn
	case "end_on":
		return p.EndOn
	case "vog_on":
		return p.VOGOn
	case "oath_on":
		return p.OathOn
	case "declaration_on":
		return p.DeclarationOn
	case "confidential_on":
		return p.ConfidentialOn
	case "intro_training_on":
		return p.IntroTrainingOn
	}
	return nil
}

func setPersonDate(p *domain.Person, field string, d *time.Time) {
	switch field {
	case "start_on":
		p.StartOn = d
	case "end_on":
		p.EndOn = d
	case "vog_on":
		p.VOGOn = d
	case "oath_on":
		p.OathOn = d
	case "declaration_on":
		p.DeclarationOn = d
	case "confidential_on":
		p.ConfidentialOn = d
	case "intro_training_on":
		p.IntroTrainingOn = d
	}
}

// personValues fills the form with a stored person.
func personValues(p *domain.Person) url.Values {
	v := url.Values{"ref": {p.Ref}, "name": {p.Name}, "employment": {string(p.Employment)}, "department": {p.Department},
		"oath_kind": {string(p.OathKind)}, "oath_witness": {p.OathWitness}}
	if p.PositionID != 0 {
		v.Set("position", strconv.FormatInt(p.PositionID, 10))
	}
	if p.UserID != 0 {
		v.Set("account", strconv.FormatInt(p.UserID, 10))
	}
	for _, field := range personDates {
		if d := personDate(p, field); d != nil {
			v.Set(field, domain.DateOf(*d).String())
		}
	}
	return v
}

// formID reads the number of a choice; "" is none.
func formID(v, field string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.FieldError(field, "err.choice_invalid")
	}
	return id, nil
}

// parsePerson reads the form and returns every problem with it. An empty
// department is the position's.
func (s *Server) parsePerson(f *form, positions []*domain.Position) (*domain.Person, []error) {
	v := f.Values
	p := &domain.Person{Ref: v.Get("ref"), Name: v.Get("name"), Employment: domain.Employment(v.Get("employment")), Department: v.Get("department"),
		OathKind: domain.OathKind(v.Get("oath_kind")), OathWitness: v.Get("oath_witness")}
	var errs []error
	var err error
	if p.PositionID, err = formID(v.Get("position"), "position"); err != nil {
		errs = append(errs, err)
	}
	if p.UserID, err = formID(v.Get("account"), "account"); err != nil {
		errs = append(errs, err)
	}
	for _, field := range personDates {
		d, err := parseDayStart(field, v.Get(field))
		switch {
		case err != nil:
			errs = append(errs, err)
		case !d.IsZero():
			setPersonDate(p, field, &d)
		}
	}
	if strings.TrimSpace(p.Department) == "" && p.PositionID != 0 {
		for _, pos := range positions {
			if pos.ID == p.PositionID {
				p.Department = pos.Department
			}
		}
	}
	return p, append(errs, p.Check()...)
}

// renderPersonForm shows the form with its choices: the positions, and the
// accounts with the employee role that no other person is linked to.
func (s *Server) renderPersonForm(w http.ResponseWriter, r *http.Request, status int, p personFormPage, stored *domain.Person) error {
	rs := state(r)
	ctx := r.Context()
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	v := p.Form.Values
	p.Employments = s.options(rs.lang, "people.employment.", domain.Strings(domain.Employments), v.Get("employment"))
	p.OathKinds = s.options(rs.lang, "people.oath_kind.", domain.Strings(domain.OathKinds), v.Get("oath_kind"))
	positions, err := s.store.Positions(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	p.Positions = []option{{Value: "", Label: T("people.position_none")}}
	for _, pos := range positions {
		label := pos.Title + " (" + pos.Ref + ")"
		if pos.Department != "" {
			label = pos.Title + ", " + pos.Department + " (" + pos.Ref + ")"
		}
		id := strconv.FormatInt(pos.ID, 10)
		p.Positions = append(p.Positions, option{Value: id, Label: label, Selected: id == v.Get("position")})
	}
	users, err := s.store.Users(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	linked, err := s.store.People(ctx, rs.org.ID, store.PeopleFilter{})
	if err != nil {
		return err
	}
	taken := map[int64]bool{}
	for _, other := range linked {
		if other.UserID != 0 && other.ID != p.ID {
			taken[other.UserID] = true
		}
	}
	p.Accounts = []option{{Value: "", Label: T("people.account_none")}}
	for _, u := range users {
		id := strconv.FormatInt(u.ID, 10)
		// The account linked now stays a choice, even once its role or
		// the account itself is gone, so that saving does not unlink it.
		if taken[u.ID] || (!u.HasRole(domain.RoleEmployee) || u.Disabled) && id != v.Get("account") {
			continue
		}
		p.Accounts = append(p.Accounts, option{Value: id, Label: u.DisplayName + " (" + u.Username + ")", Selected: id == v.Get("account")})
	}
	if stored != nil {
		now := s.store.Now()
		p.Left = stored.Left(now)
		if d := stored.OnboardingDestroyedAt; d != nil {
			p.Destroyed = T("people.onboarding_destroyed", caseDate(*d))
		}
		for _, item := range domain.OnboardingItems {
			p.Items = append(p.Items, s.personItem(rs.lang, stored, item, now))
		}
	}
	title := T("people.new")
	if p.Heading != "" {
		title = p.Heading
	}
	s.render(w, r, status, "people_form", title, p)
	return nil
}

// personItem says where one onboarding item of a person stands.
func (s *Server) personItem(lang string, p *domain.Person, item domain.OnboardingItem, now time.Time) personItem {
	T := func(key string, args ...any) string { return s.cat.T(lang, key, args...) }
	it := personItem{Label: T("people.item." + string(item))}
	switch d := p.Done(item); {
	case d != nil:
		it.Status, it.Badge = T("people.done_on", caseDate(*d)), "success"
		if item == domain.OnboardingItemOath && p.OathKind != "" {
			it.Status = T("people.oath_done_on", T("people.oath_kind."+string(p.OathKind)), caseDate(*d))
			if p.OathWitness != "" {
				it.Status += " " + T("people.oath_witnessed", p.OathWitness)
			}
		}
	case !domain.Owes(p.Employment, item):
		it.Status, it.Badge = T("people.not_applicable"), "neutral"
	case p.Left(now):
		it.Status, it.Badge = T("people.missing_left"), "neutral"
	default:
		it.Status, it.Badge = s.missingSince(lang, p.StartOn, now), "warning"
	}
	return it
}

// missingSince words how long an item has been lacking: since the start
// date, in days.
func (s *Server) missingSince(lang string, start *time.Time, now time.Time) string {
	if start == nil {
		return s.cat.T(lang, "people.missing_no_start")
	}
	days := domain.DaysBetween(*start, now)
	if days < 0 {
		return s.cat.T(lang, "people.missing_before_start", caseDate(*start))
	}
	return s.cat.T(lang, "people.missing_days", days, caseDate(*start))
}

func (s *Server) personNew(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: url.Values{"employment": {"permanent"}}, Errors: map[string]string{}}
	return s.renderPersonForm(w, r, http.StatusOK, personFormPage{Form: f}, nil)
}

func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	f := newForm(r)
	positions, err := s.store.Positions(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	p, errs := s.parsePerson(f, positions)
	p.OrgID = rs.org.ID
	if len(errs) == 0 {
		if err := s.store.SavePerson(ctx, store.UserActor(rs.user, rs.session.ID), p); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderPersonForm(w, r, http.StatusBadRequest, personFormPage{Form: f}, nil)
	}
	s.redirect(w, r, s.orgURL(rs.org, "people?done=created"))
	return nil
}

func (s *Server) personEdit(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := peopleID(r)
	if err != nil {
		return err
	}
	p, err := s.store.Person(r.Context(), rs.org.ID, id)
	if err != nil {
		return err
	}
	return s.renderPersonForm(w, r, http.StatusOK, personFormPage{Form: &form{Values: personValues(p), Errors: map[string]string{}},
		ID: id, Heading: personName(p)}, p)
}

func (s *Server) personUpdate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	id, err := peopleID(r)
	if err != nil {
		return err
	}
	old, err := s.store.Person(ctx, rs.org.ID, id)
	if err != nil {
		return err
	}
	positions, err := s.store.Positions(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	f := newForm(r)
	p, errs := s.parsePerson(f, positions)
	p.ID, p.OrgID = id, rs.org.ID
	if len(errs) == 0 {
		if err := s.store.SavePerson(ctx, store.UserActor(rs.user, rs.session.ID), p); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderPersonForm(w, r, http.StatusBadRequest, personFormPage{Form: f, ID: id, Heading: personName(old)}, old)
	}
	s.redirect(w, r, s.orgURL(rs.org, "people?done=saved"))
	return nil
}

func (s *Server) personDelete(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := peopleID(r)
	if err != nil {
		return err
	}
	err = s.store.DeletePerson(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		// Named in another register: say so on the person's page.
		p, perr := s.store.Person(r.Context(), rs.org.ID, id)
		if perr != nil {
			return perr
		}
		e := domain.AsError(err)
		return s.renderPersonForm(w, r, http.StatusConflict, personFormPage{Form: &form{Values: personValues(p), Errors: map[string]string{}},
			ID: id, Heading: personName(p), DeleteError: s.cat.T(rs.lang, e.Key, e.Args...)}, p)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "people?done=deleted"))
	return nil
}
