package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The confidential advisers (vertrouwenspersonen). An adviser records their
// own work without names and sees only their own records: every store call
// passes the logged-in adviser's ID, so another adviser's case is a 404.
// Nobody else has a route to a record; the controller sees aggregates only
// (advisers_figures.go). The one free text, a case's note, is sealed to the
// adviser's own key.

// adviserCall is what a handler of the adviser's pages needs of the request.
type adviserCall struct {
	rs    *requestState
	actor store.Actor
	orgID int64
	me    int64 // the adviser: every record is theirs
}

func adviserOf(r *http.Request) adviserCall {
	rs := state(r)
	return adviserCall{rs: rs, actor: store.UserActor(rs.user, rs.session.ID), orgID: rs.org.ID, me: rs.user.ID}
}

// adviserIssueLabel is the label of an issue kind: a conduct kind of the advisers'
// catalogue, or a type of the national typology.
func (s *Server) adviserIssueLabel(lang, code string) string {
	if slices.Contains(domain.Categories, domain.Category(code)) {
		return s.cat.T(lang, "case.category."+code)
	}
	return s.cat.T(lang, "adviser.issue."+code)
}

func (s *Server) adviserLabels(lang string, codes []string, label func(lang, code string) string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = label(lang, c)
	}
	return strings.Join(out, ", ")
}

// adviserHours formats hours for people reading lang.
func adviserHours(h float64, lang string) string { return domain.FormatHours(h, lang) }

func parseAdviserHours(v string) (int, error) {
	if strings.TrimSpace(v) == "" {
		return 0, domain.FieldError("hours", "err.adviser_hours_required")
	}
	m, ok := domain.ParseHours(v)
	if !ok {
		return 0, domain.FieldError("hours", "err.adviser_hours_invalid")
	}
	return m, nil
}

// adviserPathID reads the record's ID from the path; anything else is a
// record that does not exist.
func adviserPathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "err.adviser_record_not_found")
	}
	return id, nil
}

// adviserToday is today's date as the date inputs show it.
func (s *Server) adviserToday() string { return domain.Today(s.store.Now()).String() }

// adviserNotice translates the ?done= of a redirect in the family prefix.
func (s *Server) adviserNotice(r *http.Request, prefix string) string {
	done := r.URL.Query().Get("done")
	if done == "" || !s.cat.Has(prefix+done) {
		return ""
	}
	return s.cat.T(state(r).lang, prefix+done)
}

// --- The adviser's page: a contact in seconds, the open cases below. ---

type adviserHomePage struct {
	Notice       string
	Form         *form
	ContactKinds []check
	CaseChoices  []option
	Open         []adviserCaseRow
	Kind         string // internal, external or "" when not said
	KindForm     *form
	AdviserKinds []check
}

func (s *Server) adviserHome(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: map[string][]string{}, Errors: map[string]string{}}
	return s.renderAdviserHome(w, r, http.StatusOK, f, nil)
}

func (s *Server) renderAdviserHome(w http.ResponseWriter, r *http.Request, status int, f, kindForm *form) error {
	a := adviserOf(r)
	ctx, lang := r.Context(), a.rs.lang
	if f.Values.Get("date") == "" {
		f.Values.Set("date", s.adviserToday())
	}
	if f.Values.Get("kind") == "" {
		f.Values.Set("kind", string(domain.AdviserContactKindConversation))
	}
	open, err := s.store.AdviserCases(ctx, a.orgID, a.me, store.AdviserCaseFilter{State: domain.AdviserCaseStateOpen})
	if err != nil {
		return err
	}
	kind, err := s.store.AdviserKind(ctx, a.orgID, a.me)
	if err != nil {
		return err
	}
	if kindForm == nil {
		kindForm = &form{Values: map[string][]string{"adviser_kind": {kind}}, Errors: map[string]string{}}
	}
	p := adviserHomePage{Form: f, Kind: kind, KindForm: kindForm, Notice: s.adviserNotice(r, "adviser.done_"),
		ContactKinds: s.checks(lang, "adviser.contact_kind.", domain.Strings(domain.AdviserContactKinds), []string{f.Values.Get("kind")}),
		AdviserKinds: s.checks(lang, "adviser.kind.", domain.Strings(domain.AdviserKinds), []string{kindForm.Values.Get("adviser_kind")}),
		CaseChoices:  s.adviserCaseChoices(lang, open, f.Values.Get("case"), true),
	}
	for _, c := range open {
		p.Open = append(p.Open, s.adviserCaseRow(lang, c))
	}
	s.render(w, r, status, "adviser", s.cat.T(lang, "adviser.title"), p)
	return nil
}

// adviserCaseChoices are the options of a contact's case: none, a new case (on
// the quick form), then the cases.
func (s *Server) adviserCaseChoices(lang string, cases []*domain.AdviserCase, sel string, withNew bool) []option {
	out := []option{{Value: "", Label: s.cat.T(lang, "adviser.case_none"), Selected: sel == ""}}
	if withNew {
		out = append(out, option{Value: "new", Label: s.cat.T(lang, "adviser.case_new"), Selected: sel == "new"})
	}
	for _, c := range cases {
		v := strconv.FormatInt(c.ID, 10)
		out = append(out, option{Value: v, Label: s.cat.T(lang, "adviser.case_choice", c.Ref, c.OpenedOn.Format(domain.DisplayLayout)), Selected: sel == v})
	}
	return out
}

// parseAdviserContact reads a contact form and returns every problem with
// it at once. The form's case is "" (none), "new" (newCase) or a case's ID.
func parseAdviserContact(f *form, today time.Time) (c domain.AdviserContact, newCase bool, errs []error) {
	v := f.Values
	var err error
	if c.On, err = parseDayUTC("date", v.Get("date")); err != nil {
		errs = append(errs, err)
	}
	if c.Minutes, err = parseAdviserHours(v.Get("hours")); err != nil {
		errs = append(errs, err)
	}
	c.Kind, c.FirstContact = domain.AdviserContactKind(v.Get("kind")), v.Get("first_contact") == "1"
	switch sel := v.Get("case"); sel {
	case "":
	case "new":
		newCase = true
	default:
		if c.CaseID, err = strconv.ParseInt(sel, 10, 64); err != nil || c.CaseID <= 0 {
			errs = append(errs, domain.FieldError("case", "err.choice_invalid"))
		}
	}
	// At a date or hours that did not parse, the parse error is the one shown.
	return c, newCase, append(errs, c.Check(today)...)
}

// recordAdviserContact is the quick form: a contact, on an open case, on a
// new case (opened with it), or on none.
func (s *Server) recordAdviserContact(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	f := newForm(r)
	c, newCase, errs := parseAdviserContact(f, domain.Today(s.store.Now()).UTCMidnight())
	if len(errs) == 0 {
		if err := s.store.RecordAdviserContact(r.Context(), a.actor, a.orgID, a.me, &c, newCase); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, a.rs.lang, errs); err != nil {
			return err
		}
		return s.renderAdviserHome(w, r, http.StatusBadRequest, f, nil)
	}
	if newCase {
		s.redirect(w, r, s.orgURL(a.rs.org, "adviser/cases/"+strconv.FormatInt(c.CaseID, 10)+"?done=contact_new_case#case-form"))
		return nil
	}
	s.redirect(w, r, s.orgURL(a.rs.org, "adviser?done=contact"))
	return nil
}

// setAdviserKind records whether the adviser is internal or external.
func (s *Server) setAdviserKind(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	f := newForm(r)
	if err := s.store.SetAdviserKind(r.Context(), a.actor, a.orgID, a.me, f.Values.Get("adviser_kind")); err != nil {
		if !s.fail(f, a.rs.lang, err) {
			return err
		}
		return s.renderAdviserHome(w, r, http.StatusBadRequest, &form{Values: map[string][]string{}, Errors: map[string]string{}}, f)
	}
	s.redirect(w, r, s.orgURL(a.rs.org, "adviser?done=kind#profile"))
	return nil
}
