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

// An adviser's cases: the list, a case with its contacts, entering and
// changing a case.

// adviserCaseRow is a case as lists show it.
type adviserCaseRow struct {
	C         *domain.AdviserCase
	Issues    string
	Relations string
	Formal    string
	Hours     string
}

func (s *Server) adviserCaseRow(lang string, c *domain.AdviserCase) adviserCaseRow {
	return adviserCaseRow{C: c, Issues: s.adviserLabels(lang, c.IssueKinds, s.adviserIssueLabel),
		Relations: s.adviserLabels(lang, c.Relations, func(l, v string) string { return s.cat.T(l, "adviser.relation."+v) }),
		Formal:    s.cat.T(lang, "adviser.formal."+string(c.FormalReport)), Hours: adviserHours(c.Hours(), lang)}
}

type adviserCasesPage struct {
	Rows   []adviserCaseRow
	Years  []option
	States []option
	Query  string // the filter, for the export links
	Notice string
}

// adviserCases lists the adviser's own cases, open ones by default, of every
// year or of one; ?format=csv|xlsx exports the same list without notes.
func (s *Server) adviserCases(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	ctx, lang, q := r.Context(), a.rs.lang, r.URL.Query()
	st := domain.AdviserCaseState(q.Get("state"))
	if !slices.Contains(domain.AdviserCaseStates, st) {
		st = domain.AdviserCaseStateOpen
	}
	year := s.adviserQueryYear(r, 0)
	filter := store.AdviserCaseFilter{Year: year}
	if st != domain.AdviserCaseStateAll {
		filter.State = st
	}
	cases, err := s.store.AdviserCases(ctx, a.orgID, a.me, filter)
	if err != nil {
		return err
	}
	var rows []adviserCaseRow
	for _, c := range cases {
		rows = append(rows, s.adviserCaseRow(lang, c))
	}
	if format := exportFormat(r); format != "" {
		return s.exportAdviserCases(w, r, format, rows, year, st)
	}
	years, err := s.adviserYears(r, a.me, year, true)
	if err != nil {
		return err
	}
	p := adviserCasesPage{Rows: rows, Years: years, States: s.options(lang, "adviser.cases_filter_", domain.Strings(domain.AdviserCaseStates), string(st)),
		Query: "state=" + string(st) + "&year=" + adviserYearParam(year), Notice: s.adviserNotice(r, "adviser.done_")}
	s.render(w, r, http.StatusOK, "adviser_cases", s.cat.T(lang, "adviser.cases_title"), p)
	return nil
}

func (s *Server) exportAdviserCases(w http.ResponseWriter, r *http.Request, format string, rows []adviserCaseRow, year int, st domain.AdviserCaseState) error {
	a := adviserOf(r)
	T := func(k string) string { return s.cat.T(a.rs.lang, k) }
	t := table{Name: "vertrouwenspersoon-casussen", Title: T("adviser.cases_title"),
		Headers: []string{T("adviser.ref"), T("adviser.opened"), T("adviser.issue_kinds"), T("adviser.relations"),
			T("adviser.formal_report"), T("adviser.closed"), T("adviser.contacts"), T("adviser.hours")}}
	if year != 0 {
		t.Name += "-" + strconv.Itoa(year)
	}
	for _, row := range rows {
		t.Rows = append(t.Rows, []any{row.C.Ref, dayCell(row.C.OpenedOn), row.Issues, row.Relations, row.Formal,
			optDayCell(row.C.ClosedOn), intCell(row.C.Contacts), hoursCell(row.C.Hours(), a.rs.lang)})
	}
	if err := s.store.Audit(r.Context(), a.actor, "adviser.export", "adviser_cases", "", format+" state="+string(st)+" year="+adviserYearParam(year)); err != nil {
		return err
	}
	return s.export(w, format, t)
}

// adviserCasePage is a case with its contacts and forms, or the form for a
// new case (Case nil).
type adviserCasePage struct {
	Case           *domain.AdviserCase
	Row            adviserCaseRow
	Notice         string
	CaseForm       *form
	ContactForm    *form
	DeleteError    string
	IssueConduct   []check
	IssueIntegrity []check
	Relations      []check
	FormalReports  []check
	ContactKinds   []check
	Contacts       []adviserContactRow
	NoteMax        int
}

func adviserEmptyForm() *form {
	return &form{Values: map[string][]string{}, Errors: map[string]string{}}
}

func (s *Server) newAdviserCaseForm(w http.ResponseWriter, r *http.Request) error {
	f := adviserEmptyForm()
	f.Values.Set("opened", s.adviserToday())
	f.Values.Set("formal_report", "none")
	return s.renderAdviserCase(w, r, http.StatusOK, nil, f, nil, "")
}

// renderAdviserCase shows a case (c nil: the new-case form). caseForm and
// contactForm are what was typed into a refused form; nil shows the case.
func (s *Server) renderAdviserCase(w http.ResponseWriter, r *http.Request, status int, c *domain.AdviserCase, caseForm, contactForm *form, deleteErr string) error {
	a := adviserOf(r)
	lang := a.rs.lang
	if caseForm == nil {
		caseForm = adviserCaseFormOf(c)
	}
	if contactForm == nil {
		contactForm = adviserEmptyForm()
		contactForm.Values.Set("date", s.adviserToday())
		contactForm.Values.Set("kind", string(domain.AdviserContactKindConversation))
	}
	v := caseForm.Values
	p := adviserCasePage{Case: c, CaseForm: caseForm, ContactForm: contactForm, DeleteError: deleteErr, NoteMax: domain.AdviserNoteMaxRunes,
		Notice:         s.adviserNotice(r, "adviser.done_"),
		IssueConduct:   s.checks(lang, "adviser.issue.", domain.Strings(domain.AdviserConductKinds), v["issue_kinds"]),
		IssueIntegrity: s.checks(lang, "case.category.", domain.AdviserIntegrityKinds(), v["issue_kinds"]),
		Relations:      s.checks(lang, "adviser.relation.", domain.Strings(domain.AdviserRelations), v["relations"]),
		FormalReports:  s.checks(lang, "adviser.formal.", domain.Strings(domain.AdviserFormalReports), []string{v.Get("formal_report")}),
		ContactKinds:   s.checks(lang, "adviser.contact_kind.", domain.Strings(domain.AdviserContactKinds), []string{contactForm.Values.Get("kind")}),
	}
	title := s.cat.T(lang, "adviser.case_new_title")
	if c != nil {
		p.Row = s.adviserCaseRow(lang, c)
		title = s.cat.T(lang, "adviser.case_title", c.Ref)
		contacts, err := s.store.AdviserContacts(r.Context(), a.orgID, a.me, store.AdviserContactFilter{CaseID: c.ID})
		if err != nil {
			return err
		}
		for _, ct := range contacts {
			p.Contacts = append(p.Contacts, s.adviserContactRow(lang, ct))
		}
	}
	s.render(w, r, status, "adviser_case", title, p)
	return nil
}

// adviserCaseFormOf fills the case form with the case as it is.
func adviserCaseFormOf(c *domain.AdviserCase) *form {
	f := adviserEmptyForm()
	if c == nil {
		return f
	}
	f.Values.Set("opened", c.OpenedOn.Format("2006-01-02"))
	if c.ClosedOn != nil {
		f.Values.Set("closed", c.ClosedOn.Format("2006-01-02"))
	}
	f.Values["issue_kinds"] = slices.Clone(c.IssueKinds)
	f.Values["relations"] = slices.Clone(c.Relations)
	f.Values.Set("formal_report", string(c.FormalReport))
	f.Values.Set("note", c.Note)
	return f
}

// parseAdviserCase reads the case form and returns every problem at once.
func parseAdviserCase(f *form, today time.Time) (domain.AdviserCase, []error) {
	v := f.Values
	c := domain.AdviserCase{IssueKinds: v["issue_kinds"], Relations: v["relations"], FormalReport: domain.AdviserFormalReport(v.Get("formal_report")),
		Note: strings.TrimSpace(v.Get("note"))}
	var errs []error
	var err error
	if c.OpenedOn, err = parseDayUTC("opened", v.Get("opened")); err != nil {
		errs = append(errs, err)
	}
	closed, err := parseDayUTC("closed", v.Get("closed"))
	if err != nil {
		errs = append(errs, err)
	} else if !closed.IsZero() {
		c.ClosedOn = &closed
	}
	check := c // Check tidies the codes it checks; c goes to the store as typed
	// At a date that did not parse, the parse error is the one shown.
	return c, append(errs, check.Check(today)...)
}

func (s *Server) createAdviserCase(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	f := newForm(r)
	c, errs := parseAdviserCase(f, domain.Today(s.store.Now()).UTCMidnight())
	if len(errs) == 0 {
		if err := s.store.CreateAdviserCase(r.Context(), a.actor, a.orgID, a.me, &c); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, a.rs.lang, errs); err != nil {
			return err
		}
		return s.renderAdviserCase(w, r, http.StatusBadRequest, nil, f, nil, "")
	}
	s.redirect(w, r, s.orgURL(a.rs.org, "adviser/cases/"+strconv.FormatInt(c.ID, 10)+"?done=case_created"))
	return nil
}

// loadAdviserCase loads one of the adviser's cases, its note opened with
// the key of their session.
func (s *Server) loadAdviserCase(r *http.Request) (*domain.AdviserCase, error) {
	a := adviserOf(r)
	id, err := adviserPathID(r)
	if err != nil {
		return nil, err
	}
	kr, _ := s.keyring(r) // without a key only a note stays shut (403)
	kr.UserID = a.me
	return s.store.AdviserCase(r.Context(), a.actor, a.orgID, a.me, id, kr)
}

func (s *Server) adviserCasePage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadAdviserCase(r)
	if err != nil {
		return err
	}
	return s.renderAdviserCase(w, r, http.StatusOK, c, nil, nil, "")
}

func (s *Server) updateAdviserCase(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	id, err := adviserPathID(r)
	if err != nil {
		return err
	}
	f := newForm(r)
	c, errs := parseAdviserCase(f, domain.Today(s.store.Now()).UTCMidnight())
	c.ID = id
	if len(errs) == 0 {
		if err := s.store.UpdateAdviserCase(r.Context(), a.actor, a.orgID, a.me, &c); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, a.rs.lang, errs); err != nil {
			return err
		}
		old, err := s.loadAdviserCase(r)
		if err != nil {
			return err
		}
		return s.renderAdviserCase(w, r, http.StatusBadRequest, old, f, nil, "")
	}
	s.redirect(w, r, s.orgURL(a.rs.org, "adviser/cases/"+strconv.FormatInt(id, 10)+"?done=case_saved"))
	return nil
}

func (s *Server) deleteAdviserCase(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	id, err := adviserPathID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteAdviserCase(r.Context(), a.actor, a.orgID, a.me, id); err != nil {
		e := domain.AsError(err)
		if e == nil || e.Code != domain.ECONFLICT {
			return err
		}
		c, lerr := s.loadAdviserCase(r)
		if lerr != nil {
			return lerr
		}
		return s.renderAdviserCase(w, r, http.StatusConflict, c, nil, nil, s.cat.T(a.rs.lang, e.Key, e.Args...))
	}
	s.redirect(w, r, s.orgURL(a.rs.org, "adviser/cases?done=case_deleted"))
	return nil
}

// addAdviserCaseContact records a contact on the case from the case's page.
func (s *Server) addAdviserCaseContact(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	id, err := adviserPathID(r)
	if err != nil {
		return err
	}
	c, err := s.loadAdviserCase(r) // 404 before reading anything of the form
	if err != nil {
		return err
	}
	f := newForm(r)
	f.Values.Set("case", strconv.FormatInt(id, 10))
	ct, _, errs := parseAdviserContact(f, domain.Today(s.store.Now()).UTCMidnight())
	if len(errs) == 0 {
		if err := s.store.RecordAdviserContact(r.Context(), a.actor, a.orgID, a.me, &ct, false); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, a.rs.lang, errs); err != nil {
			return err
		}
		return s.renderAdviserCase(w, r, http.StatusBadRequest, c, nil, f, "")
	}
	s.redirect(w, r, s.orgURL(a.rs.org, "adviser/cases/"+strconv.FormatInt(id, 10)+"?done=contact#contacts"))
	return nil
}
