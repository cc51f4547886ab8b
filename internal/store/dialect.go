package store

import (
	"database/sql"
	"errors"
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

// indexHint makes SQLite use the named index for the table it follows
// (INDEXED BY); PostgreSQL plans from its statistics and takes no hint.
func (e Engine) indexHint(index string) string {
	if e == SQLite {
		return " INDEXED BY " + index
	}
	return ""
}
