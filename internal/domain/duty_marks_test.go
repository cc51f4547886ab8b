package domain

import (
	"testing"
	"time"
)

func TestMissingFor(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		since string
		n     int
		unit  string
	}{
		{"2026-12-03", 0, "day"},
		{"2026-10-24", 40, "day"},
		{"2026-09-04", 90, "day"},
		{"2026-09-03", 3, "month"},
		{"2025-01-01", 23, "month"},
		{"2024-12-03", 2, "year"},
		{"1992-12-14", 33, "year"},
		{"1992-12-03", 34, "year"},
	} {
		since, _ := time.Parse("2006-01-02", tc.since)
		if n, unit := MissingFor(since.Add(11*time.Hour), now); n != tc.n || unit != tc.unit {
			t.Errorf("MissingFor(%s) = %d %s, want %d %s", tc.since, n, unit, tc.n, tc.unit)
		}
	}
}
