package domain

import "time"

// The legal deadlines of a report (Wet bescherming klokkenluiders; EU
// Directive 2019/1937, art. 9(1)(b) and (f)) are counted in calendar days
// and months, not in hours. So everything here works with dates: a date is a
// time.Time at midnight (the start of the day) in Europe/Amsterdam, the zone
// of the municipalities the law applies to (Day, Date.Start).
//
// Convention: "due on day X" means the act must happen on or before day X,
// whatever the time of day; it is late from the first moment of day X+1.

// AcknowledgementDays is the number of calendar days, counted from the day of
// receipt, within which the receipt of a report must be acknowledged.
const AcknowledgementDays = 7

// FeedbackMonths is the number of months within which the reporter must be
// informed of the assessment and follow-up of the report.
const FeedbackMonths = 3

// DueSoonDays is the window in which an open deadline counts as due soon: the
// due day is within this many days, today included (so today up to today+6).
// A week's notice leaves time to act around weekends and absence.
const DueSoonDays = 7

// AcknowledgementDue returns the day by which receipt of a report received at
// received must be acknowledged: seven calendar days after the day of receipt.
// A report received on Monday the 1st, at any hour, is due on Monday the 8th.
func AcknowledgementDue(received time.Time) time.Time {
	// Adding days through time.Date keeps midnight across a DST change, where
	// adding 7×24 hours would land at 23:00 or 01:00.
	y, m, d := Day(received).Date()
	return time.Date(y, m, d+AcknowledgementDays, 0, 0, 0, 0, amsterdam)
}

// FeedbackDue returns the day by which the reporter must have received
// feedback: three months after the day the acknowledgement was sent, whenever
// that was (early or late), or, when none was sent, three months after the
// day the seven-day acknowledgement period ran out. That is the rule of the
// law; a late acknowledgement thus also moves the feedback deadline.
func FeedbackDue(received time.Time, acknowledged *time.Time) time.Time {
	start := AcknowledgementDue(received)
	if acknowledged != nil {
		start = Day(*acknowledged)
	}
	return AddMonthsClipped(start, FeedbackMonths)
}

// NextDue returns the day the first open deadline of a report falls due,
// the one its place in the report list and its urgency follow from: the
// acknowledgement's while none was sent, then the feedback's; open is false
// once feedback was given. The acknowledgement always falls due before the
// feedback, so the first open deadline is also the most urgent one.
func NextDue(received time.Time, acknowledged, feedback *time.Time) (due time.Time, open bool) {
	switch {
	case acknowledged == nil:
		return AcknowledgementDue(received), true
	case feedback == nil:
		return FeedbackDue(received, acknowledged), true
	}
	return time.Time{}, false
}

// AddMonthsClipped returns d plus n months (n may be negative), keeping the
// day of the month, the clock time and the location of d. When the day does
// not exist in the target month it is clipped to that month's last day: 31
// January + 3 months is 30 April, 30 November 2027 + 3 months is 29 February
// 2028. time.AddDate would roll over into the next month instead (1 May),
// which would give the reporter a deadline later than the law allows.
func AddMonthsClipped(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	hh, mm, ss := d.Clock()
	// Day 1 always exists, so time.Date only normalises the month/year here.
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, d.Location())
	ty, tm, _ := first.Date()
	// Day 0 of the next month is the last day of this one.
	last := time.Date(ty, tm+1, 0, 0, 0, 0, 0, d.Location()).Day()
	return time.Date(ty, tm, min(day, last), hh, mm, ss, d.Nanosecond(), d.Location())
}

// DeadlineStatus is where a deadline stands, for lists and warnings.
type DeadlineStatus string

// The deadline statuses. The strings may be stored or used as CSS classes and
// message keys: never rename.
const (
	DeadlineOK       DeadlineStatus = "ok"        // open, due later than DueSoonDays
	DeadlineDueSoon  DeadlineStatus = "due_soon"  // open, due within DueSoonDays, today included
	DeadlineOverdue  DeadlineStatus = "overdue"   // open, the due day has passed
	DeadlineDone     DeadlineStatus = "done"      // done on or before the due day
	DeadlineDoneLate DeadlineStatus = "done_late" // done after the due day
)

// StatusOf returns the status of a deadline due on the day of due, done at
// doneAt (nil while open), as seen at now. All three are compared as days in
// Europe/Amsterdam, so an act at 23:59 on the due day is on time and one due
// today is due soon, not overdue.
func StatusOf(due time.Time, doneAt *time.Time, now time.Time) DeadlineStatus {
	dueDay := Day(due)
	if doneAt != nil {
		if Day(*doneAt).After(dueDay) {
			return DeadlineDoneLate
		}
		return DeadlineDone
	}
	switch left := DateOf(now).DaysUntil(DateOf(dueDay)); {
	case left < 0:
		return DeadlineOverdue
	case left < DueSoonDays:
		return DeadlineDueSoon
	default:
		return DeadlineOK
	}
}
