package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestNextDueFollowsWritePaths: after each path that writes a report's
// dates — the import (new reports and a re-import that changes their
// dates), a report filed, its acknowledgement, its first feedback and the
// generator — every report not closed holds in next_due the due day of its
// first open deadline, which the report list orders and counts by, on both
// engines. A path that forgot it leaves NULL or an old day, and fails.
func TestNextDueFollowsWritePaths(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "termijnen")
		coord, kr := handler(t, s, org, "coord", "officials")
		actor := store.UserActor(coord, "sess")
		clk := newClock(s)
		ams := domain.Amsterdam()

		check := func(stage string, wantOpen int) {
			t.Helper()
			rows, err := s.DB().QueryContext(ctx, `SELECT number, received_at, acknowledged_at, feedback_at, next_due
				FROM reports WHERE org_id = $1 AND state <> 'closed'`, org.ID)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var number string
				var received time.Time
				var ack, feedback, due sql.NullTime
				if err := rows.Scan(&number, &received, &ack, &feedback, &due); err != nil {
					t.Fatal(err)
				}
				n++
				want := store.NextDue(received, nullablePtr(ack), nullablePtr(feedback))
				if !due.Valid || !due.Time.Equal(want) {
					t.Errorf("%s: report %s (received %v, acknowledged %v, feedback %v): next_due %v, want %v",
						stage, number, received, nullablePtr(ack), nullablePtr(feedback), due, want)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if n != wantOpen {
				t.Errorf("%s: %d reports not closed, want %d: the stage does not test what it says", stage, n, wantOpen)
			}
		}

		// Imported: received, acknowledged at a month's end, answered, closed.
		jan31 := time.Date(2026, 1, 31, 16, 0, 0, 0, ams)
		set := func(acknowledgeFirst bool) *store.ImportSet {
			received := time.Date(2026, 1, 20, 23, 30, 0, 0, time.UTC)
			answered, closed := received.AddDate(0, 2, 0), received.AddDate(0, 3, 0)
			first := store.ImportReportFields{ReceivedAt: received}
			if acknowledgeFirst {
				first.AcknowledgedAt = &jan31
			}
			return &store.ImportSet{Reports: []store.ImportReport{
				{Ref: "T1", Report: first},
				{Ref: "T2", Report: store.ImportReportFields{ReceivedAt: received, AcknowledgedAt: &jan31}},
				{Ref: "T3", Report: store.ImportReportFields{ReceivedAt: received, AcknowledgedAt: &jan31, FeedbackAt: &answered}},
				{Ref: "T4", Report: store.ImportReportFields{ReceivedAt: received, AcknowledgedAt: &jan31, FeedbackAt: &answered,
					ClosedAt: &closed, Investigation: domain.InvestigationNone}},
			}}
		}
		clk.now = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		if _, err := s.ImportTemplate(ctx, store.CLI, org.ID, set(false)); err != nil {
			t.Fatal(err)
		}
		check("import", 3)
		if _, err := s.ImportTemplate(ctx, store.CLI, org.ID, set(true)); err != nil {
			t.Fatal(err)
		}
		check("re-import acknowledging T1", 3)

		// Filed at 23:30 UTC on 30 November 2027: 1 December in Amsterdam.
		clk.now = time.Date(2027, 11, 30, 23, 30, 0, 0, time.UTC)
		filed, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "resident", Anonymous: true,
			Content: domain.ReportContent{What: "Na de import"}}, receipt(t, s, org.ID, "1234567890123456"))
		if err != nil {
			t.Fatal(err)
		}
		check("filed", 4)
		clk.now = clk.now.Add(time.Hour)
		if err := s.Acknowledge(ctx, actor, org.ID, filed.ID, kr, "Ontvangen."); err != nil {
			t.Fatal(err)
		}
		check("acknowledged", 4)
		clk.now = clk.now.AddDate(0, 1, 0)
		if _, err := s.AddMessage(ctx, actor, org.ID, filed.ID, kr, domain.KindFeedback, "Onderzocht."); err != nil {
			t.Fatal(err)
		}
		check("feedback", 4)

		// Generated: open and closed reports of the load tool.
		ch, err := s.ChannelByCode(ctx, org.ID, "officials")
		if err != nil {
			t.Fatal(err)
		}
		key, err := s.NewSeedKey(ctx, org.ID, ch.ID)
		if err != nil {
			t.Fatal(err)
		}
		seeded, err := s.SeedReports(ctx, actor, org.ID, store.SeedBatch{ChannelID: ch.ID, Handler: actor, Key: key, Count: 60, Total: 60,
			From: clk.now.AddDate(-1, 0, 0), To: clk.now, OpenShare: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		if seeded.Open == 0 || seeded.Closed == 0 {
			t.Fatalf("generated %+v: open and closed wanted", seeded)
		}
		check(fmt.Sprintf("generated (%d open)", seeded.Open), 4+seeded.Open)
	})
}

func nullablePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// TestMendNextDue: reports written by a server of a version before
// migration 00046 (no next_due, or the day before their acknowledgement)
// are mended by the maintenance pass, and only they; closed reports are
// left alone. On both engines.
func TestMendNextDue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "herstel")
		coord, kr := handler(t, s, org, "coord", "officials")
		actor := store.UserActor(coord, "sess")
		var reports []*domain.Report
		for i := range 4 {
			r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "resident", Anonymous: true,
				Content: domain.ReportContent{What: "Melding"}}, receipt(t, s, org.ID, fmt.Sprintf("12345678901234%02d", i)))
			if err != nil {
				t.Fatal(err)
			}
			reports = append(reports, r)
		}
		if err := s.Acknowledge(ctx, actor, org.ID, reports[1].ID, kr, "Ontvangen."); err != nil {
			t.Fatal(err)
		}
		if n, err := s.MendNextDue(ctx); err != nil || n != 0 {
			t.Fatalf("mended %d (%v) of reports written right", n, err)
		}
		// As an older server leaves them: filed without the day, and
		// acknowledged with the acknowledgement's day left; a closed one
		// without a day stays so.
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := s.DB().ExecContext(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		exec(`UPDATE reports SET next_due = NULL WHERE id = $1`, reports[0].ID)
		exec(`UPDATE reports SET next_due = $2 WHERE id = $1`, reports[1].ID, store.NextDue(reports[1].ReceivedAt, nil, nil))
		exec(`UPDATE reports SET next_due = NULL, state = 'closed' WHERE id = $1`, reports[3].ID)
		if n, err := s.MendNextDue(ctx); err != nil || n != 2 {
			t.Fatalf("mended %d (%v), want 2", n, err)
		}
		var closedDue sql.NullTime
		if err := s.DB().QueryRowContext(ctx, `SELECT next_due FROM reports WHERE id = $1`, reports[3].ID).Scan(&closedDue); err != nil || closedDue.Valid {
			t.Fatalf("closed report's next_due %v (%v), want NULL", closedDue, err)
		}
		reports = reports[:3]
		page, err := s.OpenReports(ctx, org.ID, coord.ID, store.ReportFilter{}, s.Now().AddDate(0, 0, 8), 0, 100)
		if err != nil || page.Total != 3 || page.Overdue != 2 || page.IDs[2] != reports[1].ID {
			t.Fatalf("after the mend, eight days on: %+v (%v)", page, err)
		}
		if n, err := s.MendNextDue(ctx); err != nil || n != 0 {
			t.Fatalf("mended %d (%v) again", n, err)
		}
	})
}
