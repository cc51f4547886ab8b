package domain

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-03-01", Date{2026, 3, 1}, true},
		{"01-03-2026", Date{2026, 3, 1}, true},
		{"1-3-2026", Date{2026, 3, 1}, true},
		{"01-3-2026", Date{2026, 3, 1}, true},
		{"1-03-2026", Date{2026, 3, 1}, true},
		{"31-12-2025", Date{2025, 12, 31}, true},
		{"  2026-03-01 ", Date{2026, 3, 1}, true},
		{"", Date{}, true},
		{"   ", Date{}, true},
		// Leap days: 2028 and 2000 are leap years, 2026 and 2100 are not.
		{"2028-02-29", Date{2028, 2, 29}, true},
		{"29-2-2028", Date{2028, 2, 29}, true},
		{"2000-02-29", Date{2000, 2, 29}, true},
		{"2026-02-29", Date{}, false},
		{"29-02-2100", Date{}, false},
		// Years are the caller's rule: the parser reads any four digits.
		{"1950-01-01", Date{1950, 1, 1}, true},
		{"0202-03-01", Date{202, 3, 1}, true},
		{"9999-12-31", Date{9999, 12, 31}, true},
		// Not dates, or not in a form people type.
		{"2026-3-1", Date{}, false},
		{"2026/03/01", Date{}, false},
		{"01/03/2026", Date{}, false},
		{"1-3-26", Date{}, false},
		{"01-03-20260", Date{}, false},
		{"2026-03-01T10:00", Date{}, false},
		{"2026-13-01", Date{}, false},
		{"2026-00-10", Date{}, false},
		{"32-01-2026", Date{}, false},
		{"0-1-2026", Date{}, false},
		{"31-04-2026", Date{}, false},
		{"gisteren", Date{}, false},
		{"-1-3-2026", Date{}, false},
	} {
		got, err := ParseDate("on", tc.in)
		if tc.ok != (err == nil) || got != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && (ErrorCode(err) != EINVALID || fieldOf(err) != "on") {
			t.Errorf("ParseDate(%q): error %v is not EINVALID at the field", tc.in, err)
		}
	}
}

// fieldOf is read through the *Error the parser returns.
func fieldOf(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Field
	}
	return ""
}

func TestYearValid(t *testing.T) {
	for y, want := range map[int]bool{1989: false, 1990: true, 2026: true, 2100: true, 2101: false, 0: false, PlausibleFirstYear: false} {
		if YearValid(y) != want {
			t.Errorf("YearValid(%d) = %v", y, !want)
		}
	}
}

func TestFilterYear(t *testing.T) {
	for v, want := range map[string]int{"2026": 2026, "2000": 2000, "9999": 9999, "1999": 0, "10000": 0, "": 0, "all": 0, " 2026": 0} {
		if got := FilterYear(v); got != want {
			t.Errorf("FilterYear(%q) = %d, want %d", v, got, want)
		}
	}
}

func TestToday(t *testing.T) {
	for _, tc := range []struct {
		name string
		now  time.Time
		want Date
	}{
		{"New Year's night: 23:30 UTC is 00:30 in Amsterdam", time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC), Date{2026, 1, 1}},
		{"the last minute of the year in Amsterdam", time.Date(2025, 12, 31, 22, 59, 0, 0, time.UTC), Date{2025, 12, 31}},
		{"summer: 22:30 UTC is 00:30 in Amsterdam", time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), Date{2026, 7, 1}},
		{"a moment in another zone", time.Date(2026, 3, 1, 18, 0, 0, 0, time.FixedZone("EST", -5*3600)), Date{2026, 3, 2}},
	} {
		if got := Today(tc.now); got != tc.want {
			t.Errorf("%s: Today = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := ThisYear(time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC)); got != 2026 {
		t.Errorf("ThisYear at 00:00 on 1 January in Amsterdam = %d, want 2026", got)
	}
	if !DateOf(time.Time{}).IsZero() {
		t.Error("the zero time has a date")
	}
}

func TestDateConversions(t *testing.T) {
	ams := Amsterdam()
	for _, tc := range []struct {
		d                 Date
		start, noon, utc0 time.Time
	}{
		{Date{2026, 3, 1}, time.Date(2026, 3, 1, 0, 0, 0, 0, ams), time.Date(2026, 3, 1, 12, 0, 0, 0, ams), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		// The clock changes: twelve hours after midnight is 13:00 in March
		// and 11:00 in October, as the registers have always stored it.
		{Date{2026, 3, 29}, time.Date(2026, 3, 29, 0, 0, 0, 0, ams), time.Date(2026, 3, 29, 13, 0, 0, 0, ams), time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)},
		{Date{2026, 10, 25}, time.Date(2026, 10, 25, 0, 0, 0, 0, ams), time.Date(2026, 10, 25, 11, 0, 0, 0, ams), time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC)},
		{Date{}, time.Time{}, time.Time{}, time.Time{}},
	} {
		if got := tc.d.Start(); !got.Equal(tc.start) || got.Location() != tc.start.Location() {
			t.Errorf("%v.Start() = %v, want %v", tc.d, got, tc.start)
		}
		if got := tc.d.Noon(); !got.Equal(tc.noon) {
			t.Errorf("%v.Noon() = %v, want %v", tc.d, got, tc.noon)
		}
		if got := tc.d.UTCMidnight(); !got.Equal(tc.utc0) || got.Location() != tc.utc0.Location() {
			t.Errorf("%v.UTCMidnight() = %v, want %v", tc.d, got, tc.utc0)
		}
		// Each convention lies on the date it stands for.
		for _, at := range []time.Time{tc.d.Start(), tc.d.Noon()} {
			if DateOf(at) != tc.d {
				t.Errorf("DateOf(%v) = %v, want %v", at, DateOf(at), tc.d)
			}
		}
	}
}

func TestYearBounds(t *testing.T) {
	from, to := YearBounds(2026)
	// Amsterdam is an hour ahead of UTC in winter: the year starts at 23:00 UTC.
	if want := time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC); !from.Equal(want) {
		t.Errorf("from = %v, want %v", from, want)
	}
	if want := time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC); !to.Equal(want) {
		t.Errorf("to = %v, want %v", to, want)
	}
	for _, d := range []Date{{2026, 1, 1}, {2026, 12, 31}} {
		if d.Start().Before(from) || !d.Noon().Before(to) || !d.UTCMidnight().Before(to) {
			t.Errorf("%v is not inside YearBounds(2026)", d)
		}
	}
}

func TestDaysUntil(t *testing.T) {
	for _, tc := range []struct {
		from, to Date
		want     int
	}{
		{Date{2026, 3, 1}, Date{2026, 3, 1}, 0},
		{Date{2026, 3, 28}, Date{2026, 3, 30}, 2},   // across the 23-hour day
		{Date{2026, 10, 24}, Date{2026, 10, 26}, 2}, // across the 25-hour day
		{Date{2028, 2, 28}, Date{2028, 3, 1}, 2},
		{Date{2026, 1, 1}, Date{2025, 12, 31}, -1},
		{Date{2025, 1, 1}, Date{2026, 1, 1}, 365},
	} {
		if got := tc.from.DaysUntil(tc.to); got != tc.want {
			t.Errorf("%v.DaysUntil(%v) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestDateString(t *testing.T) {
	for d, want := range map[Date]string{{2026, 3, 1}: "2026-03-01", {202, 12, 31}: "0202-12-31", {}: ""} {
		if got := d.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", d, got, want)
		}
		if back, err := ParseDate("d", want); err != nil || back != d {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", want, back, err, d)
		}
	}
	if !(Date{2026, 2, 28}).Before(Date{2026, 3, 1}) || (Date{2026, 3, 1}).Before(Date{2026, 3, 1}) || !(Date{2027, 1, 1}).After(Date{2026, 12, 31}) {
		t.Error("Before/After do not order dates")
	}
}
