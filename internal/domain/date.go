package domain

import (
	"strconv"
	"strings"
	"time"
	// The legal deadlines must not depend on whether the host has a time zone
	// database: without it Europe/Amsterdam would be unknown and a deadline
	// could shift by a day around midnight. Embedding costs about 450 kB.
	_ "time/tzdata"
)

// A Date is a calendar date as people mean it (1 March 2026), without a time
// of day and without a time zone. Days are counted in Europe/Amsterdam, the
// zone of the municipalities Integer serves: DateOf tells which date a moment
// falls on there, and the conversions below turn a date back into the moment
// a column stores.
//
// The zero Date is "no date": ParseDate gives it for empty input, DateOf for
// the zero time, and every conversion turns it back into the zero time, so a
// date that is missing stays missing.
//
// Three storage conventions exist side by side, each chosen by its module
// and each kept exactly, because the stored instants and the tests that read
// them must not change:
//
//   - Start: midnight at the start of the day in Amsterdam. The legal
//     deadlines (deadline.go) and the registers that compare a date with
//     today as days: advice, gifts, aggression, outside activities,
//     financial interests, people.
//   - Noon: twelve hours after that midnight. The activities and council
//     registers, and a report received on an earlier day (casework), store
//     a moment safely inside the day whatever the clock change.
//   - UTCMidnight: midnight UTC of the date. The advisers' records, whose
//     dates are never compared with moments, only with each other.
//
// All three lie on the same Amsterdam date, so moving a column to another
// convention should change no page; it would change the stored instants and
// what the tests assert, though, so it needs a migration and an issue of its
// own (none has been checked page by page).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// The valid years of the activities and council registers, the annual report
// and the imported yearly counts. Earlier or later years are typing errors,
// refused where a year or date is entered.
const (
	FirstYear = 1990
	LastYear  = 2100
)

// The people register's plausible dates: a person's start date may lie long
// before the first year of any register, so its range starts earlier. It
// ends with LastYear.
const PlausibleFirstYear = 1950

// RecordFirstYear is the first year of a record in the registers kept by the
// day (advice requests, gifts, aggression, outside activities, financial
// interests) and of the advisers' records: an earlier date is a typing error
// (0202 for 2020). Their last day is today, checked against the clock.
const RecordFirstYear = 2000

// filterLastYear is the last year a list's year filter reads: four digits.
const filterLastYear = 9999

// FilterYear reads a list's year filter (?year=): the year when v is one
// from RecordFirstYear to 9999, else 0 (every year). The lists never refuse
// a year; one without records shows an empty list.
func FilterYear(v string) int {
	y, err := strconv.Atoi(v)
	if err != nil || y < RecordFirstYear || y > filterLastYear {
		return 0
	}
	return y
}

// YearValid reports whether y is within FirstYear..LastYear.
func YearValid(y int) bool { return y >= FirstYear && y <= LastYear }

// amsterdam is the zone in which days are counted. time/tzdata is embedded, so
// loading cannot fail short of a broken build; panicking then is better than
// computing legal deadlines in the wrong zone.
var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic("domain: time zone Europe/Amsterdam: " + err.Error())
	}
	return loc
}()

// Amsterdam returns the zone in which days are counted.
func Amsterdam() *time.Location { return amsterdam }

// dateLayouts are the forms ParseDate accepts: the date input's yyyy-mm-dd
// and what people type, dd-mm-yyyy with or without leading zeros
// (01-03-2026, 1-3-2026). The second is covered by the third; it is kept so
// the list reads as the forms people know.
var dateLayouts = []string{time.DateOnly, DisplayLayout, "2-1-2006"}

// ParseDate reads a date as a date input sends it (2026-03-01) or as people
// type it (01-03-2026, 1-3-2026), around spaces. Empty input is the zero
// Date and no error: whether a date is required is the caller's rule. Any
// other input that is not a real date (31-02-2026, 2026-3-1, 1-3-26) is an
// EINVALID error at field, err.date_invalid. Years are not checked here: each
// caller knows its range (YearValid, plausibleDay, ten years back for a
// report's receipt).
func ParseDate(field, s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{t.Year(), t.Month(), t.Day()}, nil
		}
	}
	return Date{}, FieldError(field, "err.date_invalid")
}

// DateOf returns the date t falls on in Amsterdam: 23:30 UTC on 31 December
// is already 1 January there. The zero time has no date: the zero Date.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.In(amsterdam).Date()
	return Date{y, m, d}
}

// Day returns the first moment in Amsterdam of the date t falls on there:
// DateOf(t).Start() in one call, for the columns and deadlines kept in that
// convention. Unlike Start it maps the zero time to midnight of 1 January of
// year 1, as it always has; callers test for the zero time first.
func Day(t time.Time) time.Time {
	y, m, d := t.In(amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, amsterdam)
}

// Today returns the date in Amsterdam at now (the store's clock): from 00:00
// on 1 January there, not from 01:00, it is the new year.
func Today(now time.Time) Date { return DateOf(now) }

// ThisYear returns the year in Amsterdam at now: the default of every page
// that shows a year.
func ThisYear(now time.Time) int { return Today(now).Year }

// YearBounds returns the first moment of year in Amsterdam and that of the
// next year: the half-open range [from, to) of a year's records, whichever
// convention their column stores.
func YearBounds(year int) (from, to time.Time) {
	return Date{year, time.January, 1}.Start(), Date{year + 1, time.January, 1}.Start()
}

// IsZero reports whether d is the zero Date: no date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as yyyy-mm-dd, the form a date input takes and shows; the
// zero Date is "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.UTCMidnight().Format(time.DateOnly)
}

// DisplayLayout is the layout in which pages and exports show a date:
// dd-mm-yyyy.
const DisplayLayout = "02-01-2006"

// Display returns d as pages show it, dd-mm-yyyy; the zero Date is "".
func (d Date) Display() string {
	if d.IsZero() {
		return ""
	}
	return d.UTCMidnight().Format(DisplayLayout)
}

// Start returns the first moment of d in Amsterdam (midnight there); the
// zero Date gives the zero time.
func (d Date) Start() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, amsterdam)
}

// Noon returns twelve hours after Start: noon in Amsterdam, except on the two
// days of a clock change (13:00 on the last Sunday of March, 11:00 on the
// last Sunday of October). Either way it lies well inside the day, which is
// what the registers storing it need. The zero Date gives the zero time.
func (d Date) Noon() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return d.Start().Add(12 * time.Hour)
}

// UTCMidnight returns midnight UTC of d, as the advisers' records store a
// date; the zero Date gives the zero time.
func (d Date) UTCMidnight() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// DaysUntil returns the number of calendar days from d to e: 1 from a day to
// the next, negative when e is earlier. It counts dates, not hours, so the
// 23- and 25-hour days of a clock change count as one day each.
func (d Date) DaysUntil(e Date) int {
	return int(e.UTCMidnight().Sub(d.UTCMidnight()).Hours() / 24)
}

// Before reports whether d is an earlier date than e.
func (d Date) Before(e Date) bool { return d.UTCMidnight().Before(e.UTCMidnight()) }

// After reports whether d is a later date than e.
func (d Date) After(e Date) bool { return e.Before(d) }
