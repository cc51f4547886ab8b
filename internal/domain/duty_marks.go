package domain

import "time"

// DutyMark is HR's word on an onboarding duty a person owes but that will
// not be done in the system: it does not apply to them, or it was settled
// before the system kept records. A marked duty is no longer missing.
type DutyMark string

// The codes of DutyMark.
const (
	DutyNotApplicable DutyMark = "not_applicable"
	DutySettledBefore DutyMark = "settled_before"
)

// DutyMarks are the marks HR can give, in the order of the form.
var DutyMarks = []DutyMark{DutyNotApplicable, DutySettledBefore}

// OnboardingMark is one duty of one person marked by HR, with the day it
// was decided (not applicable) or settled (before the system).
type OnboardingMark struct {
	PersonID int64
	Item     OnboardingItem
	Mark     DutyMark
	On       time.Time
}

// Check returns every problem with the mark, as of now: a known item and
// mark, and a day that is not ahead.
func (m OnboardingMark) Check(now time.Time) []error {
	var errs []error
	if !isOneOf(m.Item, OnboardingItems) {
		errs = append(errs, FieldError("item", "err.choice_invalid"))
	}
	if !isOneOf(m.Mark, DutyMarks) {
		errs = append(errs, FieldError("mark", "err.choice_invalid"))
	}
	switch {
	case m.On.IsZero():
		errs = append(errs, FieldError("on", "duties.err_date"))
	case DateOf(m.On).After(Today(now)):
		errs = append(errs, FieldError("on", "duties.err_future"))
	}
	return errs
}

func isOneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// MissingFor says how long a duty has been missing, from since to now, in
// a unit that reads at a glance: days for the first three months (when
// onboarding is under way), months up to two years, years after. It returns
// the count and the unit ("day", "month" or "year").
func MissingFor(since, now time.Time) (int, string) {
	a, b := DateOf(since), DateOf(now)
	months := (b.Year-a.Year)*12 + int(b.Month) - int(a.Month)
	if b.Day < a.Day {
		months--
	}
	switch {
	case months >= 24:
		return months / 12, "year"
	case months >= 3:
		return months, "month"
	}
	return max(a.DaysUntil(b), 0), "day"
}
