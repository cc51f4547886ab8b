package domain

import (
	"testing"
	"time"
)

// ams returns a moment on the wall clock of Europe/Amsterdam.
func ams(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, amsterdam)
}

// utc returns a moment in UTC, for cases where the Amsterdam day differs.
func utc(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, time.UTC)
}

// date returns the Amsterdam date the functions under test should return.
func date(y int, m time.Month, d int) time.Time { return ams(y, m, d, 0, 0) }

func ptr(t time.Time) *time.Time { return &t }

// checkDate fails unless got is exactly midnight of want in Europe/Amsterdam:
// callers format and compare these values, so the zone matters, not only the
// instant.
func checkDate(t *testing.T, name string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) || got.Location() != amsterdam {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
	if hh, mm, ss := got.Clock(); hh != 0 || mm != 0 || ss != 0 || got.Nanosecond() != 0 {
		t.Errorf("%s = %v, not midnight in Amsterdam", name, got)
	}
}

func TestDay(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"afternoon", ams(2026, 5, 10, 15, 4), date(2026, 5, 10)},
		{"midnight", ams(2026, 5, 10, 0, 0), date(2026, 5, 10)},
		{"last minute", ams(2026, 5, 10, 23, 59), date(2026, 5, 10)},
		{"UTC evening is next day in summer", utc(2026, 5, 10, 22, 30), date(2026, 5, 11)},
		{"UTC evening is next day in winter", utc(2026, 12, 31, 23, 30), date(2027, 1, 1)},
		{"UTC 22:30 in winter is same day", utc(2026, 12, 31, 22, 30), date(2026, 12, 31)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDate(t, "Day", Day(tt.in), tt.want)
		})
	}
}

func TestAcknowledgementDue(t *testing.T) {
	tests := []struct {
		name     string
		received time.Time
		want     time.Time
	}{
		{"ordinary", ams(2026, 1, 15, 10, 0), date(2026, 1, 22)},
		{"time of day does not matter", ams(2026, 1, 15, 23, 59), date(2026, 1, 22)},
		{"received just after midnight", ams(2026, 1, 15, 0, 1), date(2026, 1, 22)},
		{"UTC evening counts as next Amsterdam day", utc(2026, 1, 31, 23, 30), date(2026, 2, 8)},
		{"across month end", ams(2026, 1, 28, 9, 0), date(2026, 2, 4)},
		{"across February, common year", ams(2026, 2, 25, 9, 0), date(2026, 3, 4)},
		{"across February, leap year", ams(2028, 2, 25, 9, 0), date(2028, 3, 3)},
		{"onto leap day", ams(2028, 2, 22, 9, 0), date(2028, 2, 29)},
		{"year change", ams(2026, 12, 28, 14, 0), date(2027, 1, 4)},
		// Summer time starts 29 March 2026 at 02:00: a 23-hour day.
		{"DST start, late evening", ams(2026, 3, 28, 23, 30), date(2026, 4, 4)},
		{"DST start, in UTC", utc(2026, 3, 28, 22, 45), date(2026, 4, 4)},
		// Summer time ends 25 October 2026 at 03:00: a 25-hour day.
		{"DST end", ams(2026, 10, 24, 22, 0), date(2026, 10, 31)},
		{"on the DST end day, second 02:30", ams(2026, 10, 25, 2, 30).Add(time.Hour), date(2026, 11, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDate(t, "AcknowledgementDue", AcknowledgementDue(tt.received), tt.want)
		})
	}
}

func TestFeedbackDue(t *testing.T) {
	tests := []struct {
		name         string
		received     time.Time
		acknowledged *time.Time
		want         time.Time
	}{
		{"no acknowledgement: 3 months after day 7", ams(2026, 1, 15, 10, 0), nil, date(2026, 4, 22)},
		{"acknowledged on day 0", ams(2026, 1, 15, 10, 0), ptr(ams(2026, 1, 15, 16, 0)), date(2026, 4, 15)},
		{"acknowledged on day 3", ams(2026, 1, 15, 10, 0), ptr(ams(2026, 1, 18, 9, 0)), date(2026, 4, 18)},
		{"acknowledged on day 7", ams(2026, 1, 15, 10, 0), ptr(ams(2026, 1, 22, 23, 0)), date(2026, 4, 22)},
		{"acknowledged late, day 10", ams(2026, 1, 15, 10, 0), ptr(ams(2026, 1, 25, 9, 0)), date(2026, 4, 25)},
		{"acknowledgement day taken in Amsterdam", ams(2026, 3, 25, 10, 0), ptr(utc(2026, 3, 31, 22, 30)), date(2026, 7, 1)},
		{"no acknowledgement, clipped to 30 April", ams(2026, 1, 24, 10, 0), nil, date(2026, 4, 30)},
		{"acknowledged 31 January, clipped to 30 April", ams(2026, 1, 31, 10, 0), ptr(ams(2026, 1, 31, 11, 0)), date(2026, 4, 30)},
		{"clipped to leap day 2028", ams(2027, 11, 23, 10, 0), nil, date(2028, 2, 29)},
		{"acknowledged 30 November 2027, leap day", ams(2027, 11, 29, 10, 0), ptr(ams(2027, 11, 30, 10, 0)), date(2028, 2, 29)},
		{"clipped to 28 February 2027", ams(2026, 11, 23, 10, 0), nil, date(2027, 2, 28)},
		{"year change", ams(2026, 12, 28, 10, 0), nil, date(2027, 4, 4)},
		{"acknowledged across year change", ams(2026, 12, 28, 10, 0), ptr(ams(2027, 1, 2, 10, 0)), date(2027, 4, 2)},
		{"DST start, late evening", ams(2026, 3, 28, 23, 30), nil, date(2026, 7, 4)},
		{"DST end", ams(2026, 10, 24, 22, 0), nil, date(2027, 1, 31)},
		{"acknowledged in the DST-end night", ams(2026, 10, 24, 22, 0), ptr(utc(2026, 10, 24, 23, 30)), date(2027, 1, 25)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDate(t, "FeedbackDue", FeedbackDue(tt.received, tt.acknowledged), tt.want)
		})
	}
}

func TestAddMonthsClipped(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		n    int
		want time.Time
	}{
		{"zero months", date(2026, 1, 31), 0, date(2026, 1, 31)},
		{"day exists", date(2026, 1, 15), 3, date(2026, 4, 15)},
		{"31 January + 3 = 30 April", date(2026, 1, 31), 3, date(2026, 4, 30)},
		{"31 January + 1 = 28 February", date(2026, 1, 31), 1, date(2026, 2, 28)},
		{"31 January + 1 = 29 February in leap year", date(2028, 1, 31), 1, date(2028, 2, 29)},
		{"30 November 2027 + 3 = 29 February 2028", date(2027, 11, 30), 3, date(2028, 2, 29)},
		{"30 November 2026 + 3 = 28 February 2027", date(2026, 11, 30), 3, date(2027, 2, 28)},
		{"leap day + 12 = 28 February", date(2028, 2, 29), 12, date(2029, 2, 28)},
		{"leap day + 48 = leap day", date(2028, 2, 29), 48, date(2032, 2, 29)},
		{"over two year ends", date(2026, 12, 31), 14, date(2028, 2, 29)},
		{"backwards, clipped", date(2026, 3, 31), -1, date(2026, 2, 28)},
		{"backwards over year end", date(2026, 1, 31), -2, date(2025, 11, 30)},
		{"across DST start keeps midnight", date(2026, 2, 28), 1, date(2026, 3, 28)},
		{"keeps clock and zone", utc(2026, 1, 31, 15, 4), 1, utc(2026, 2, 28, 15, 4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AddMonthsClipped(tt.in, tt.n)
			if !got.Equal(tt.want) || got.Location() != tt.want.Location() {
				t.Errorf("AddMonthsClipped(%v, %d) = %v, want %v", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

func TestStatusOf(t *testing.T) {
	due := date(2026, 5, 10)
	noon := ams(2026, 5, 10, 12, 0)
	tests := []struct {
		name   string
		due    time.Time
		doneAt *time.Time
		now    time.Time
		want   DeadlineStatus
	}{
		{"due today is due soon, not overdue", due, nil, noon, DeadlineDueSoon},
		{"due today, last minute", due, nil, ams(2026, 5, 10, 23, 59), DeadlineDueSoon},
		{"due yesterday is overdue", due, nil, ams(2026, 5, 11, 0, 0), DeadlineOverdue},
		{"due long ago is overdue", due, nil, ams(2026, 8, 1, 9, 0), DeadlineOverdue},
		{"due in 6 days is due soon", due, nil, ams(2026, 5, 4, 9, 0), DeadlineDueSoon},
		{"due in 7 days is ok", due, nil, ams(2026, 5, 3, 23, 59), DeadlineOK},
		{"due in months is ok", due, nil, ams(2026, 2, 1, 9, 0), DeadlineOK},
		{"now in UTC is already the due day", due, nil, utc(2026, 5, 9, 22, 30), DeadlineDueSoon},
		{"now in UTC is already the day after", due, nil, utc(2026, 5, 10, 22, 30), DeadlineOverdue},
		{"due given as a moment, not a date", ams(2026, 5, 10, 18, 0), nil, ams(2026, 5, 10, 20, 0), DeadlineDueSoon},
		{"done on the due day is done", due, ptr(ams(2026, 5, 10, 23, 59)), noon, DeadlineDone},
		{"done early is done", due, ptr(ams(2026, 5, 1, 9, 0)), noon, DeadlineDone},
		{"done on time stays done after the due day", due, ptr(ams(2026, 5, 9, 9, 0)), ams(2026, 9, 1, 9, 0), DeadlineDone},
		{"done a day after is late", due, ptr(ams(2026, 5, 11, 0, 0)), ams(2026, 5, 11, 9, 0), DeadlineDoneLate},
		{"done late, in UTC", due, ptr(utc(2026, 5, 10, 22, 0)), ams(2026, 5, 12, 9, 0), DeadlineDoneLate},
		{"done on time, in UTC", due, ptr(utc(2026, 5, 10, 21, 59)), ams(2026, 5, 12, 9, 0), DeadlineDone},
		{"23-hour DST-start day, last minute", date(2026, 3, 29), nil, ams(2026, 3, 29, 23, 59), DeadlineDueSoon},
		{"25-hour DST-end day, last minute", date(2026, 10, 25), nil, ams(2026, 10, 25, 23, 59), DeadlineDueSoon},
		{"after the 25-hour day", date(2026, 10, 25), nil, ams(2026, 10, 26, 0, 0), DeadlineOverdue},
		{"due soon window across DST start", date(2026, 4, 4), nil, ams(2026, 3, 29, 0, 0), DeadlineDueSoon},
		{"ok window across DST start", date(2026, 4, 4), nil, ams(2026, 3, 28, 23, 59), DeadlineOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StatusOf(tt.due, tt.doneAt, tt.now); got != tt.want {
				t.Errorf("StatusOf(%v, %v, %v) = %q, want %q", tt.due, tt.doneAt, tt.now, got, tt.want)
			}
		})
	}
}

// TestDeadlinesTogether follows one report through both deadlines, as the
// case list will: the acknowledgement was late, which moves the feedback due
// day, and the feedback was given on its last day.
func TestDeadlinesTogether(t *testing.T) {
	received := ams(2026, 3, 28, 23, 30)
	ackDue := AcknowledgementDue(received)
	acked := ams(2026, 4, 7, 10, 0) // day 10
	if got := StatusOf(ackDue, &acked, acked); got != DeadlineDoneLate {
		t.Errorf("acknowledgement status = %q, want done_late", got)
	}
	fbDue := FeedbackDue(received, &acked)
	checkDate(t, "FeedbackDue", fbDue, date(2026, 7, 7))
	feedback := ams(2026, 7, 7, 17, 0)
	if got := StatusOf(fbDue, &feedback, ams(2026, 7, 8, 9, 0)); got != DeadlineDone {
		t.Errorf("feedback status = %q, want done", got)
	}
}
