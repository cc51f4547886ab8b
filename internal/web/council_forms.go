package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The forms of the council clerk's three registers. Each register is a
// councilRegister; councilHandlers makes its new, create, edit, update and
// delete handlers, which work the same way for all three: a refused input
// shows the form again with what was typed, a message at each field and
// nothing stored; a success goes back to the register's list.

// councilRegister describes one register for the shared form handlers.
type councilRegister[T any] struct {
	slug     string // path segment and catalogue family: questions, screenings, codes
	notFound string // message key of a record that does not exist
	defaults url.Values
	get      func(ctx context.Context, orgID, id int64) (*T, error)
	create   func(ctx context.Context, a store.Actor, orgID int64, x *T) error
	update   func(ctx context.Context, a store.Actor, orgID int64, x *T) error
	remove   func(ctx context.Context, a store.Actor, orgID, id int64) error
	parse    func(f *form) (*T, []error)
	values   func(x *T) url.Values
	setID    func(x *T, id int64)
	id       func(x *T) int64
	day      func(x *T) time.Time // its date, for the list to go back to
}

// councilFormPage is what council_form.html receives.
type councilFormPage struct {
	Register string // questions, screenings or codes
	ID       int64  // 0 for a new record
	Form     *form
	Delete   *form
	Back     string
	Topics   []option
	Roles    []option
	Outcomes []option
	Bodies   []option
}

type councilFormHandlers struct {
	newForm, create, page, update, remove handler
}

func councilHandlers[T any](s *Server, reg councilRegister[T]) councilFormHandlers {
	render := func(w http.ResponseWriter, r *http.Request, status int, id int64, f, del *form) error {
		return s.renderCouncilForm(w, r, status, reg.slug, id, f, del)
	}
	load := func(r *http.Request) (*T, error) {
		id, err := acPathID(r, reg.notFound)
		if err != nil {
			return nil, err
		}
		return reg.get(r.Context(), state(r).org.ID, id)
	}
	save := func(w http.ResponseWriter, r *http.Request, id int64, done string) error {
		rs := state(r)
		f := newForm(r)
		x, errs := reg.parse(f)
		if len(errs) == 0 {
			reg.setID(x, id)
			do := reg.create
			if id != 0 {
				do = reg.update
			}
			if err := do(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, x); err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) > 0 {
			if err := s.failAll(f, rs.lang, errs); err != nil {
				return err
			}
			if len(f.Errors) > 0 && f.Error == "" {
				f.Error = s.cat.T(rs.lang, "council.check_fields")
			}
			return render(w, r, statusFor[domain.ErrorCode(errs[0])], id, f, nil)
		}
		s.redirect(w, r, s.councilBack(rs.org, reg.slug, reg.day(x))+"&done="+done+"#"+reg.slug+"-"+strconv.FormatInt(reg.id(x), 10))
		return nil
	}
	return councilFormHandlers{
		newForm: func(w http.ResponseWriter, r *http.Request) error {
			v := url.Values{}
			for k, vs := range reg.defaults {
				v[k] = vs
			}
			if reg.slug != "codes" { // the adoption date is never today by default
				v.Set("date", domain.Today(s.store.Now()).String())
			}
			return render(w, r, http.StatusOK, 0, &form{Values: v, Errors: map[string]string{}}, nil)
		},
		create: func(w http.ResponseWriter, r *http.Request) error { return save(w, r, 0, "created") },
		page: func(w http.ResponseWriter, r *http.Request) error {
			x, err := load(r)
			if err != nil {
				return err
			}
			return render(w, r, http.StatusOK, reg.id(x), &form{Values: reg.values(x), Errors: map[string]string{}}, nil)
		},
		update: func(w http.ResponseWriter, r *http.Request) error {
			x, err := load(r)
			if err != nil {
				return err
			}
			return save(w, r, reg.id(x), "saved")
		},
		remove: func(w http.ResponseWriter, r *http.Request) error {
			rs := state(r)
			x, err := load(r)
			if err != nil {
				return err
			}
			del := newForm(r)
			if del.Values.Get("confirm") != "1" {
				del.Errors["confirm"] = s.cat.T(rs.lang, "err.council_delete_confirm")
				return render(w, r, http.StatusBadRequest, reg.id(x), &form{Values: reg.values(x), Errors: map[string]string{}}, del)
			}
			if err := reg.remove(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, reg.id(x)); err != nil {
				return err
			}
			s.redirect(w, r, s.councilBack(rs.org, reg.slug, reg.day(x))+"&done=deleted")
			return nil
		},
	}
}

// councilBack is the register's list for the year of day (the codes: all
// years, since a code stays in force until the next version).
func (s *Server) councilBack(org *domain.Organisation, slug string, day time.Time) string {
	year := "all"
	if slug != "codes" {
		year = strconv.Itoa(day.In(amsterdam).Year())
	}
	return s.orgURL(org, "council/"+slug+"?year="+year)
}

func (s *Server) renderCouncilForm(w http.ResponseWriter, r *http.Request, status int, slug string, id int64, f, del *form) error {
	rs := state(r)
	if del == nil {
		del = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	v := f.Values
	p := councilFormPage{Register: slug, ID: id, Form: f, Delete: del,
		Topics:   s.options(rs.lang, "council.topic.", domain.Strings(domain.CouncilTopics), v.Get("topic")),
		Roles:    s.options(rs.lang, "council.role.", domain.Strings(domain.CandidateRoles), v.Get("candidate_role")),
		Outcomes: s.options(rs.lang, "council.outcome.", domain.Strings(domain.ScreeningOutcomes), v.Get("outcome")),
		Bodies:   s.options(rs.lang, "council.body.", domain.Strings(domain.ConductBodies), v.Get("body")),
	}
	day, _ := parseDayNoon("date", v.Get("date"))
	if day.IsZero() {
		day = s.store.Now()
	}
	p.Back = s.councilBack(rs.org, slug, day)
	key := "council." + slug + "_new"
	if id != 0 {
		key = "council." + slug + "_edit"
	}
	s.render(w, r, status, "council_form", s.cat.T(rs.lang, key), p)
	return nil
}

// acYesNo reads a yes/no radio group: "yes" or "no", nothing else.
func acYesNo(v url.Values, field string) (bool, error) {
	switch domain.YesNo(v.Get(field)) {
	case domain.YesNoYes:
		return true, nil
	case domain.YesNoNo:
		return false, nil
	}
	return false, domain.FieldError(field, "err.council_yes_no")
}

func acYesNoValue(b bool) string {
	if b {
		return string(domain.YesNoYes)
	}
	return string(domain.YesNoNo)
}

func (s *Server) questionRegister() councilRegister[domain.CouncilQuestion] {
	return councilRegister[domain.CouncilQuestion]{
		slug: "questions", notFound: "err.council_question_not_found",
		defaults: url.Values{"mayor_conversation": {string(domain.YesNoNo)}, "preliminary_inquiry": {string(domain.YesNoNo)}},
		get:      s.store.CouncilQuestion, create: s.store.CreateCouncilQuestion, update: s.store.UpdateCouncilQuestion,
		remove: s.store.DeleteCouncilQuestion,
		parse: func(f *form) (*domain.CouncilQuestion, []error) {
			v := f.Values
			q := &domain.CouncilQuestion{Topic: domain.CouncilTopic(v.Get("topic"))}
			var errs []error
			day, dateErr := parseDayNoon("date", v.Get("date"))
			if dateErr != nil {
				errs = append(errs, dateErr)
			}
			q.Date = day
			for _, yn := range []struct {
				field string
				to    *bool
			}{{"mayor_conversation", &q.MayorConversation}, {"preliminary_inquiry", &q.PreliminaryInquiry}} {
				b, err := acYesNo(v, yn.field)
				if err != nil {
					errs = append(errs, err)
				}
				*yn.to = b
			}
			check := *q                           // Check tidies what it checks; q goes to the store as typed
			errs = append(errs, check.Check()...) // at an unreadable date, the parse error is the one shown
			return q, errs
		},
		values: func(q *domain.CouncilQuestion) url.Values {
			return url.Values{"date": {domain.DateOf(q.Date).String()}, "mayor_conversation": {acYesNoValue(q.MayorConversation)},
				"preliminary_inquiry": {acYesNoValue(q.PreliminaryInquiry)}, "topic": {string(q.Topic)}}
		},
		setID: func(q *domain.CouncilQuestion, id int64) { q.ID = id },
		id:    func(q *domain.CouncilQuestion) int64 { return q.ID },
		day:   func(q *domain.CouncilQuestion) time.Time { return q.Date },
	}
}

func (s *Server) screeningRegister() councilRegister[domain.Screening] {
	return councilRegister[domain.Screening]{
		slug: "screenings", notFound: "err.screening_not_found",
		get: s.store.Screening, create: s.store.CreateScreening, update: s.store.UpdateScreening, remove: s.store.DeleteScreening,
		parse: func(f *form) (*domain.Screening, []error) {
			v := f.Values
			x := &domain.Screening{Reference: v.Get("reference"), CandidateRole: domain.CandidateRole(v.Get("candidate_role")),
				PerformedBy: v.Get("performed_by"), Outcome: domain.ScreeningOutcome(v.Get("outcome")), Note: v.Get("note")}
			var errs []error
			day, dateErr := parseDayNoon("date", v.Get("date"))
			if dateErr != nil {
				errs = append(errs, dateErr)
			}
			x.Date = day
			check := *x                           // Check tidies what it checks; x goes to the store as typed
			errs = append(errs, check.Check()...) // at an unreadable date, the parse error is the one shown
			return x, errs
		},
		values: func(x *domain.Screening) url.Values {
			return url.Values{"date": {domain.DateOf(x.Date).String()}, "reference": {x.Reference}, "candidate_role": {string(x.CandidateRole)},
				"performed_by": {x.PerformedBy}, "outcome": {string(x.Outcome)}, "note": {x.Note}}
		},
		setID: func(x *domain.Screening, id int64) { x.ID = id },
		id:    func(x *domain.Screening) int64 { return x.ID },
		day:   func(x *domain.Screening) time.Time { return x.Date },
	}
}

func (s *Server) codeRegister() councilRegister[domain.ConductCode] {
	return councilRegister[domain.ConductCode]{
		slug: "codes", notFound: "err.conduct_code_not_found",
		get: s.store.ConductCode, create: s.store.CreateConductCode, update: s.store.UpdateConductCode, remove: s.store.DeleteConductCode,
		parse: func(f *form) (*domain.ConductCode, []error) {
			v := f.Values
			c := &domain.ConductCode{Body: domain.ConductBody(v.Get("body")), Title: v.Get("title"), Version: v.Get("version"), PublishedAt: v.Get("published_at")}
			var errs []error
			day, dateErr := parseDayNoon("adopted_on", v.Get("adopted_on"))
			if dateErr != nil {
				errs = append(errs, dateErr)
			}
			c.AdoptedOn = day
			check := *c                           // Check tidies what it checks; c goes to the store as typed
			errs = append(errs, check.Check()...) // at an unreadable date, the parse error is the one shown
			return c, errs
		},
		values: func(c *domain.ConductCode) url.Values {
			return url.Values{"body": {string(c.Body)}, "title": {c.Title}, "version": {c.Version},
				"adopted_on": {domain.DateOf(c.AdoptedOn).String()}, "published_at": {c.PublishedAt}}
		},
		setID: func(c *domain.ConductCode, id int64) { c.ID = id },
		id:    func(c *domain.ConductCode) int64 { return c.ID },
		day:   func(c *domain.ConductCode) time.Time { return c.AdoptedOn },
	}
}
