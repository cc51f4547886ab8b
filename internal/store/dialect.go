package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Engine names a database engine; the value is also the migrations folder.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// configurePool sizes the pool. SQLite has one writer at a time, so a few
// connections are enough for concurrent readers; PostgreSQL gets more.
func (e Engine) configurePool(db *sql.DB) {
	if e == SQLite {
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		db.SetConnMaxIdleTime(0)
		return
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
}

// isUniqueViolation reports whether err is a unique-constraint violation on
// either engine.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		code := sqErr.Code()
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// Unavailable reports whether err says that the database could not be
// reached or went away: a refused or failed connection, a server shutting
// down, starting up or in recovery, a connection broken in the middle of a
// request. Such an error is no fault of the request and passes when the
// database is back (the pool opens new connections by itself), unlike an
// error in a query. The web layer answers it with 503 and Retry-After.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		// Class 08: connection exception; 57P01 admin_shutdown, 57P02
		// crash_shutdown, 57P03 cannot_connect_now (starting up, in
		// recovery, shutting down).
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	if _, ok := errors.AsType[*pgconn.ConnectError](err); ok {
		return true
	}
	if _, ok := errors.AsType[*net.OpError](err); ok {
		return true
	}
	// pgconn's "conn closed" and other failures before anything was sent.
	return pgconn.SafeToRetry(err)
}

// indexHint makes SQLite use the named index for the table it follows
// (INDEXED BY); PostgreSQL plans from its statistics and takes no hint.
func (e Engine) indexHint(index string) string {
	if e == SQLite {
		return " INDEXED BY " + index
	}
	return ""
}

// byteOrder is col, a text column, compared byte by byte in ORDER BY, as Go
// compares strings: SQLite's default (BINARY) does; PostgreSQL's follows
// the database's locale unless told "C".
func (e Engine) byteOrder(col string) string {
	if e == SQLite {
		return col
	}
	return col + ` COLLATE "C"`
}

// keyHint makes SQLite read the table it follows by its rowid (the
// INTEGER PRIMARY KEY) and no index (NOT INDEXED), for a query that names
// its rows by id: with an organisation's condition beside the ids, and
// statistics sampled (analysis_limit) rather than complete, SQLite chose
// the index on the organisation and read every report of it for a page of
// 100 (25 ms at 100,000). PostgreSQL takes no hint.
func (e Engine) keyHint() string {
	if e == SQLite {
		return " NOT INDEXED"
	}
	return ""
}

// tableExistsSQL is a query with one parameter, a table's name, that
// returns whether the table exists, without touching anything.
func (e Engine) tableExistsSQL() string {
	if e == SQLite {
		return `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1)`
	}
	return `SELECT to_regclass($1) IS NOT NULL`
}

// placeholder is the n-th bound value (from 1) of a statement built with
// many rows: $n on PostgreSQL, ? on SQLite, whose parser looks each $n up
// in a list and so takes time quadratic in their number (a batch of 500
// rows of 17 values spent seconds there).
func (tx *Tx) placeholder(n int) string {
	if tx.store.engine == SQLite {
		return "?"
	}
	return "$" + strconv.Itoa(n)
}
