package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The transaction of an import at volume (100,000 reports and their
// 200,000 audit entries) runs on a connection of its own, so that
//
//   - on PostgreSQL its rows go in with COPY through that connection, inside
//     the transaction (Tx.copyRows): no statement of 9,500 parameters to
//     parse, plan and bind per 500 rows;
//   - on SQLite that connection runs without a statement journal and with
//     a larger page cache: every multi-row INSERT wrote a journal of the
//     pages it changed to a file, to undo itself alone if it failed halfway,
//     and with the default cache of 2 MB the reports' indexes by day,
//     written at random places, spilled pages to the WAL mid-transaction
//     (together 30 % of the import's CPU in pwrite). A failing INSERT rolls
//     the whole transaction back instead (insertVerb), and the foreign keys,
//     whose check at the end of a statement needs that journal, are off for
//     the transaction and checked once before its commit
//     (foreignKeysHold). The settings are set back before the connection
//     returns to the pool.

// importCacheKiB is SQLite's page cache for an import's connection (the
// default is 2 MB). For 100,000 reports 8 MiB took the CPU of the import
// from 8.5–9.1 s to 6.9–7.2 s, as much as 32 MiB did, whose pages added
// 50 MB to the resident memory of `integer import` instead of 12 (load
// average 12–14).
const importCacheKiB = 8 << 10

// inImportTx is inTx on a connection of the transaction's own (see above).
func (s *Store) inImportTx(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: connection: %w", err)
	}
	defer conn.Close()
	if s.engine == SQLite {
		// See above; and the foreign keys checked once before the commit
		// (SQLite's pragma is refused inside a transaction).
		// The connection is closed after the import instead of set back:
		// SQLite ignores PRAGMA foreign_keys inside a transaction without an
		// error, so a connection whose transaction was still open (a panic,
		// a cancelled context racing database/sql's own rollback) would go
		// back to the pool with foreign keys off, and a later destruction on
		// it would not cascade. Imports are rare; a new connection is cheap.
		defer func() { _ = conn.Raw(func(any) error { return driver.ErrBadConn }) }()
		for _, p := range []string{fmt.Sprintf(`PRAGMA cache_size = -%d`, importCacheKiB), `PRAGMA foreign_keys = OFF`} {
			if _, err := conn.ExecContext(ctx, p); err != nil {
				return fmt.Errorf("store: import connection: %w", err)
			}
		}
		// With foreign keys off, ON DELETE CASCADE and SET NULL do not fire
		// in the import either: no delete of an import relies on them today
		// (import.go), and one that did would fail foreignKeysHold below.
		inner := fn
		fn = func(tx *Tx) error {
			if err := inner(tx); err != nil {
				return err
			}
			return tx.foreignKeysHold(ctx)
		}
	}
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	// Ends the transaction before the connection is discarded, also when
	// fn panics (after a commit it does nothing).
	defer func() { _ = sqlTx.Rollback() }()
	return (&Tx{Tx: sqlTx, store: s, now: s.now(), conn: conn}).run(ctx, fn)
}

// foreignKeysHold checks every foreign key of the database in an import's
// transaction on SQLite, which runs without them (inImportTx): a row that
// names a missing one fails the import. The import only names rows it has
// read or written in the transaction, so this is a bug's guard.
func (tx *Tx) foreignKeysHold(ctx context.Context) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("store: import foreign keys: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fk int64
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("store: import foreign keys: %w", err)
		}
		return fmt.Errorf("store: import: row %d of %s names a missing row of %s", rowid.Int64, table, parent)
	}
	return rows.Err()
}

// copies reports whether rows are written with COPY (copyRows): on
// PostgreSQL in a transaction of inImportTx.
func (tx *Tx) copies() bool { return tx.conn != nil && tx.store.engine == Postgres }

// copyRows writes rows into table with COPY, inside the transaction (its
// connection is tx.conn).
func (tx *Tx) copyRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	return tx.conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: copy %s: not a pgx connection", table)
		}
		if _, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("store: copy %s: %w", table, err)
		}
		return nil
	})
}

// insertVerb is how the transaction's multi-row INSERTs begin. In an
// import's transaction on SQLite a constraint that fails rolls the whole
// transaction back (INSERT OR ROLLBACK; the import is all or nothing
// anyway): a statement that could fail halfway (a constraint, a foreign
// key checked at its end) writes a statement journal of every page it
// changes, to undo only itself, which was a fifth of the import's CPU.
func (tx *Tx) insertVerb() string {
	if tx.conn != nil && tx.store.engine == SQLite {
		return `INSERT OR ROLLBACK INTO `
	}
	return `INSERT INTO `
}
