package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Integrity activities and training (integriteitsactiviteiten en
// trainingen), kept by the coordinator, HR and the council clerk alike: a
// list per year grouped by month, as the annual report needs it, with the
// counts per kind and audience and the audiences that had nothing.

// --- Helpers shared with the council registers (council*.go) ---

// acPathID reads the numeric {id}; anything else is a record that does not
// exist (notFound is its message key).
func acPathID(r *http.Request, notFound string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, notFound)
	}
	return id, nil
}

// acSort is the order a list was asked for: a column and a direction.
type acSort struct {
	Key  string
	Desc bool
}

// acSortOf reads ?sort= and ?dir= against the list's sortable columns.
func acSortOf(q url.Values, keys []string, def string) acSort {
	st := acSort{Key: q.Get("sort"), Desc: q.Get("dir") == "desc"}
	if !slices.Contains(keys, st.Key) {
		st = acSort{Key: def}
	}
	return st
}

// acHeader is a column header that sorts the list by its column: a link,
// with aria-sort and a word (not only an arrow) on the current column.
type acHeader struct {
	Label, Href string
	Aria        string // "ascending", "descending" or ""
	Sortable    bool
	Numeric     bool
}

// acColumn describes a column of a sortable list; an empty Key does not
// sort.
type acColumn struct {
	Key, Label string
	Numeric    bool
}

// acHeaders builds the headers of a list at base with the query q (its
// filters), marking the current sort. A click on the current column turns
// its direction.
func acHeaders(base string, q url.Values, cols []acColumn, cur acSort) []acHeader {
	out := make([]acHeader, len(cols))
	for i, c := range cols {
		h := acHeader{Label: c.Label, Sortable: c.Key != "", Numeric: c.Numeric}
		if c.Key != "" {
			v := acQuery(q)
			v.Set("sort", c.Key)
			v.Del("dir")
			if c.Key == cur.Key {
				h.Aria = "ascending"
				if cur.Desc {
					h.Aria = "descending"
				} else {
					v.Set("dir", "desc")
				}
			}
			h.Href = base + "?" + v.Encode()
		}
		out[i] = h
	}
	return out
}

// acQuery copies a list's query without what must not travel on: the
// notice of a change and the export format.
func acQuery(q url.Values) url.Values {
	v := url.Values{}
	for k, vs := range q {
		if k != "done" && k != "format" {
			v[k] = slices.Clone(vs)
		}
	}
	return v
}

// acExportLink is the list's address with its filters and sort, asking for
// format.
func acExportLink(base string, q url.Values, format string) string {
	v := acQuery(q)
	v.Set("format", format)
	return base + "?" + v.Encode()
}

// acCount is one line of a table of counts.
type acCount struct {
	Label string
	N     int
}

// acDone is the notice for ?done=, when the catalogue has prefix+done.
func (s *Server) acDone(r *http.Request, prefix string) string {
	if done := r.URL.Query().Get("done"); done != "" && s.cat.Has(prefix+done) {
		return s.cat.T(state(r).lang, prefix+done)
	}
	return ""
}

// acCmpDays compares two dated records by day, then by id.
func acCmpDays(a, b time.Time, ida, idb int64) int {
	if c := a.Compare(b); c != 0 {
		return c
	}
	return cmp.Compare(ida, idb)
}

// --- The list ---

type activityListPage struct {
	Year       int
	Years      []option
	Kinds      []option
	Audiences  []option
	Headers    []acHeader
	Groups     []activityGroup // per month when sorted by date, else one
	ByMonth    bool
	Shown      int
	Filtered   bool
	Counts     domain.ActivityCounts
	ByKind     []acCount
	ByAudience []acCount
	Uncovered  []string // labels of the audiences without any activity
	Notice     string
	CSV, XLSX  string
}

type activityGroup struct {
	Label string // "maart 2026"; empty for a list not sorted by date
	Rows  []activityRow
}

type activityRow struct {
	ID         int64
	Date       time.Time
	Title      string
	Kind       string
	Audiences  string
	Attendance string
	Materials  string
}

var activitySortKeys = []string{"date", "title", "kind", "attendance"}

func (s *Server) activityList(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	q := r.URL.Query()
	f := domain.ActivityFilter{Year: s.yearQuery(q, false), Kind: q.Get("kind"), Audience: q.Get("audience")}
	if !slices.Contains(domain.ActivityKinds, domain.ActivityKind(f.Kind)) {
		f.Kind = ""
	}
	if !slices.Contains(domain.ActivityAudiences, domain.ActivityAudience(f.Audience)) {
		f.Audience = ""
	}
	list, err := s.store.ListActivities(ctx, rs.org.ID, f)
	if err != nil {
		return err
	}
	sort := acSortOf(q, activitySortKeys, "date")
	s.sortActivities(rs.lang, list, sort)
	rows := make([]activityRow, len(list))
	for i := range list {
		rows[i] = s.activityRow(rs.lang, &list[i])
	}
	if format := exportFormat(r); format != "" {
		detail := fmt.Sprintf("%s year=%d kind=%s audience=%s rows=%d", format, f.Year, f.Kind, f.Audience, len(rows))
		if err := s.store.Audit(ctx, store.UserActor(rs.user, rs.session.ID), "activity.export", "activity", nil, detail); err != nil {
			return err
		}
		return s.export(w, format, s.activityTable(rs.lang, f.Year, rows))
	}

	counts, err := s.store.ActivityCounts(ctx, rs.org.ID, f.Year)
	if err != nil {
		return err
	}
	years, err := s.store.ActivityYears(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	base := s.orgURL(rs.org, "activities")
	q = acQuery(q) // the links name the year shown, also when the page chose it
	q.Set("year", strconv.Itoa(f.Year))
	p := activityListPage{
		Year: f.Year, Years: s.yearOptions(rs.lang, years, f.Year, "all", ""),
		Kinds: append([]option{{Value: "", Label: s.cat.T(rs.lang, "activities.all_kinds")}},
			s.options(rs.lang, "activity.kind.", domain.Strings(domain.ActivityKinds), f.Kind)...),
		Audiences: append([]option{{Value: "", Label: s.cat.T(rs.lang, "activities.all_audiences")}},
			s.options(rs.lang, "activity.audience.", domain.Strings(domain.ActivityAudiences), f.Audience)...),
		ByMonth: sort.Key == "date", Shown: len(rows), Filtered: f.Kind != "" || f.Audience != "",
		Counts: counts, Notice: s.acDone(r, "activities.done_"),
		CSV: acExportLink(base, q, "csv"), XLSX: acExportLink(base, q, "xlsx"),
	}
	p.Headers = acHeaders(base, q, []acColumn{
		{Key: "date", Label: s.cat.T(rs.lang, "activity.date")},
		{Key: "title", Label: s.cat.T(rs.lang, "activity.title")},
		{Key: "kind", Label: s.cat.T(rs.lang, "activity.kind")},
		{Label: s.cat.T(rs.lang, "activity.audiences")},
		{Key: "attendance", Label: s.cat.T(rs.lang, "activity.attendance"), Numeric: true},
		{Label: s.cat.T(rs.lang, "activity.materials")},
	}, sort)
	for _, k := range domain.ActivityKinds {
		p.ByKind = append(p.ByKind, acCount{Label: s.cat.T(rs.lang, "activity.kind."+string(k)), N: counts.ByKind[string(k)]})
	}
	for _, a := range domain.ActivityAudiences {
		p.ByAudience = append(p.ByAudience, acCount{Label: s.cat.T(rs.lang, "activity.audience."+string(a)), N: counts.ByAudience[string(a)]})
	}
	for _, a := range counts.Uncovered() {
		p.Uncovered = append(p.Uncovered, s.cat.T(rs.lang, "activity.audience."+string(a)))
	}
	if p.ByMonth {
		for _, row := range rows {
			label := s.acMonth(rs.lang, row.Date)
			if n := len(p.Groups); n == 0 || p.Groups[n-1].Label != label {
				p.Groups = append(p.Groups, activityGroup{Label: label})
			}
			g := &p.Groups[len(p.Groups)-1]
			g.Rows = append(g.Rows, row)
		}
	} else if len(rows) > 0 {
		p.Groups = []activityGroup{{Rows: rows}}
	}
	s.render(w, r, http.StatusOK, "activities", s.cat.T(rs.lang, "activities.title_year", f.Year), p)
	return nil
}

// acMonth names the month of t, e.g. "maart 2026".
func (s *Server) acMonth(lang string, t time.Time) string {
	t = t.In(amsterdam)
	return s.cat.T(lang, fmt.Sprintf("activity.month_%02d", int(t.Month()))) + " " + strconv.Itoa(t.Year())
}

// sortActivities orders the list: by date (the calendar), by title, by
// the label of the kind, or by attendance (unknown last); ties by date.
func (s *Server) sortActivities(lang string, list []domain.Activity, st acSort) {
	slices.SortStableFunc(list, func(a, b domain.Activity) int {
		c := 0
		switch st.Key {
		case "title":
			c = strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title))
		case "kind":
			c = strings.Compare(s.cat.T(lang, "activity.kind."+string(a.Kind)), s.cat.T(lang, "activity.kind."+string(b.Kind)))
		case "attendance":
			switch {
			case a.Attendance == nil && b.Attendance == nil:
			case a.Attendance == nil:
				return 1 // unknown last, whatever the direction
			case b.Attendance == nil:
				return -1
			default:
				c = cmp.Compare(*a.Attendance, *b.Attendance)
			}
		}
		if st.Desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		c = acCmpDays(a.Date, b.Date, a.ID, b.ID)
		if st.Key == "date" && st.Desc {
			c = -c
		}
		return c
	})
}

func (s *Server) activityRow(lang string, a *domain.Activity) activityRow {
	row := activityRow{ID: a.ID, Date: a.Date, Title: a.Title, Kind: s.cat.T(lang, "activity.kind."+string(a.Kind)), Materials: a.Materials}
	labels := make([]string, len(a.Audiences))
	for i, au := range a.Audiences {
		labels[i] = s.cat.T(lang, "activity.audience."+string(au))
	}
	row.Audiences = strings.Join(labels, ", ")
	if a.Attendance != nil {
		row.Attendance = strconv.Itoa(*a.Attendance)
	}
	return row
}

// activityTable is the list as exported: the same rows, in the same order.
func (s *Server) activityTable(lang string, year int, rows []activityRow) table {
	t := table{
		Name:  fmt.Sprintf("%s-%d", s.cat.T(lang, "activities.export_name"), year),
		Title: s.cat.T(lang, "activities.title_year", year),
		Headers: []string{s.cat.T(lang, "activity.date"), s.cat.T(lang, "activity.title"), s.cat.T(lang, "activity.kind"),
			s.cat.T(lang, "activity.audiences"), s.cat.T(lang, "activity.attendance"), s.cat.T(lang, "activity.materials")},
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, []any{dayCell(r.Date), r.Title, r.Kind, r.Audiences, numberCell(r.Attendance), r.Materials})
	}
	return t
}

// --- The form: new, edit, delete ---

type activityFormPage struct {
	Form      *form
	ID        int64 // 0 for a new activity
	Kinds     []option
	Audiences []check
	Delete    *form
	Year      int // the year of the list to go back to
}

func (s *Server) newActivityForm(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: url.Values{"date": {domain.Today(s.store.Now()).String()}}, Errors: map[string]string{}}
	return s.renderActivityForm(w, r, http.StatusOK, 0, f, nil)
}

func (s *Server) activityPage(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := acPathID(r, "err.activity_not_found")
	if err != nil {
		return err
	}
	a, err := s.store.Activity(r.Context(), rs.org.ID, id)
	if err != nil {
		return err
	}
	return s.renderActivityForm(w, r, http.StatusOK, id, activityValues(a), nil)
}

// activityValues fills the form with a stored activity.
func activityValues(a *domain.Activity) *form {
	v := url.Values{"date": {domain.DateOf(a.Date).String()}, "title": {a.Title}, "kind": {string(a.Kind)},
		"audiences": domain.Strings(slices.Clone(a.Audiences)), "materials": {a.Materials}}
	if a.Attendance != nil {
		v.Set("attendance", strconv.Itoa(*a.Attendance))
	}
	return &form{Values: v, Errors: map[string]string{}}
}

func (s *Server) renderActivityForm(w http.ResponseWriter, r *http.Request, status int, id int64, f, del *form) error {
	rs := state(r)
	if del == nil {
		del = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	p := activityFormPage{Form: f, ID: id, Delete: del, Year: domain.ThisYear(s.store.Now()),
		Kinds: s.options(rs.lang, "activity.kind.", domain.Strings(domain.ActivityKinds), f.Values.Get("kind"))}
	if d, err := parseDayNoon("date", f.Values.Get("date")); err == nil && !d.IsZero() {
		p.Year = domain.DateOf(d).Year
	}
	p.Audiences = s.checks(rs.lang, "activity.audience.", domain.Strings(domain.ActivityAudiences), f.Values["audiences"])
	title := s.cat.T(rs.lang, "activities.new")
	if id != 0 {
		title = s.cat.T(rs.lang, "activities.edit")
	}
	s.render(w, r, status, "activity_form", title, p)
	return nil
}

// parseActivity reads the form; it returns the problems of the input that
// the domain's check cannot see (a date or number that does not parse)
// followed by every one the check sees, so that all show at once.
func parseActivity(f *form) (*domain.Activity, []error) {
	v := f.Values
	a := &domain.Activity{Title: v.Get("title"), Kind: domain.ActivityKind(v.Get("kind")), Audiences: domain.Codes[domain.ActivityAudience](v["audiences"]), Materials: v.Get("materials")}
	var errs []error
	day, dateErr := parseDayNoon("date", v.Get("date"))
	if dateErr != nil {
		errs = append(errs, dateErr)
	}
	a.Date = day
	if n := strings.TrimSpace(v.Get("attendance")); n != "" {
		if i, err := strconv.Atoi(n); err != nil {
			errs = append(errs, domain.FieldError("attendance", "err.activity_attendance_invalid", domain.MaxActivityAttendance))
		} else {
			a.Attendance = &i
		}
	}
	check := *a                           // Check tidies what it checks; a goes to the store as typed
	errs = append(errs, check.Check()...) // at an unreadable date, the parse error is the one shown
	return a, errs
}

// saveActivity runs the create or update, and answers a refused input with
// the form again (nothing stored) and a success with the list.
func (s *Server) saveActivity(w http.ResponseWriter, r *http.Request, id int64, done string,
	save func(actor store.Actor, orgID int64, a *domain.Activity) error) error {
	rs := state(r)
	f := newForm(r)
	a, errs := parseActivity(f)
	if len(errs) == 0 {
		a.ID = id
		if err := save(store.UserActor(rs.user, rs.session.ID), rs.org.ID, a); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		if len(f.Errors) > 0 && f.Error == "" {
			f.Error = s.cat.T(rs.lang, "activities.check_fields")
		}
		return s.renderActivityForm(w, r, statusFor[domain.ErrorCode(errs[0])], id, f, nil)
	}
	year := a.Date.In(amsterdam).Year()
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("activities?year=%d&done=%s#activity-%d", year, done, a.ID)))
	return nil
}

func (s *Server) createActivity(w http.ResponseWriter, r *http.Request) error {
	return s.saveActivity(w, r, 0, "created", func(actor store.Actor, orgID int64, a *domain.Activity) error {
		return s.store.CreateActivity(r.Context(), actor, orgID, a)
	})
}

func (s *Server) updateActivity(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := acPathID(r, "err.activity_not_found")
	if err != nil {
		return err
	}
	if _, err := s.store.Activity(r.Context(), rs.org.ID, id); err != nil {
		return err
	}
	return s.saveActivity(w, r, id, "saved", func(actor store.Actor, orgID int64, a *domain.Activity) error {
		return s.store.UpdateActivity(r.Context(), actor, orgID, a)
	})
}

// deleteActivity removes an activity once the confirmation is ticked.
func (s *Server) deleteActivity(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := acPathID(r, "err.activity_not_found")
	if err != nil {
		return err
	}
	a, err := s.store.Activity(r.Context(), rs.org.ID, id)
	if err != nil {
		return err
	}
	del := newForm(r)
	if del.Values.Get("confirm") != "1" {
		del.Errors["confirm"] = s.cat.T(rs.lang, "err.activity_delete_confirm")
		return s.renderActivityForm(w, r, http.StatusBadRequest, id, activityValues(a), del)
	}
	if err := s.store.DeleteActivity(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("activities?year=%d&done=deleted", a.Date.In(amsterdam).Year())))
	return nil
}
