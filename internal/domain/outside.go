package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Outside activities (nevenwerkzaamheden) and financial interests
// (financiële belangen). An official reports outside activities that may
// touch the interests of the service, and the employer registers them and
// assesses them (Ambtenarenwet 2017 art. 5); those of positions designated
// for publication are published. Officials in positions designated for
// financial interests report them (art. 8). Political office holders
// publish their outside positions by law: councillors (Gemeentewet art.
// 12), aldermen (art. 41b) and the mayor (art. 67), the latter two with the
// income from them.
var (
	// OutsideStatuses: the activity is held (reported) or announced before
	// it starts (intended).
	OutsideStatuses = []OutsideStatus{OutsideStatusReported, OutsideStatusIntended}
	// OutsideAssessments are the employer's assessments, pending first.
	OutsideAssessments = []OutsideAssessment{OutsideAssessmentPending, OutsideAssessmentAllowed,
		OutsideAssessmentAllowedWithConditions, OutsideAssessmentNotAllowed}
	// FinancialKinds are the kinds of financial interest.
	FinancialKinds = []FinancialKind{FinancialKindShares, FinancialKindBonds, FinancialKindRealEstate,
		FinancialKindBusinessInterest, FinancialKindOther}
	// FinancialAssessments are the assessments of a financial interest,
	// pending first.
	FinancialAssessments = []FinancialAssessment{FinancialAssessmentPending, FinancialAssessmentNoConflict,
		FinancialAssessmentMeasuresTaken, FinancialAssessmentConflict}
)

// OutsideStatus tells an activity that is held from one announced.
type OutsideStatus string

// The outside statuses.
const (
	OutsideStatusReported OutsideStatus = "reported"
	OutsideStatusIntended OutsideStatus = "intended"
)

// OutsideAssessment is the employer's assessment of an outside activity.
type OutsideAssessment string

// The outside assessments.
const (
	OutsideAssessmentPending               OutsideAssessment = "pending"
	OutsideAssessmentAllowed               OutsideAssessment = "allowed"
	OutsideAssessmentAllowedWithConditions OutsideAssessment = "allowed_with_conditions"
	OutsideAssessmentNotAllowed            OutsideAssessment = "not_allowed"
)

// NotAllowed reports whether the employer refused the activity.
func (a OutsideAssessment) NotAllowed() bool { return a == OutsideAssessmentNotAllowed }

// FinancialKind is a kind of financial interest.
type FinancialKind string

// The financial kinds.
const (
	FinancialKindShares           FinancialKind = "shares"
	FinancialKindBonds            FinancialKind = "bonds"
	FinancialKindRealEstate       FinancialKind = "real_estate"
	FinancialKindBusinessInterest FinancialKind = "business_interest"
	FinancialKindOther            FinancialKind = "other"
)

// FinancialAssessment is the assessment of a financial interest.
type FinancialAssessment string

// The financial assessments.
const (
	FinancialAssessmentPending       FinancialAssessment = "pending"
	FinancialAssessmentNoConflict    FinancialAssessment = "no_conflict"
	FinancialAssessmentMeasuresTaken FinancialAssessment = "measures_taken"
	FinancialAssessmentConflict      FinancialAssessment = "conflict"
)

// Limits of the registers' fields.
const (
	MaxOutsideTextRunes     = 200  // activity, organisation
	MaxOutsideReasonsRunes  = 2000 // an assessment's reasons
	MaxFinancialDescrRunes  = 1000
	MaxOutsideHoursPerMonth = 744 // 31 days of 24 hours
	MaxOutsideIncomeEUR     = 10_000_000
	// ReconfirmMonths is how long a registration stands before its holder
	// must confirm it again.
	ReconfirmMonths = 12
)

// OutsideActivity is one outside activity of a person.
type OutsideActivity struct {
	ID            int64
	OrgID         int64
	PersonID      int64
	PositionID    int64 // the position it was reported for; 0 = none
	Activity      string
	Organisation  string // where it is done
	Paid          bool
	HoursPerMonth int
	IncomeEUR     *int64 // yearly; only for political office holders
	ReportedOn    time.Time
	StartOn       *time.Time
	EndOn         *time.Time
	Status        OutsideStatus
	Assessment    OutsideAssessment
	AssessedBy    int64 // the HR user who recorded the assessment; 0 while pending
	AssessedOn    *time.Time
	Reasons       string // of the assessment: the conditions, or why not
	ConfirmedOn   *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time

	// Read with the activity from the person, the position and the
	// assessor; not stored in its row.
	PersonName         string
	PersonRef          string
	PersonLeftOn       *time.Time // the person's end date
	PositionTitle      string
	PositionPolitical  PoliticalOffice // "" for an official
	PositionDesignated bool            // designated for publication
	AssessorName       string
}

// Normalise trims the text and turns the dates into days.
func (a *OutsideActivity) Normalise() {
	a.Activity, a.Organisation = strings.TrimSpace(a.Activity), strings.TrimSpace(a.Organisation)
	a.Reasons = strings.TrimSpace(a.Reasons)
	if !a.ReportedOn.IsZero() {
		a.ReportedOn = Day(a.ReportedOn)
	}
	for _, d := range []**time.Time{&a.StartOn, &a.EndOn, &a.AssessedOn, &a.ConfirmedOn} {
		if *d != nil {
			day := Day(**d)
			*d = &day
		}
	}
}

// Check returns every problem with the reported facts as of the day today,
// each a FieldError naming the form field. The assessment is checked by
// CheckAssessment.
func (a *OutsideActivity) Check(today time.Time) []error {
	a.Normalise()
	today = Day(today)
	var errs []error
	if a.PersonID == 0 {
		errs = append(errs, FieldError("person", "outside.err_person"))
	}
	errs = append(errs, requiredText("activity", a.Activity, MaxOutsideTextRunes, "outside.err_activity")...)
	errs = append(errs, requiredText("organisation", a.Organisation, MaxOutsideTextRunes, "outside.err_organisation")...)
	if a.HoursPerMonth < 0 || a.HoursPerMonth > MaxOutsideHoursPerMonth {
		errs = append(errs, FieldError("hours_per_month", "outside.err_hours", MaxOutsideHoursPerMonth))
	}
	if a.IncomeEUR != nil {
		switch {
		case *a.IncomeEUR < 0 || *a.IncomeEUR > MaxOutsideIncomeEUR:
			errs = append(errs, FieldError("income_eur", "outside.err_income"))
		case !a.Paid && *a.IncomeEUR > 0:
			errs = append(errs, FieldError("income_eur", "outside.err_income_unpaid"))
		}
	}
	if !slices.Contains(OutsideStatuses, a.Status) {
		errs = append(errs, FieldError("status", "outside.err_status"))
	}
	errs = append(errs, outsidePastDay("reported_on", a.ReportedOn, today, true)...)
	if a.StartOn != nil && a.EndOn != nil && a.EndOn.Before(*a.StartOn) {
		errs = append(errs, FieldError("end_on", "err.end_before_start"))
	}
	if a.ConfirmedOn != nil {
		errs = append(errs, outsidePastDay("confirmed_on", *a.ConfirmedOn, today, false)...)
		if !a.ReportedOn.IsZero() && a.ConfirmedOn.Before(a.ReportedOn) {
			errs = append(errs, FieldError("confirmed_on", "outside.err_confirmed_before"))
		}
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (a *OutsideActivity) Validate(today time.Time) error { return firstError(a.Check(today)) }

// CheckAssessment returns every problem with the assessment: a known one;
// for a decision a day, not in the future nor before the report; reasons
// (the conditions, or why not) for a conditional permission and a refusal.
func (a *OutsideActivity) CheckAssessment(today time.Time) []error {
	a.Normalise()
	var errs []error
	if !slices.Contains(OutsideAssessments, a.Assessment) {
		return []error{FieldError("assessment", "outside.err_assessment")}
	}
	if utf8.RuneCountInString(a.Reasons) > MaxOutsideReasonsRunes {
		errs = append(errs, FieldError("reasons", "outside.err_reasons_long", MaxOutsideReasonsRunes))
	}
	if a.Assessment == OutsideAssessmentPending {
		return errs
	}
	if a.Reasons == "" && (a.Assessment == OutsideAssessmentAllowedWithConditions || a.Assessment == OutsideAssessmentNotAllowed) {
		errs = append(errs, FieldError("reasons", "outside.err_reasons_"+string(a.Assessment)))
	}
	if a.AssessedOn == nil {
		return append(errs, FieldError("assessed_on", "outside.err_assessed_on"))
	}
	errs = append(errs, outsidePastDay("assessed_on", *a.AssessedOn, Day(today), false)...)
	if !a.ReportedOn.IsZero() && a.AssessedOn.Before(a.ReportedOn) {
		errs = append(errs, FieldError("assessed_on", "outside.err_assessed_before"))
	}
	return errs
}

// Political reports whether the activity was reported for a political
// office.
func (a *OutsideActivity) Political() bool { return a.PositionPolitical != "" }

// Publishable reports whether the activity is of a kind the public register
// shows, whatever its dates:
//   - a political office holder's outside position (councillor, alderman,
//     mayor), whatever its assessment: the law obliges office holders to
//     publish every outside position (Gemeentewet art. 12, 41b, 67), and an
//     assessment by the employer does not take that away;
//   - an official's activity in a position designated for publication
//     (Ambtenarenwet 2017 art. 5), once allowed, with or without conditions;
//     pending ones are undecided and refused ones must not be held, so
//     neither is published.
//
// Everything else (activities of positions that are not designated, or of
// no position) is never published.
func (a *OutsideActivity) Publishable() bool {
	if a.PositionID == 0 {
		return false
	}
	if a.Political() {
		return true
	}
	return a.PositionDesignated && (a.Assessment == OutsideAssessmentAllowed || a.Assessment == OutsideAssessmentAllowedWithConditions)
}

// Current reports whether the activity still runs on the day today: it has
// not ended and its holder has not left the organisation.
func (a *OutsideActivity) Current(today time.Time) bool {
	today = Day(today)
	if a.EndOn != nil && Day(*a.EndOn).Before(today) {
		return false
	}
	return a.PersonLeftOn == nil || !Day(*a.PersonLeftOn).Before(today)
}

// Published reports whether the public register shows the activity on the
// day today: publishable and current.
func (a *OutsideActivity) Published(today time.Time) bool {
	return a.Publishable() && a.Current(today)
}

// LastConfirmed is the day the holder last stood by the registration: the
// re-confirmation, else the report.
func (a *OutsideActivity) LastConfirmed() time.Time {
	if a.ConfirmedOn != nil {
		return *a.ConfirmedOn
	}
	return a.ReportedOn
}

// NeedsReconfirmation reports whether the holder must confirm the activity
// again: it still runs, was not refused, and was last confirmed more than
// ReconfirmMonths months before today.
func (a *OutsideActivity) NeedsReconfirmation(today time.Time) bool {
	if a.Assessment == OutsideAssessmentNotAllowed || !a.Current(today) {
		return false
	}
	return Day(a.LastConfirmed()).Before(Day(today).AddDate(0, -ReconfirmMonths, 0))
}

// RegisterEntry is one line of the public register of outside activities.
// It holds the public fields and nothing else, so nothing else can be
// shown: officials appear by their position, not by name, without hours or
// income; office holders by name, with the income from the position where
// it was recorded.
type RegisterEntry struct {
	Office        PoliticalOffice // "" for an official
	Name          string          // office holders only
	PositionTitle string
	Activity      string
	Organisation  string
	Paid          bool
	IncomeEUR     *int64 // office holders only, when recorded
}

// PublicEntry returns the activity's line in the public register.
func (a *OutsideActivity) PublicEntry() RegisterEntry {
	e := RegisterEntry{PositionTitle: a.PositionTitle, Activity: a.Activity, Organisation: a.Organisation, Paid: a.Paid}
	if a.Political() {
		e.Office, e.Name = a.PositionPolitical, a.PersonName
		if a.IncomeEUR != nil {
			v := *a.IncomeEUR
			e.IncomeEUR = &v
		}
	}
	return e
}

// OutsideCounts are the figures of one year's outside activities (by the
// day they were reported) for the annual report.
type OutsideCounts struct {
	Year                  int
	Reported              int // every activity reported in the year
	Pending               int
	Allowed               int
	AllowedWithConditions int
	NotAllowed            int
	Published             int // of the reported: of a kind the public register shows (Publishable)
}

// Add counts one activity.
func (c *OutsideCounts) Add(a *OutsideActivity) {
	c.Reported++
	switch a.Assessment {
	case OutsideAssessmentPending:
		c.Pending++
	case OutsideAssessmentAllowed:
		c.Allowed++
	case OutsideAssessmentAllowedWithConditions:
		c.AllowedWithConditions++
	case OutsideAssessmentNotAllowed:
		c.NotAllowed++
	}
	if a.Publishable() {
		c.Published++
	}
}

// FinancialInterest is a financial interest reported by a person in a
// position designated for financial interests.
type FinancialInterest struct {
	ID          int64
	OrgID       int64
	PersonID    int64
	Kind        FinancialKind
	Description string
	ReportedOn  time.Time
	Assessment  FinancialAssessment
	Reasons     string
	AssessedBy  int64 // set by the store when the assessment changes; 0 while pending
	AssessedOn  *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	// Read with the interest; not stored in its row.
	PersonName    string
	PersonRef     string
	PositionTitle string
	AssessorName  string
}

// Normalise trims the text and turns the dates into days.
func (f *FinancialInterest) Normalise() {
	f.Kind = FinancialKind(strings.TrimSpace(string(f.Kind)))
	f.Description, f.Reasons = strings.TrimSpace(f.Description), strings.TrimSpace(f.Reasons)
	if !f.ReportedOn.IsZero() {
		f.ReportedOn = Day(f.ReportedOn)
	}
	if f.AssessedOn != nil {
		d := Day(*f.AssessedOn)
		f.AssessedOn = &d
	}
}

// Check returns every problem with the interest as of the day today, each
// a FieldError naming the form field.
func (f *FinancialInterest) Check(today time.Time) []error {
	f.Normalise()
	var errs []error
	if f.PersonID == 0 {
		errs = append(errs, FieldError("person", "outside.err_person"))
	}
	if !slices.Contains(FinancialKinds, f.Kind) {
		errs = append(errs, FieldError("kind", "financial.err_kind"))
	}
	errs = append(errs, requiredText("description", f.Description, MaxFinancialDescrRunes, "financial.err_description")...)
	errs = append(errs, outsidePastDay("reported_on", f.ReportedOn, Day(today), true)...)
	if !slices.Contains(FinancialAssessments, f.Assessment) {
		errs = append(errs, FieldError("assessment", "outside.err_assessment"))
	}
	if utf8.RuneCountInString(f.Reasons) > MaxOutsideReasonsRunes {
		errs = append(errs, FieldError("reasons", "outside.err_reasons_long", MaxOutsideReasonsRunes))
	} else if f.Reasons == "" && (f.Assessment == FinancialAssessmentMeasuresTaken || f.Assessment == FinancialAssessmentConflict) {
		errs = append(errs, FieldError("reasons", "financial.err_reasons_"+string(f.Assessment)))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (f *FinancialInterest) Validate(today time.Time) error { return firstError(f.Check(today)) }

// outsidePastDay checks a day that may not lie in the future; required says
// whether it must be given.
func outsidePastDay(field string, d, today time.Time, required bool) []error {
	switch {
	case d.IsZero():
		if required {
			return []error{FieldError(field, "outside.err_date")}
		}
	case Day(d).After(today):
		return []error{FieldError(field, "outside.err_future")}
	case d.Year() < RecordFirstYear:
		return []error{FieldError(field, "err.date_invalid")}
	}
	return nil
}
