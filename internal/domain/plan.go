package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Action plans (plannen van aanpak): a plan ("Plan van aanpak integriteit
// 2025–2026") with action lines (actielijnen) and numbered actions, each
// with its description, whether it is new or continued, the quarters it is
// planned in, its owner (a user of the organisation), its status and dated
// progress notes. The controller keeps the plans; an owner reports progress
// on their own actions. Nothing in it is confidential.

// Limits of a plan's text.
const (
	MaxPlanRef         = 40
	MaxPlanTitle       = 200
	MaxActionText      = 2000
	MaxActionReason    = 1000
	MaxActionNote      = 4000
	MaxActionNumber    = 999
	MaxActionLineCount = 99
)

// Quarter is a quarter of a year: the unit in which actions are planned and
// their progress is reported.
type Quarter struct {
	Year int
	Q    int // 1..4
}

// IsZero reports whether q is no quarter.
func (q Quarter) IsZero() bool { return q == Quarter{} }

// String is the quarter as stored and typed: "2025-Q1"; "" for none.
func (q Quarter) String() string {
	if q.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d-Q%d", q.Year, q.Q)
}

// ParseQuarter reads "2025-Q1" (also "2025-q1", "2025 Q1", "Q1 2025",
// "K1 2025", "2025-K1"). Empty input is the zero Quarter and no error.
// Anything else is an EINVALID error at field, err.quarter_invalid.
func ParseQuarter(field, s string) (Quarter, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return Quarter{}, nil
	}
	s = strings.ReplaceAll(s, "K", "Q")
	var year, q string
	if strings.HasPrefix(s, "Q") {
		q, year, _ = strings.Cut(s[1:], " ")
	} else {
		i := strings.IndexAny(s, "- ")
		if i < 0 {
			return Quarter{}, FieldError(field, "err.quarter_invalid")
		}
		year, q = s[:i], strings.TrimPrefix(strings.TrimLeft(s[i:], "- "), "Q")
	}
	y, err1 := strconv.Atoi(strings.TrimSpace(year))
	n, err2 := strconv.Atoi(strings.TrimSpace(q))
	if err1 != nil || err2 != nil || n < 1 || n > 4 || !YearValid(y) {
		return Quarter{}, FieldError(field, "err.quarter_invalid")
	}
	return Quarter{Year: y, Q: n}, nil
}

// QuarterOf is the quarter the day of t (in Amsterdam) falls in.
func QuarterOf(t time.Time) Quarter {
	d := DateOf(t)
	return Quarter{Year: d.Year, Q: (int(d.Month)-1)/3 + 1}
}

// First is the quarter's first day.
func (q Quarter) First() Date { return Date{q.Year, time.Month(3*q.Q - 2), 1} }

// Last is the quarter's last day.
func (q Quarter) Last() Date {
	return DateOf(q.Next().First().Start().Add(-12 * time.Hour))
}

// Next is the quarter after q.
func (q Quarter) Next() Quarter {
	if q.Q == 4 {
		return Quarter{Year: q.Year + 1, Q: 1}
	}
	return Quarter{Year: q.Year, Q: q.Q + 1}
}

// Prev is the quarter before q.
func (q Quarter) Prev() Quarter {
	if q.Q == 1 {
		return Quarter{Year: q.Year - 1, Q: 4}
	}
	return Quarter{Year: q.Year, Q: q.Q - 1}
}

// Before reports whether q is an earlier quarter than r.
func (q Quarter) Before(r Quarter) bool {
	return q.Year < r.Year || q.Year == r.Year && q.Q < r.Q
}

// Contains reports whether day d falls in the quarter.
func (q Quarter) Contains(d Date) bool {
	return !d.Before(q.First()) && !d.After(q.Last())
}

// ActionKind says whether an action is new in the plan or continues work
// of an earlier one.
type ActionKind string

// The codes of ActionKind.
const (
	ActionNew       ActionKind = "new"       // nieuw
	ActionContinued ActionKind = "continued" // doorlopend
)

// ActionKinds are the kinds, in the order shown.
var ActionKinds = []ActionKind{ActionNew, ActionContinued}

// ActionStatus is where an action stands.
type ActionStatus string

// The codes of ActionStatus.
const (
	ActionPlanned ActionStatus = "planned" // gepland
	ActionRunning ActionStatus = "running" // loopt
	ActionDone    ActionStatus = "done"    // afgerond
	ActionDropped ActionStatus = "dropped" // vervallen, met reden
)

// ActionStatuses are the statuses, in the order shown.
var ActionStatuses = []ActionStatus{ActionPlanned, ActionRunning, ActionDone, ActionDropped}

// Open reports whether an action in this status still has to be done.
func (s ActionStatus) Open() bool { return s == ActionPlanned || s == ActionRunning }

// ActionPlan is a plan of the organisation.
type ActionPlan struct {
	ID        int64
	OrgID     int64
	Ref       string // the organisation's key of the plan, e.g. PVA-2025; the key of imports
	Title     string
	FromYear  int // the years the plan covers; the annual report of a year within shows it
	UntilYear int
	Lines     []ActionLine // by number, when loaded
	Actions   []PlanAction // by number, when loaded
}

// Check tidies the plan and returns every problem with it.
func (p *ActionPlan) Check() []error {
	p.Ref = strings.TrimSpace(p.Ref)
	p.Title = strings.TrimSpace(p.Title)
	var errs []error
	errs = append(errs, requiredText("ref", p.Ref, MaxPlanRef, "err.plan_ref_required")...)
	errs = append(errs, requiredText("title", p.Title, MaxPlanTitle, "err.plan_title_required")...)
	if !YearValid(p.FromYear) {
		errs = append(errs, FieldError("from_year", "err.plan_year_invalid"))
	}
	if !YearValid(p.UntilYear) {
		errs = append(errs, FieldError("until_year", "err.plan_year_invalid"))
	} else if YearValid(p.FromYear) && p.UntilYear < p.FromYear {
		errs = append(errs, FieldError("until_year", "err.plan_until_before_from"))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (p *ActionPlan) Validate() error { return firstError(p.Check()) }

// Covers reports whether the plan runs in year.
func (p *ActionPlan) Covers(year int) bool { return p.FromYear <= year && year <= p.UntilYear }

// Line returns the plan's line with the id, or nil.
func (p *ActionPlan) Line(id int64) *ActionLine {
	for i := range p.Lines {
		if p.Lines[i].ID == id {
			return &p.Lines[i]
		}
	}
	return nil
}

// ActionsOf returns the plan's actions on the line, by number.
func (p *ActionPlan) ActionsOf(lineID int64) []PlanAction {
	var out []PlanAction
	for _, a := range p.Actions {
		if a.LineID == lineID {
			out = append(out, a)
		}
	}
	return out
}

// ActionLine is an action line (actielijn) of a plan: a theme its actions
// serve.
type ActionLine struct {
	ID     int64
	PlanID int64
	Number int // 1, 2, …; unique within the plan
	Title  string
}

// Check tidies the line and returns every problem with it.
func (l *ActionLine) Check() []error {
	l.Title = strings.TrimSpace(l.Title)
	var errs []error
	if l.Number < 1 || l.Number > MaxActionLineCount {
		errs = append(errs, FieldError("line_number", "err.plan_line_number"))
	}
	errs = append(errs, requiredText("line_title", l.Title, MaxPlanTitle, "err.plan_line_title_required")...)
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (l *ActionLine) Validate() error { return firstError(l.Check()) }

// PlanAction is a numbered action of a plan.
type PlanAction struct {
	ID           int64
	OrgID        int64
	PlanID       int64
	LineID       int64
	Number       int // 1, 2, …; unique within the plan
	Description  string
	Kind         ActionKind
	From, Until  Quarter // the planned period
	OwnerID      int64   // a user of the organisation; 0 when nobody is named yet
	OwnerName    string  // the owner's display name, when loaded
	Status       ActionStatus
	StatusReason string // why it was dropped (required then), or a word on the status
	Notes        []ActionNote
}

// ActionNote is a dated progress note on an action.
type ActionNote struct {
	ID         int64
	ActionID   int64
	Day        Date
	Text       string
	AuthorID   int64
	AuthorName string // when loaded
}

// Check tidies the action and returns every problem with it.
func (a *PlanAction) Check() []error {
	a.Description = strings.TrimSpace(a.Description)
	a.StatusReason = strings.TrimSpace(a.StatusReason)
	var errs []error
	if a.LineID == 0 {
		errs = append(errs, FieldError("line", "err.plan_line_required"))
	}
	if a.Number < 1 || a.Number > MaxActionNumber {
		errs = append(errs, FieldError("number", "err.plan_action_number"))
	}
	errs = append(errs, requiredText("description", a.Description, MaxActionText, "err.plan_description_required")...)
	if !slices.Contains(ActionKinds, a.Kind) {
		errs = append(errs, FieldError("kind", "err.choice_invalid"))
	}
	switch {
	case a.From.IsZero():
		errs = append(errs, FieldError("from", "err.plan_period_required"))
	case a.Until.IsZero():
		errs = append(errs, FieldError("until", "err.plan_period_required"))
	case a.Until.Before(a.From):
		errs = append(errs, FieldError("until", "err.plan_until_before_from"))
	}
	errs = append(errs, a.checkStatus()...)
	return errs
}

// checkStatus checks the status and its reason: a dropped action says why.
func (a *PlanAction) checkStatus() []error {
	var errs []error
	if !slices.Contains(ActionStatuses, a.Status) {
		errs = append(errs, FieldError("status", "err.choice_invalid"))
	}
	switch {
	case a.Status == ActionDropped && a.StatusReason == "":
		errs = append(errs, FieldError("reason", "err.plan_reason_required"))
	case utf8.RuneCountInString(a.StatusReason) > MaxActionReason:
		errs = append(errs, FieldError("reason", "err.too_long"))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (a *PlanAction) Validate() error { return firstError(a.Check()) }

// OverdueOn reports whether the action is past its planned period on day
// d without being done: its status is open (planned or running) and the
// last day of its last quarter lies before d. A dropped action is not
// overdue: it says why it stopped.
func (a *PlanAction) OverdueOn(d Date) bool {
	return a.Status.Open() && !a.Until.IsZero() && a.Until.Last().Before(d)
}

// Progress is what an owner (or the controller) reports on an action: a
// new status (with the reason when dropped) and, optionally, a dated note.
type Progress struct {
	Status ActionStatus
	Reason string
	Day    Date   // the note's day; today when zero
	Note   string // "" for none
}

// Check tidies the progress and returns every problem with it; today is
// the day in Amsterdam, after which a note may not be dated.
func (p *Progress) Check(today Date) []error {
	p.Note = strings.TrimSpace(p.Note)
	a := PlanAction{Status: p.Status, StatusReason: p.Reason}
	errs := a.checkStatus()
	p.Reason = a.StatusReason
	if utf8.RuneCountInString(p.Note) > MaxActionNote {
		errs = append(errs, FieldError("note", "err.too_long"))
	}
	if p.Day.IsZero() {
		p.Day = today
	}
	if p.Day.After(today) || p.Day.Year < RecordFirstYear {
		errs = append(errs, FieldError("day", "err.plan_note_day"))
	}
	return errs
}

// PlanState is a plan's actions counted on a day: per status, how many
// are overdue, and per line.
type PlanState struct {
	Total    int
	ByStatus map[string]int // every status, zero included
	Overdue  int
	Lines    []LineState
}

// LineState is one line's actions counted.
type LineState struct {
	Number   int
	Title    string
	Total    int
	ByStatus map[string]int
	Overdue  int
}

// StateOn counts the plan's actions on day d (overdue by OverdueOn).
func (p *ActionPlan) StateOn(d Date) PlanState {
	zero := func() map[string]int {
		m := map[string]int{}
		for _, s := range ActionStatuses {
			m[string(s)] = 0
		}
		return m
	}
	st := PlanState{ByStatus: zero()}
	for _, l := range p.Lines {
		ls := LineState{Number: l.Number, Title: l.Title, ByStatus: zero()}
		for _, a := range p.ActionsOf(l.ID) {
			ls.Total++
			ls.ByStatus[string(a.Status)]++
			if a.OverdueOn(d) {
				ls.Overdue++
			}
		}
		st.Total += ls.Total
		st.Overdue += ls.Overdue
		for k, v := range ls.ByStatus {
			st.ByStatus[k] += v
		}
		st.Lines = append(st.Lines, ls)
	}
	return st
}

// ReportDay is the day on which a report of the period ending with last
// counts overdue actions: the day after last when it has passed, else
// today. "Overdue at the end of the quarter (or year)", and no later than
// what is known.
func ReportDay(last, today Date) Date {
	after := DateOf(last.Start().Add(36 * time.Hour))
	if after.After(today) {
		return today
	}
	return after
}
