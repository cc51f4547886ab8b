package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// TestNextDueMigration: migration 00046 fills next_due of the reports
// not closed, dismissed ones included, with the day their first open
// deadline falls due in Amsterdam, worked out here by hand: around the
// two clock changes, at a month's end where three months on is shorter,
// late in the evening UTC when it is the next day in Amsterdam; the far
// day once feedback was given. Closed reports keep NULL. On both engines.
func TestNextDueMigration(t *testing.T) {
	ams := domain.Amsterdam()
	at := func(y int, m time.Month, d, h, min int, loc *time.Location) *time.Time {
		t := time.Date(y, m, d, h, min, 0, 0, loc)
		return &t
	}
	day := func(y int, m time.Month, d int) *time.Time { return at(y, m, d, 0, 0, time.UTC) }
	cases := []struct {
		state                           domain.ReportState
		dismissed                       string
		received                        time.Time
		acknowledged, feedback, wantDue *time.Time // wantDue nil: NULL
	}{
		// 23:30 UTC on 28 March 2026 is 00:30 on the 29th in Amsterdam,
		// the night summer time begins: due seven days on, 5 April.
		{domain.StateReceived, "", *at(2026, 3, 28, 23, 30, time.UTC), nil, nil, day(2026, 4, 5)},
		// 22:30 UTC on 24 October 2026 is 00:30 on the 25th (summer time),
		// the night it ends: 1 November.
		{domain.StateReceived, "spam", *at(2026, 10, 24, 22, 30, time.UTC), nil, nil, day(2026, 11, 1)},
		// 22:30 UTC on 1 January is 23:30 there, the same day: 8 January.
		{domain.StateReceived, "", *at(2026, 1, 1, 22, 30, time.UTC), nil, nil, day(2026, 1, 8)},
		// Acknowledged on 31 January: three months on is 30 April.
		{domain.StateAcknowledged, "", *at(2026, 1, 20, 9, 0, ams), at(2026, 1, 31, 16, 0, ams), nil, day(2026, 4, 30)},
		// Acknowledged at 23:30 UTC on 30 November 2027, 1 December there:
		// 1 March 2028.
		{domain.StateAcknowledged, "duplicate", *at(2027, 11, 25, 9, 0, ams), at(2027, 11, 30, 23, 30, time.UTC), nil, day(2028, 3, 1)},
		// Acknowledged on 30 November 2027 in Amsterdam: 29 February 2028.
		{domain.StateAcknowledged, "", *at(2027, 11, 25, 9, 0, ams), at(2027, 11, 30, 22, 30, time.UTC), nil, day(2028, 2, 29)},
		// Feedback given: no deadline open.
		{domain.StateAcknowledged, "", *at(2026, 2, 2, 9, 0, ams), at(2026, 2, 3, 9, 0, ams), at(2026, 4, 1, 9, 0, ams), day(9999, 12, 31)},
		// Closed: not listed, left NULL.
		{domain.StateClosed, "", *at(2026, 2, 2, 9, 0, ams), at(2026, 2, 3, 9, 0, ams), nil, nil},
	}
	for _, engine := range []Engine{SQLite, Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			s := openEngine(t, engine)
			migratedUpTo(t, s, engine, "*_report_next_due.sql")() // 00045: the column, empty
			now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			exec(`INSERT INTO organisations (id, slug, name, created_at) VALUES (7, 'termijnstad', 'termijnstad', $1)`, now)
			exec(`INSERT INTO channels (id, org_id, code, name_nl, name_en, created_at) VALUES (7, 7, 'officials', 'a', 'a', $1)`, now)
			for i, c := range cases {
				exec(`INSERT INTO reports (id, org_id, channel_id, number, received_at, source, reporter_kind, anonymous, whistleblower,
					state, acknowledged_at, feedback_at, content, created_at, dismissed)
					VALUES ($1, 7, 7, $2, $3, 'web', 'employee', TRUE, FALSE, $4, $5, $6, $7, $8, $9)`,
					i+1, fmt.Sprintf("T%d", i), c.received.UTC(), string(c.state), recStoredDay(c.acknowledged), recStoredDay(c.feedback), []byte{}, now, c.dismissed)
			}
			if _, err := s.Migrate(ctx); err != nil { // 00046 and any later
				t.Fatal(err)
			}
			for i, c := range cases {
				var due *time.Time
				if err := s.db.QueryRowContext(ctx, `SELECT `+engine.timeText("next_due")+` FROM reports WHERE id = $1`, i+1).Scan(storedTime{P: &due}); err != nil {
					t.Fatal(err)
				}
				if (due == nil) != (c.wantDue == nil) || (due != nil && !due.Equal(*c.wantDue)) {
					t.Errorf("report %d (%s, received %v): next_due %v, want %v", i+1, c.state, c.received, due, c.wantDue)
				}
				if c.wantDue != nil {
					if got := NextDue(c.received, c.acknowledged, c.feedback); !got.Equal(*c.wantDue) {
						t.Errorf("report %d: NextDue %v, want %v", i+1, got, *c.wantDue)
					}
				}
			}
		})
	}
}
