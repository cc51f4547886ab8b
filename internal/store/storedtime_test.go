package store

import (
	"testing"
	"time"
)

// TestParseStoredTime: the quick parse gives the instant time.Parse gives
// for every value in the layout the SQLite driver writes (fractions of any
// length, offsets either side of UTC, a T between day and time); any other
// text is an error.
func TestParseStoredTime(t *testing.T) {
	amsterdam, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2024, 12, 31, 23, 0, 0, 0, time.UTC)
	for _, d := range []time.Duration{0, time.Nanosecond, 120 * time.Millisecond, 123456 * time.Microsecond,
		-time.Second, 59*time.Minute + 59*time.Second + 999999999, 24 * 59 * time.Hour, -400 * 24 * time.Hour} {
		for _, loc := range []*time.Location{time.UTC, amsterdam, time.FixedZone("", -(3*3600 + 30*60))} {
			want := base.Add(d).In(loc)
			s := want.Format("2006-01-02 15:04:05.999999999-07:00")
			got, err := parseStoredTime(s)
			if err != nil || !got.Equal(want) {
				t.Errorf("%q: %v, %v; want %v", s, got, err, want)
			}
			if _, ok := parseSQLiteLayout(s); !ok {
				t.Errorf("%q: not the quick layout", s)
			}
		}
	}
	if got, err := parseStoredTime("2024-02-29T10:11:12+01:00"); err != nil || !got.Equal(time.Date(2024, 2, 29, 9, 11, 12, 0, time.UTC)) {
		t.Errorf("a T between day and time: %v, %v", got, err)
	}
	// The driver's other layouts are not what the store writes: an error,
	// not a guess.
	for _, s := range []string{"2024-02-29T10:11:12", "2024-02-29 10:11:12", "2024-02-29 10:11:12Z", "2024-02-29",
		"2024-02-29 10:11", "2024-02-29 10:11:12.5 +0000 UTC", "", "yesterday", "2023-02-29 10:11:12+00:00", "2024-04-31 10:11:12+00:00",
		"2024-13-01 10:11:12+00:00", "2024-01-01 24:00:00+00:00", "2024-01-01 10:11:12.+00:00"} {
		if got, err := parseStoredTime(s); err == nil {
			t.Errorf("%q: %v, want an error", s, got)
		}
	}
}
