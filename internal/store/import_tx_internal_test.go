package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportTxChecksForeignKeys: an import's transaction on SQLite runs
// without foreign keys (no statement journal), so a row naming a missing
// report fails the import at its commit and stores nothing; the
// connection is back to the store's settings afterwards (a row naming a
// missing report is refused outside an import), and so is its page cache.
func TestImportTxChecksForeignKeys(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// One connection, so that the test sees the one the import used.
	s.db.SetMaxOpenConns(1)
	orphan := []any{int64(999999), "warning", time.Now().UTC()}
	err = s.inImportTx(ctx, func(tx *Tx) error {
		return tx.insertRows(ctx, "measures", importMeasureCols, [][]any{orphan})
	})
	if err == nil || !strings.Contains(err.Error(), "of measures names a missing row of reports") {
		t.Fatalf("an orphan row in an import: %v", err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM measures`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d measures stored (%v)", n, err)
	}
	var fk, cache int
	if err := s.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign keys after an import: %d (%v)", fk, err)
	}
	if err := s.db.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil || cache != -2000 {
		t.Fatalf("page cache after an import: %d (%v)", cache, err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO measures (report_id, kind, created_at) VALUES (?, ?, ?)`, orphan...); err == nil {
		t.Fatal("an orphan row outside an import was stored")
	}
}

// TestImportTxPanicLeavesNoConnectionWithoutForeignKeys: an import whose
// code panics mid-transaction leaves no open transaction and no pooled
// connection with foreign keys off (SQLite ignores the pragma inside a
// transaction, so setting it back there did nothing); the next write goes
// through and an orphan row is refused again.
func TestImportTxPanicLeavesNoConnectionWithoutForeignKeys(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.db.SetMaxOpenConns(1)
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the import's panic did not reach the caller")
			}
		}()
		_ = s.inImportTx(ctx, func(tx *Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO measures (report_id, kind, created_at) VALUES (?, ?, ?)`, int64(999998), "warning", time.Now().UTC()); err != nil {
				return err
			}
			panic("a bug in an import")
		})
	}()
	var fk int
	if err := s.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign keys after a panicking import: %d (%v)", fk, err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM measures`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d measures stored by a panicking import (%v)", n, err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO measures (report_id, kind, created_at) VALUES (?, ?, ?)`, int64(999999), "warning", time.Now().UTC()); err == nil {
		t.Fatal("an orphan row after a panicking import was stored")
	}
}
