package store

import (
	"fmt"
	"time"
)

// Reads of many rows (the annual report's facts) scan their timestamps
// through storedTime instead of *time.Time. On SQLite the driver turns
// every TIMESTAMP value into a time.Time by trying its layouts one after
// another with time.Parse (the first try, Go's t.String() layout, fails
// for every value the store writes), which was the largest part of reading
// 20,000 reports' facts. Such a read selects the column as its stored text
// (timeText) and storedTime parses the one layout the driver writes
// (_time_format=sqlite) digit by digit. PostgreSQL's driver gives a
// time.Time, taken as it is.

// timeText is the select expression that reads the timestamp column col:
// its stored text on SQLite (an expression has no declared type, so the
// driver leaves it a string), the column itself on PostgreSQL.
func (e Engine) timeText(col string) string {
	if e == SQLite {
		return "CAST(" + col + " AS TEXT)"
	}
	return col
}

// storedTime scans a timestamp read through timeText into *T, or into *P
// (nil for NULL) when P is set.
type storedTime struct {
	T *time.Time
	P **time.Time
}

// Scan implements sql.Scanner.
func (st storedTime) Scan(v any) error {
	var t time.Time
	switch v := v.(type) {
	case nil:
		if st.P == nil {
			return fmt.Errorf("store: a time is NULL")
		}
		*st.P = nil
		return nil
	case time.Time:
		t = v
	case string:
		var err error
		if t, err = parseStoredTime(v); err != nil {
			return err
		}
	case []byte:
		var err error
		if t, err = parseStoredTime(string(v)); err != nil {
			return err
		}
	default:
		return fmt.Errorf("store: a time of type %T", v)
	}
	if st.P != nil {
		*st.P = &t
	} else {
		*st.T = t
	}
	return nil
}

// parseStoredTime parses a timestamp as the store writes it on SQLite: the
// driver's layout "2006-01-02 15:04:05.999999999-07:00" (_time_format=sqlite,
// set in the DSN since the first migration; every timestamp is written
// through the driver as a time.Time). Anything else is an error naming the
// value rather than a guess.
func parseStoredTime(s string) (time.Time, error) {
	if t, ok := parseSQLiteLayout(s); ok {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("store: a time %q not in the layout the store writes", s)
}

// parseSQLiteLayout parses "2006-01-02 15:04:05[.fraction]±hh:mm" (or with
// a T between day and time); ok is false for anything else, a day that
// does not exist included. The time is in UTC.
func parseSQLiteLayout(s string) (t time.Time, ok bool) {
	n := len(s)
	if n < 25 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' ||
		s[n-3] != ':' || (s[n-6] != '+' && s[n-6] != '-') {
		return time.Time{}, false
	}
	num := func(i, w int) (int, bool) {
		v := 0
		for _, c := range []byte(s[i : i+w]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	zh, ok7 := num(n-5, 2)
	zm, ok8 := num(n-2, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && ok8) ||
		month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || sec > 59 || zh > 23 || zm > 59 {
		return time.Time{}, false
	}
	nsec := 0
	switch frac := s[19 : n-6]; {
	case frac == "":
	case len(frac) >= 2 && len(frac) <= 10 && frac[0] == '.':
		v, ok := num(20, len(frac)-1)
		if !ok {
			return time.Time{}, false
		}
		for range 10 - len(frac) {
			v *= 10
		}
		nsec = v
	default:
		return time.Time{}, false
	}
	t = time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if t.Day() != day {
		return time.Time{}, false // 31 April and the like: time.Parse refuses them
	}
	offset := time.Duration(zh)*time.Hour + time.Duration(zm)*time.Minute
	if s[n-6] == '-' {
		offset = -offset
	}
	return t.Add(-offset), true
}
