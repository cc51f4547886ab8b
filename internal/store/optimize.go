package store

import (
	"context"
	"fmt"
)

// sqliteAnalysisLimit bounds the rows ANALYZE reads per index, as SQLite's
// documentation advises for long-lived connections: statistics from a sample
// choose the same plans, and a pass stays in milliseconds at 100,000 reports.
const sqliteAnalysisLimit = 400

// Optimize refreshes the query planner's statistics on SQLite. Without them
// (no sqlite_stat1) the planner guesses, and at 100,000 reports the report
// list started from the organisation's reports instead of the listed
// reports' allegations. `PRAGMA optimize=0x10002` checks every table, not
// only those this connection queried, and runs ANALYZE on those that have
// never been analysed or have changed much since; it is usually a no-op.
// Open runs it, and the periodic maintenance again as the data grows.
// PostgreSQL's autovacuum keeps its own statistics, so there it does nothing.
func (s *Store) Optimize(ctx context.Context) error {
	if s.engine != SQLite {
		return nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: optimize: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA analysis_limit=%d", sqliteAnalysisLimit)); err != nil {
		return fmt.Errorf("store: analysis limit: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
		return fmt.Errorf("store: optimize: %w", err)
	}
	return nil
}
