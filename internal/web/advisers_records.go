package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// An adviser's contacts and other activities: lists by year with export,
// and a page per record to change or delete it.

// adviserQueryYear reads ?year=; def when absent or not a plausible year ("all":
// every year, 0).
func (s *Server) adviserQueryYear(r *http.Request, def int) int {
	v := r.URL.Query().Get("year")
	if v == "all" {
		return 0
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < domain.RecordFirstYear || y > domain.ThisYear(s.store.Now())+1 {
		return def
	}
	return y
}

func adviserYearParam(year int) string {
	if year == 0 {
		return "all"
	}
	return strconv.Itoa(year)
}

// adviserYears are the year filter's options: from the first record's year
// (of the adviser, or of every adviser when adviserID is 0) to this year,
// newest first; withAll adds "every year".
func (s *Server) adviserYears(r *http.Request, adviserID int64, sel int, withAll bool) ([]option, error) {
	rs := state(r)
	first, err := s.store.AdviserFirstYear(r.Context(), rs.org.ID, adviserID)
	if err != nil {
		return nil, err
	}
	now := domain.ThisYear(s.store.Now())
	if first == 0 || first > now {
		first = now
	}
	var out []option
	if withAll {
		out = append(out, option{Value: "all", Label: s.cat.T(rs.lang, "adviser.all_years"), Selected: sel == 0})
	}
	for y := now; y >= first; y-- {
		out = append(out, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == sel})
	}
	if sel != 0 && (sel < first || sel > now) {
		out = append(out, option{Value: strconv.Itoa(sel), Label: strconv.Itoa(sel), Selected: true})
	}
	return out, nil
}

// adviserContactRow is a contact as lists show it.
type adviserContactRow struct {
	C     *domain.AdviserContact
	Kind  string
	Hours string
}

func (s *Server) adviserContactRow(lang string, c *domain.AdviserContact) adviserContactRow {
	return adviserContactRow{C: c, Kind: s.cat.T(lang, "adviser.contact_kind."+string(c.Kind)), Hours: adviserHours(c.Hours(), lang)}
}

type adviserContactsPage struct {
	Rows       []adviserContactRow
	Years      []option
	Year       int
	Query      string
	Count      int
	First      int
	TotalHours string
	Notice     string
}

// adviserContacts lists the adviser's own contacts of a year (this year by
// default); ?format=csv|xlsx exports the same list.
func (s *Server) adviserContacts(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	lang := a.rs.lang
	year := s.adviserQueryYear(r, domain.ThisYear(s.store.Now()))
	contacts, err := s.store.AdviserContacts(r.Context(), a.orgID, a.me, store.AdviserContactFilter{Year: year})
	if err != nil {
		return err
	}
	p := adviserContactsPage{Year: year, Query: "year=" + adviserYearParam(year), Count: len(contacts), Notice: s.adviserNotice(r, "adviser.done_")}
	minutes := 0
	for _, c := range contacts {
		p.Rows = append(p.Rows, s.adviserContactRow(lang, c))
		minutes += c.Minutes
		if c.FirstContact {
			p.First++
		}
	}
	p.TotalHours = adviserHours(float64(minutes)/60, lang)
	if format := exportFormat(r); format != "" {
		T := func(k string) string { return s.cat.T(lang, k) }
		t := table{Name: "vertrouwenspersoon-contacten-" + adviserYearParam(year), Title: T("adviser.contacts_title"),
			Headers: []string{T("adviser.date"), T("adviser.contact_kind"), T("adviser.hours"), T("adviser.first_contact_short"), T("adviser.case")}}
		for _, row := range p.Rows {
			first := T("adviser.no")
			if row.C.FirstContact {
				first = T("adviser.yes")
			}
			t.Rows = append(t.Rows, []any{dayCell(row.C.On), row.Kind, hoursCell(row.C.Hours(), lang), first, row.C.CaseRef})
		}
		if err := s.store.Audit(r.Context(), a.actor, "adviser.export", "adviser_contacts", "", format+" year="+adviserYearParam(year)); err != nil {
			return err
		}
		return s.export(w, format, t)
	}
	if p.Years, err = s.adviserYears(r, a.me, year, true); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "adviser_contacts", s.cat.T(lang, "adviser.contacts_title"), p)
	return nil
}

type adviserContactPage struct {
	Contact      adviserContactRow
	Form         *form
	ContactKinds []check
	CaseChoices  []option
}

func (s *Server) adviserContactPage(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	id, err := adviserPathID(r)
	if err != nil {
		return err
	}
	c, err := s.store.AdviserContact(r.Context(), a.orgID, a.me, id)
	if err != nil {
		return err
	}
	f := adviserEmptyForm()
	f.Values.Set("date", c.On.Format("2006-01-02"))
	f.Values.Set("kind", string(c.Kind))
	f.Values.Set("hours", adviserHours(c.Hours(), a.rs.lang))
	if c.CaseID != 0 {
		f.Values.Set("case", strconv.FormatInt(c.CaseID, 10))
	}
	if c.FirstContact {
		f.Values.Set("first_contact", "1")
	}
	return s.renderAdviserContact(w, r, http.StatusOK, c, f)
}

func (s *Server) renderAdviserContact(w http.ResponseWriter, r *http.Request, status int, c *domain.AdviserContact, f *form) error {
	a := adviserOf(r)
	lang := a.rs.lang
	cases, err := s.store.AdviserCases(r.Context(), a.orgID, a.me, store.AdviserCaseFilter{})
	if err != nil {
		return err
	}
	p := adviserContactPage{Contact: s.adviserContactRow(lang, c), Form: f,
		ContactKinds: s.checks(lang, "adviser.contact_kind.", domain.Strings(domain.AdviserContactKinds), []string{f.Values.Get("kind")}),
		CaseChoices:  s.adviserCaseChoices(lang, cases, f.Values.Get("case"), false)}
	s.render(w, r, status, "adviser_contact", s.cat.T(lang, "adviser.contact_title"), p)
	return nil
}

func (s *Server) updateAdviserContact(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	id, err := adviserPathID(r)
	if err != nil {
		return err
	}
	old, err := s.store.AdviserContact(r.Context(), a.orgID, a.me, id)
	if err != nil {
		return err
	}
	f := newForm(r)
	c, newCase, errs := parseAdviserContact(f, domain.Today(s.store.Now()).UTCMidnight())
	if newCase {
		errs = append(errs, domain.FieldError("case", "err.choice_invalid"))
	}
	c.ID = id
	if len(errs) == 0 {
		if err := s.store.UpdateAdviserContact(r.Context(), a.actor, a.orgID, a.me, &c); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, a.rs.lang, errs); err != nil {
			return err
		}
		return s.renderAdviserContact(w, r, http.StatusBadRequest, old, f)
	}
	s.redirect(w, r, s.orgURL(a.rs.org, "adviser/contacts?year="+strconv.Itoa(c.On.Year())+"&done=contact_saved"))
	return nil
}

func (s *Server) deleteAdviserContact(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	id, err := adviserPathID(r)
	if err != nil {
		return err
	}
	c, err := s.store.AdviserContact(r.Context(), a.orgID, a.me, id)
	if err != nil {
		return err
	}
	if err := s.store.DeleteAdviserContact(r.Context(), a.actor, a.orgID, a.me, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(a.rs.org, "adviser/contacts?year="+strconv.Itoa(c.On.Year())+"&done=contact_deleted"))
	return nil
}

// --- Other activities ---

type adviserActivityRow struct {
	A     *domain.AdviserActivity
	Kind  string
	Hours string
}

type adviserActivitiesPage struct {
	Form          *form
	ActivityKinds []option
	Rows          []adviserActivityRow
	Totals        []adviserActivityRow // per kind, the year's hours
	TotalHours    string
	Years         []option
	Year          int
	Query         string
	Notice        string
}

// adviserActivities lists the adviser's other activities of a year, with
// the form to add one; ?format=csv|xlsx exports the list.
func (s *Server) adviserActivities(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdviserActivities(w, r, http.StatusOK, adviserEmptyForm())
}

func (s *Server) renderAdviserActivities(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	a := adviserOf(r)
	lang := a.rs.lang
	year := s.adviserQueryYear(r, domain.ThisYear(s.store.Now()))
	list, err := s.store.AdviserActivities(r.Context(), a.orgID, a.me, year)
	if err != nil {
		return err
	}
	if f.Values.Get("date") == "" {
		f.Values.Set("date", s.adviserToday())
	}
	p := adviserActivitiesPage{Form: f, Year: year, Query: "year=" + adviserYearParam(year), Notice: s.adviserNotice(r, "adviser.done_"),
		ActivityKinds: s.options(lang, "adviser.activity.", domain.Strings(domain.AdviserActivityKinds), f.Values.Get("kind"))}
	perKind := map[string]int{}
	total := 0
	for _, act := range list {
		p.Rows = append(p.Rows, adviserActivityRow{A: act, Kind: s.cat.T(lang, "adviser.activity."+string(act.Kind)), Hours: adviserHours(act.Hours(), lang)})
		perKind[string(act.Kind)] += act.Minutes
		total += act.Minutes
	}
	for _, k := range domain.AdviserActivityKinds {
		p.Totals = append(p.Totals, adviserActivityRow{Kind: s.cat.T(lang, "adviser.activity."+string(k)), Hours: adviserHours(float64(perKind[string(k)])/60, lang)})
	}
	p.TotalHours = adviserHours(float64(total)/60, lang)
	if format := exportFormat(r); format != "" && r.Method == http.MethodGet {
		T := func(k string) string { return s.cat.T(lang, k) }
		t := table{Name: "vertrouwenspersoon-activiteiten-" + adviserYearParam(year), Title: T("adviser.activities_title"),
			Headers: []string{T("adviser.date"), T("adviser.activity_kind"), T("adviser.hours")}}
		for _, row := range p.Rows {
			t.Rows = append(t.Rows, []any{dayCell(row.A.On), row.Kind, hoursCell(row.A.Hours(), lang)})
		}
		if err := s.store.Audit(r.Context(), a.actor, "adviser.export", "adviser_activities", "", format+" year="+adviserYearParam(year)); err != nil {
			return err
		}
		return s.export(w, format, t)
	}
	if p.Years, err = s.adviserYears(r, a.me, year, true); err != nil {
		return err
	}
	s.render(w, r, status, "adviser_activities", s.cat.T(lang, "adviser.activities_title"), p)
	return nil
}

// parseAdviserActivity reads an activity form; every problem at once.
func parseAdviserActivity(f *form, today time.Time) (domain.AdviserActivity, []error) {
	v := f.Values
	act := domain.AdviserActivity{Kind: domain.AdviserActivityKind(v.Get("kind"))}
	var errs []error
	var err error
	if act.On, err = parseDayUTC("date", v.Get("date")); err != nil {
		errs = append(errs, err)
	}
	if act.Minutes, err = parseAdviserHours(v.Get("hours")); err != nil {
		errs = append(errs, err)
	}
	// At a date or hours that did not parse, the parse error is the one shown.
	return act, append(errs, act.Check(today)...)
}

func (s *Server) createAdviserActivity(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	f := newForm(r)
	act, errs := parseAdviserActivity(f, domain.Today(s.store.Now()).UTCMidnight())
	if len(errs) == 0 {
		if err := s.store.CreateAdviserActivity(r.Context(), a.actor, a.orgID, a.me, &act); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, a.rs.lang, errs); err != nil {
			return err
		}
		return s.renderAdviserActivities(w, r, http.StatusBadRequest, f)
	}
	s.redirect(w, r, s.orgURL(a.rs.org, "adviser/activities?year="+strconv.Itoa(act.On.Year())+"&done=activity"))
	return nil
}

type adviserActivityPage struct {
	Activity      adviserActivityRow
	Form          *form
	ActivityKinds []option
}

func (s *Server) adviserActivityPage(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	id, err := adviserPathID(r)
	if err != nil {
		return err
	}
	act, err := s.store.AdviserActivity(r.Context(), a.orgID, a.me, id)
	if err != nil {
		return err
	}
	f := adviserEmptyForm()
	f.Values.Set("date", act.On.Format("2006-01-02"))
	f.Values.Set("kind", string(act.Kind))
	f.Values.Set("hours", adviserHours(act.Hours(), a.rs.lang))
	return s.renderAdviserActivity(w, r, http.StatusOK, act, f)
}

func (s *Server) renderAdviserActivity(w http.ResponseWriter, r *http.Request, status int, act *domain.AdviserActivity, f *form) error {
	lang := state(r).lang
	p := adviserActivityPage{Form: f,
		Activity:      adviserActivityRow{A: act, Kind: s.cat.T(lang, "adviser.activity."+string(act.Kind)), Hours: adviserHours(act.Hours(), lang)},
		ActivityKinds: s.options(lang, "adviser.activity.", domain.Strings(domain.AdviserActivityKinds), f.Values.Get("kind"))}
	s.render(w, r, status, "adviser_activity", s.cat.T(lang, "adviser.activity_title"), p)
	return nil
}

func (s *Server) updateAdviserActivity(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	id, err := adviserPathID(r)
	if err != nil {
		return err
	}
	old, err := s.store.AdviserActivity(r.Context(), a.orgID, a.me, id)
	if err != nil {
		return err
	}
	f := newForm(r)
	act, errs := parseAdviserActivity(f, domain.Today(s.store.Now()).UTCMidnight())
	act.ID = id
	if len(errs) == 0 {
		if err := s.store.UpdateAdviserActivity(r.Context(), a.actor, a.orgID, a.me, &act); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, a.rs.lang, errs); err != nil {
			return err
		}
		return s.renderAdviserActivity(w, r, http.StatusBadRequest, old, f)
	}
	s.redirect(w, r, s.orgURL(a.rs.org, "adviser/activities?year="+strconv.Itoa(act.On.Year())+"&done=activity_saved"))
	return nil
}

func (s *Server) deleteAdviserActivity(w http.ResponseWriter, r *http.Request) error {
	a := adviserOf(r)
	id, err := adviserPathID(r)
	if err != nil {
		return err
	}
	act, err := s.store.AdviserActivity(r.Context(), a.orgID, a.me, id)
	if err != nil {
		return err
	}
	if err := s.store.DeleteAdviserActivity(r.Context(), a.actor, a.orgID, a.me, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(a.rs.org, "adviser/activities?year="+strconv.Itoa(act.On.Year())+"&done=activity_deleted"))
	return nil
}
