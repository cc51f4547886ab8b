package store_test

import (
	"context"
	"testing"

	"github.com/integer-nl/integer/internal/store"
)

// TestOptimizeGathersSQLiteStatistics: a database that has grown since it
// was opened has planner statistics for its reports after Optimize (the
// maintenance pass), which without them started the report list from the
// organisation's reports.
func TestOptimizeGathersSQLiteStatistics(t *testing.T) {
	s := mustOpen(t, store.SQLite)
	ctx := context.Background()
	org := mustOrg(t, s, "stats")
	db := s.DB()
	var channel int64
	if err := db.QueryRowContext(ctx, `INSERT INTO channels (org_id, code, name_nl, name_en, created_at)
		VALUES ($1, 'stats', 'x', 'x', CURRENT_TIMESTAMP) RETURNING id`, org.ID).Scan(&channel); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
		INSERT INTO reports (org_id, channel_id, number, received_at, source, reporter_kind, anonymous, whistleblower, state, content, created_at)
		SELECT $1, $2, 'S-' || i, CURRENT_TIMESTAMP, 'form', 'employee', false, false, 'received', $3, CURRENT_TIMESTAMP FROM n`,
		org.ID, channel, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := s.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'reports'`).Scan(&n); err != nil {
		t.Fatalf("no statistics after Optimize: %v", err)
	}
	if n == 0 {
		t.Fatal("Optimize left the reports without statistics")
	}
}
