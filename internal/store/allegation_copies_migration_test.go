package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// TestAllegationCopiesYear: the year of receipt that migration 00042 fills
// in on the allegations of existing reports, that the re-import sets in
// SQL (syncAllegationCopies) and that the Go write paths give
// (receivedYear) is the year of domain.DateOf, whose bounds ReportFacts
// reads: at the year's edges in Amsterdam, with fractions of a second and
// in summer time, on both engines; with the report's organisation and mark.
func TestAllegationCopiesYear(t *testing.T) {
	ams := domain.Amsterdam()
	times := []time.Time{
		time.Date(2023, 12, 31, 23, 30, 0, 0, time.UTC),    // 1 January 2024 00:30 in Amsterdam
		time.Date(2023, 12, 31, 22, 59, 59, 0, time.UTC),   // 31 December 23:59:59 in Amsterdam
		time.Date(2024, 1, 1, 0, 30, 0, 0, ams),            // 2024
		time.Date(2024, 12, 31, 23, 59, 59, 999e6, ams),    // 2024, fractions of a second
		time.Date(2025, 7, 1, 1, 30, 0, 0, ams),            // summer time, UTC+2: 30 June 23:30 UTC
		time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC),     // midnight in Amsterdam: 2026
		time.Date(2025, 12, 31, 22, 59, 59, 5e8, time.UTC), // half a second before: 2025
		// 0.3 ms before midnight: SQLite's date functions round to whole
		// milliseconds, which would make it 2026.
		time.Date(2025, 12, 31, 22, 59, 59, 9997e5, time.UTC),
		time.Date(2025, 12, 31, 22, 59, 59, 999999e3, time.UTC),
	}
	for _, engine := range []Engine{SQLite, Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			s := openEngine(t, engine)
			migrate := migratedUpTo(t, s, engine, "*_allegation_report_copies.sql")
			now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			exec(`INSERT INTO organisations (id, slug, name, created_at) VALUES (7, 'jaarstad', 'jaarstad', $1)`, now)
			exec(`INSERT INTO channels (id, org_id, code, name_nl, name_en, created_at) VALUES (7, 7, 'officials', 'a', 'a', $1)`, now)
			want := map[int64]int{}
			for i, at := range times {
				id := int64(i + 1)
				dismissed := ""
				if i == 2 {
					dismissed = "spam"
				}
				exec(`INSERT INTO reports (id, org_id, channel_id, number, received_at, source, reporter_kind, anonymous, whistleblower, state, content, created_at, dismissed)
					VALUES ($1, 7, 7, $2, $3, 'web', 'employee', TRUE, FALSE, 'received', $4, $5, $6)`, id, fmt.Sprintf("J%d", i), at, []byte{}, now, dismissed)
				exec(`INSERT INTO allegations (id, report_id, category, created_at) VALUES ($1, $1, 'financial', $2)`, id, now)
				want[id] = domain.DateOf(at).Year
				if got := receivedYear(at); got != want[id] {
					t.Errorf("%v: receivedYear %d, domain.DateOf gives %d", at, got, want[id])
				}
			}
			check := func(stage string) {
				t.Helper()
				rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.org_id, a.received_year, a.report_dismissed, r.dismissed
					FROM allegations a JOIN reports r ON r.id = a.report_id ORDER BY a.id`)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				n := 0
				for rows.Next() {
					var id, org int64
					var year int
					var dismissed, reportDismissed string
					if err := rows.Scan(&id, &org, &year, &dismissed, &reportDismissed); err != nil {
						t.Fatal(err)
					}
					n++
					if year != want[id] || org != 7 || dismissed != reportDismissed {
						t.Errorf("%s: allegation %d (received %v): year %d, organisation %d, mark %q; want %d, 7, %q",
							stage, id, times[id-1], year, org, dismissed, want[id], reportDismissed)
					}
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				if n != len(times) {
					t.Errorf("%s: %d allegations, want %d", stage, n, len(times))
				}
			}
			migrate()
			check("migrated")

			// The re-import's statement, from copies made wrong.
			exec(`UPDATE allegations SET org_id = 1, received_year = 1900, report_dismissed = 'x'`)
			ids := make([]int64, len(times))
			for i := range ids {
				ids[i] = int64(i + 1)
			}
			if err := s.inTx(ctx, func(tx *Tx) error { return tx.syncAllegationCopies(ctx, ids) }); err != nil {
				t.Fatal(err)
			}
			check("synchronised")
		})
	}
}
