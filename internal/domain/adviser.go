package domain

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The confidential advisers (vertrouwenspersonen) record their work without
// names: contacts (the first one on a matter is a "first contact", contact
// gezocht), cases with the kinds of issue and the relations involved, and
// other activities with hours. Codes are stored; labels come from the
// message catalogues (advisers.toml; the typology from case.category.*).
var (
	// AdviserKinds are internal and external advisers.
	AdviserKinds = []AdviserKind{AdviserKindInternal, AdviserKindExternal}
	// AdviserContactKinds are a conversation (e-mail included) and guidance
	// in a (complaint) procedure.
	AdviserContactKinds = []AdviserContactKind{AdviserContactKindConversation, AdviserContactKindGuidance}
	// AdviserConductKinds are the kinds of undesirable conduct; a case's
	// issue kinds are these or a code of the national typology (Categories).
	AdviserConductKinds = []AdviserConductKind{AdviserConductKindBullying, AdviserConductKindDiscrimination,
		AdviserConductKindSexualHarassment, AdviserConductKindAggression, AdviserConductKindOtherConduct,
		AdviserConductKindLabourConflictConduct}
	// AdviserRelations are whom the issue is in relation to.
	AdviserRelations = []AdviserRelation{AdviserRelationColleague, AdviserRelationManager, AdviserRelationExternal}
	// AdviserFormalReports say whether a case led to a formal report: none,
	// via the adviser, or by the adviser directly.
	AdviserFormalReports = []AdviserFormalReport{AdviserFormalReportNone, AdviserFormalReportViaAdviser, AdviserFormalReportByAdviser}
	// AdviserActivityKinds are the adviser's other work: internal
	// consultation and reporting, courses and peer review, information
	// meetings for staff, onboarding and awareness events.
	AdviserActivityKinds = []AdviserActivityKind{AdviserActivityKindConsultation, AdviserActivityKindTraining,
		AdviserActivityKindInformationMeeting, AdviserActivityKindAwarenessEvent}
)

// AdviserKind tells an internal from an external adviser.
type AdviserKind string

// The codes of AdviserKind, in their list's order.
const (
	AdviserKindInternal AdviserKind = "internal"
	AdviserKindExternal AdviserKind = "external"
)

// AdviserContactKind is the kind of an adviser's contact.
type AdviserContactKind string

// The codes of AdviserContactKind, in their list's order.
const (
	AdviserContactKindConversation AdviserContactKind = "conversation"
	AdviserContactKindGuidance     AdviserContactKind = "guidance"
)

// AdviserConductKind is a kind of undesirable conduct.
type AdviserConductKind string

// The codes of AdviserConductKind, in their list's order.
const (
	AdviserConductKindBullying              AdviserConductKind = "bullying"
	AdviserConductKindDiscrimination        AdviserConductKind = "discrimination"
	AdviserConductKindSexualHarassment      AdviserConductKind = "sexual_harassment"
	AdviserConductKindAggression            AdviserConductKind = "aggression"
	AdviserConductKindOtherConduct          AdviserConductKind = "other_conduct"
	AdviserConductKindLabourConflictConduct AdviserConductKind = "labour_conflict_conduct"
)

// AdviserRelation is whom an issue is in relation to.
type AdviserRelation string

// The codes of AdviserRelation, in their list's order.
const (
	AdviserRelationColleague AdviserRelation = "colleague"
	AdviserRelationManager   AdviserRelation = "manager"
	AdviserRelationExternal  AdviserRelation = "external"
)

// AdviserFormalReport says whether a case led to a formal report.
type AdviserFormalReport string

// The codes of AdviserFormalReport, in their list's order.
const (
	AdviserFormalReportNone       AdviserFormalReport = "none"
	AdviserFormalReportViaAdviser AdviserFormalReport = "via_adviser"
	AdviserFormalReportByAdviser  AdviserFormalReport = "by_adviser"
)

// AdviserActivityKind is a kind of the adviser's other work.
type AdviserActivityKind string

// The codes of AdviserActivityKind, in their list's order.
const (
	AdviserActivityKindConsultation       AdviserActivityKind = "consultation"
	AdviserActivityKindTraining           AdviserActivityKind = "training"
	AdviserActivityKindInformationMeeting AdviserActivityKind = "information_meeting"
	AdviserActivityKindAwarenessEvent     AdviserActivityKind = "awareness_event"
)

// AdviserIssueKinds lists every issue kind a case can have: the conduct
// kinds, then the integrity kinds (AdviserIntegrityKinds).
func AdviserIssueKinds() []string {
	return append(Strings(AdviserConductKinds), AdviserIntegrityKinds()...)
}

// AdviserIntegrityKinds are the integrity kinds of an adviser's case: the
// national typology without "undesirable conduct", which the conduct kinds
// split up, so that every kind has one meaning and is counted under one
// heading (as Helmond publishes).
func AdviserIntegrityKinds() []string {
	var out []string
	for _, c := range Categories {
		if c != CategoryUndesirableConduct {
			out = append(out, string(c))
		}
	}
	return out
}

// Limits of the advisers' records.
const (
	AdviserNoteMaxRunes       = 500      // the one optional note per case
	AdviserContactMaxMinutes  = 24 * 60  // one contact
	AdviserActivityMaxMinutes = 200 * 60 // one activity (a course of several days)
	AdviserMinCellDefault     = 3
	AdviserMinCellLowest      = 2
	AdviserMinCellHighest     = 20
)

// earliestRecord is the first day an adviser's record may carry, as the
// records store a date (Date.UTCMidnight).
var earliestRecord = Date{RecordFirstYear, time.January, 1}.UTCMidnight()

// AdviserCase is one matter an adviser handles. It names nobody: the note,
// the only free text, is sealed to the adviser's own key.
type AdviserCase struct {
	ID           int64
	OrgID        int64
	AdviserID    int64
	Ref          string    // per adviser and year: VP-2026-007
	OpenedOn     time.Time // a date (Date.UTCMidnight)
	IssueKinds   []string
	Relations    []string
	FormalReport AdviserFormalReport
	ClosedOn     *time.Time
	Note         string // sealed; filled only when opened with the adviser's key
	HasNote      bool
	Contacts     int // how many contacts it has
	Minutes      int // their time together
}

// Closed reports whether the case is closed.
func (c *AdviserCase) Closed() bool { return c.ClosedOn != nil }

// Hours is the time of the case's contacts in hours.
func (c *AdviserCase) Hours() float64 { return float64(c.Minutes) / 60 }

// Check tidies a case as the adviser enters or changes it and returns every
// problem with it, each a FieldError naming the form field; today is the
// current date at midnight UTC (Today(now).UTCMidnight()).
func (c *AdviserCase) Check(today time.Time) []error {
	errs := checkDay("opened", c.OpenedOn, today)
	kindErrs := checkCodes("issue_kinds", &c.IssueKinds, AdviserIssueKinds())
	relErrs := checkCodes("relations", &c.Relations, Strings(AdviserRelations))
	errs = append(append(errs, kindErrs...), relErrs...)
	if c.FormalReport == "" {
		c.FormalReport = AdviserFormalReportNone
	}
	if !slices.Contains(AdviserFormalReports, c.FormalReport) {
		errs = append(errs, FieldError("formal_report", "err.choice_invalid"))
	}
	if c.ClosedOn != nil {
		closedErrs := checkDay("closed", *c.ClosedOn, today)
		if closedErrs == nil && c.ClosedOn.Before(c.OpenedOn) {
			closedErrs = []error{FieldError("closed", "err.adviser_closed_before_opened")}
		}
		errs = append(errs, closedErrs...)
		// A closed case is counted: what it was about must be known.
		if kindErrs == nil && len(c.IssueKinds) == 0 {
			errs = append(errs, FieldError("issue_kinds", "err.adviser_issue_kinds_to_close"))
		}
		if relErrs == nil && len(c.Relations) == 0 {
			errs = append(errs, FieldError("relations", "err.adviser_relations_to_close"))
		}
	}
	c.Note = strings.TrimSpace(c.Note)
	if utf8.RuneCountInString(c.Note) > AdviserNoteMaxRunes {
		errs = append(errs, FieldError("note", "err.adviser_note_too_long", AdviserNoteMaxRunes))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (c *AdviserCase) Validate(today time.Time) error { return firstError(c.Check(today)) }

// checkCodes drops duplicates from *codes, keeping the order of the code
// list known, and refuses unknown codes (leaving *codes as it was).
func checkCodes(field string, codes *[]string, known []string) []error {
	for _, g := range *codes {
		if !slices.Contains(known, g) {
			return []error{FieldError(field, "err.choice_invalid")}
		}
	}
	var out []string
	for _, k := range known {
		if slices.Contains(*codes, k) {
			out = append(out, k)
		}
	}
	*codes = out
	return nil
}

// AdviserContact is one contact of an adviser with someone, possibly on a
// case. A first contact is someone seeking contact for the first time on a
// matter.
type AdviserContact struct {
	ID           int64
	OrgID        int64
	AdviserID    int64
	CaseID       int64  // 0: not on a case
	CaseRef      string // the case's reference, when listed
	On           time.Time
	Kind         AdviserContactKind
	Minutes      int
	FirstContact bool
}

// Hours is the contact's time in hours.
func (c *AdviserContact) Hours() float64 { return float64(c.Minutes) / 60 }

// Check returns every problem with a contact, each a FieldError naming the
// form field; today is the current date.
func (c *AdviserContact) Check(today time.Time) []error {
	errs := checkDay("date", c.On, today)
	if !slices.Contains(AdviserContactKinds, c.Kind) {
		errs = append(errs, FieldError("kind", "err.adviser_kind_required"))
	}
	return append(errs, checkMinutes(c.Minutes, AdviserContactMaxMinutes)...)
}

// Validate returns the first problem Check finds, or nil.
func (c *AdviserContact) Validate(today time.Time) error { return firstError(c.Check(today)) }

// AdviserActivity is other work of an adviser, with its hours.
type AdviserActivity struct {
	ID        int64
	OrgID     int64
	AdviserID int64
	On        time.Time
	Kind      AdviserActivityKind
	Minutes   int
}

// Hours is the activity's time in hours.
func (a *AdviserActivity) Hours() float64 { return float64(a.Minutes) / 60 }

// Check returns every problem with an activity, each a FieldError naming
// the form field; today is the current date.
func (a *AdviserActivity) Check(today time.Time) []error {
	errs := checkDay("date", a.On, today)
	if !slices.Contains(AdviserActivityKinds, a.Kind) {
		errs = append(errs, FieldError("kind", "err.adviser_kind_required"))
	}
	return append(errs, checkMinutes(a.Minutes, AdviserActivityMaxMinutes)...)
}

// Validate returns the first problem Check finds, or nil.
func (a *AdviserActivity) Validate(today time.Time) error { return firstError(a.Check(today)) }

// AdviserSettings are an organisation's rules for the aggregated figures the
// controller sees: counts from 1 to MinCell-1 are shown as "< MinCell",
// unless the organisation decided to publish exact small numbers.
type AdviserSettings struct {
	PublishSmallNumbers bool
	MinCell             int
}

// DefaultAdviserSettings hides counts below 3.
var DefaultAdviserSettings = AdviserSettings{MinCell: AdviserMinCellDefault}

// Check returns the problem with the minimum cell size, if any, as a
// FieldError naming the form field.
func (s *AdviserSettings) Check() []error {
	if s.MinCell < AdviserMinCellLowest || s.MinCell > AdviserMinCellHighest {
		return []error{FieldError("min_cell", "err.adviser_min_cell", AdviserMinCellLowest, AdviserMinCellHighest)}
	}
	return nil
}

// Validate returns the first problem Check finds, or nil.
func (s *AdviserSettings) Validate() error { return firstError(s.Check()) }

// AdviserFigures are the confidential advisers' figures of one year, as the
// annual report tables them (Helmond's "Jaarverslag Vertrouwenspersonen"):
// every code of each list is present, zeros included. Nothing is
// suppressed here; whoever publishes decides that.
type AdviserFigures struct {
	Year int `json:"year"`
	// FirstContacts counts first contacts dated in the year.
	FirstContacts int `json:"first_contacts"`
	// FirstContactsTrend is the first contacts of earlier years, oldest
	// first, ending with Year; years before the first record are left out.
	FirstContactsTrend []AdviserYearCount `json:"first_contacts_trend"`
	// Cases counts the cases opened in the year; FormalReports, IssueKinds
	// and Relations are about those cases (a case can have several kinds
	// and relations).
	Cases         int            `json:"cases"`
	FormalReports map[string]int `json:"formal_reports"` // via_adviser, by_adviser
	IssueKinds    map[string]int `json:"issue_kinds"`
	Relations     map[string]int `json:"relations"`
	// Contacts counts the contacts dated in the year per kind, with hours.
	Contacts map[string]AdviserCountHours `json:"contacts"`
	// ActivityHours are the hours of other activities per kind.
	ActivityHours map[string]float64 `json:"activity_hours"`
}

// AdviserYearCount is one year of a trend.
type AdviserYearCount struct {
	Year  int `json:"year"`
	Count int `json:"count"`
}

// AdviserCountHours is a number of contacts and their hours.
type AdviserCountHours struct {
	Count int     `json:"count"`
	Hours float64 `json:"hours"`
}

// NewAdviserFigures returns the figures of year with every code at zero.
func NewAdviserFigures(year int) AdviserFigures {
	f := AdviserFigures{Year: year, FormalReports: map[string]int{}, IssueKinds: map[string]int{},
		Relations: map[string]int{}, Contacts: map[string]AdviserCountHours{}, ActivityHours: map[string]float64{}}
	for _, k := range AdviserFormalReports[1:] {
		f.FormalReports[string(k)] = 0
	}
	for _, k := range AdviserIssueKinds() {
		f.IssueKinds[k] = 0
	}
	for _, k := range AdviserRelations {
		f.Relations[string(k)] = 0
	}
	for _, k := range AdviserContactKinds {
		f.Contacts[string(k)] = AdviserCountHours{}
	}
	for _, k := range AdviserActivityKinds {
		f.ActivityHours[string(k)] = 0
	}
	return f
}

// Empty reports whether the year holds no record at all.
func (f AdviserFigures) Empty() bool {
	return f.FirstContacts == 0 && f.Cases == 0 && f.ContactTotal().Count == 0 && f.ActivityTotal() == 0
}

// ContactTotal adds up the contacts of every kind.
func (f AdviserFigures) ContactTotal() AdviserCountHours {
	var t AdviserCountHours
	for _, c := range f.Contacts {
		t.Count += c.Count
		t.Hours += c.Hours
	}
	return t
}

// ActivityTotal adds up the hours of other activities.
func (f AdviserFigures) ActivityTotal() float64 {
	var t float64
	for _, h := range f.ActivityHours {
		t += h
	}
	return t
}

// FormalReportTotal adds up the formal reports.
func (f AdviserFigures) FormalReportTotal() int {
	t := 0
	for _, n := range f.FormalReports {
		t += n
	}
	return t
}

// ParseHours reads a number of hours as people type it: "1,5", "1.5",
// "0,75", "2" or "1:30", and returns it in whole minutes. ok is false for
// anything else, a negative number or more than two decimals.
func ParseHours(s string) (minutes int, ok bool) {
	s = strings.TrimSpace(s)
	if h, m, found := strings.Cut(s, ":"); found {
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || len(m) != 2 {
			return 0, false
		}
		return hh*60 + mm, true
	}
	s = strings.Replace(s, ",", ".", 1)
	if whole, frac, found := strings.Cut(s, "."); s == "" || strings.ContainsAny(s, "+-eE") ||
		(found && (len(frac) == 0 || len(frac) > 2 || whole == "")) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 10000 {
		return 0, false
	}
	return int(math.Round(f * 60)), true
}

// FormatHours writes hours with at most two decimals and the decimal
// separator of lang: "1,5" in Dutch, "1.5" in English.
func FormatHours(hours float64, lang string) string {
	s := strconv.FormatFloat(math.Round(hours*100)/100, 'f', -1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func checkDay(field string, day, today time.Time) []error {
	switch {
	case day.IsZero():
		return []error{FieldError(field, "err.adviser_date_required")}
	case day.After(today):
		return []error{FieldError(field, "err.adviser_date_future")}
	case day.Before(earliestRecord):
		return []error{FieldError(field, "err.date_invalid")}
	}
	return nil
}

func checkMinutes(minutes, most int) []error {
	switch {
	case minutes <= 0:
		return []error{FieldError("hours", "err.adviser_hours_required")}
	case minutes > most:
		return []error{FieldError("hours", "err.adviser_hours_too_many", most/60)}
	}
	return nil
}
