package domain

import (
	"strings"
	"testing"
)

// FuzzParseDate: ParseDate never panics; what it accepts is a real date that
// reads back the same from both forms it writes (yyyy-mm-dd and
// dd-mm-yyyy); what it refuses is an EINVALID error on the field.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"", "2026-03-01", "01-03-2026", "1-3-2026", " 2026-12-31 ", "31-02-2026", "2026-3-1",
		"1-3-26", "0000-01-01", "9999-12-31", "29-02-2024", "29-02-2023", "2026-03-01T00:00:00Z", "١-٣-٢٠٢٦", "2026-03-01\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate("when", s)
		if err != nil {
			e := AsError(err)
			if e == nil || e.Code != EINVALID || e.Field != "when" || !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %v, %v: want an EINVALID error on the field and no date", s, d, err)
			}
			return
		}
		if strings.TrimSpace(s) == "" {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %v, want the zero Date", s, d)
			}
			return
		}
		if d.IsZero() || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
			t.Fatalf("ParseDate(%q) = %+v: not a date", s, d)
		}
		for _, form := range []string{d.String(), d.Display()} {
			back, err := ParseDate("when", form)
			if err != nil || back != d {
				t.Fatalf("ParseDate(%q) = %+v, written as %q reads back as %+v, %v", s, d, form, back, err)
			}
		}
	})
}
