// Package store keeps Integer's records in SQLite (embedded, the default) or
// PostgreSQL. One concrete *Store serves both engines with the same SQL text:
// $N placeholders, RETURNING and ON CONFLICT work on both, and the few real
// differences live in dialect.go.
//
// Public methods open a transaction and call private helpers that take a *Tx,
// so that several operations (a change and its audit entry) commit together or
// not at all.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/audit"
	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

//go:embed migrations
var migrations embed.FS

// Store is the database of one installation: every organisation's records.
type Store struct {
	db     *sql.DB
	engine Engine
	// Now returns the current time; tests replace it to move the clock.
	Now func() time.Time
	// auditKey keys the audit chain (SetAuditKey, UseAuditKey); without
	// one, entries get plain SHA-256 hashes, which only tests do.
	auditKey *audit.Key
	// holder names this process in job_leases (jobs.go).
	holder string
}

// Open connects to the database named by dsn and brings its schema up to date.
// A dsn starting with postgres:// or postgresql:// selects PostgreSQL; anything
// else is the path of a SQLite file (an optional "sqlite:" prefix is removed),
// created with its directory when missing.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := OpenNoMigrate(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Optimize(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// OpenNoMigrate connects without touching the schema (for `integer migrate`
// status and for tests of the migrations themselves).
func OpenNoMigrate(ctx context.Context, dsn string) (*Store, error) {
	return openRecorded(ctx, dsn, nil)
}

// openRecorded connects, passing every statement to record when it is not nil.
func openRecorded(ctx context.Context, dsn string, record Recorder) (*Store, error) {
	engine, driver, source, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", engine, err)
	}
	if record != nil {
		wrapped := sql.OpenDB(recordingConnector{driver: db.Driver(), name: source, record: record})
		db.Close()
		db = wrapped
	}
	engine.configurePool(db)
	s := &Store{db: db, engine: engine, Now: time.Now, holder: newHolder()}
	if err := s.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", engine, err)
	}
	return s, nil
}

// parseDSN decides the engine and builds the driver's connection string.
func parseDSN(dsn string) (Engine, string, string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		if _, err := url.Parse(dsn); err != nil {
			return "", "", "", fmt.Errorf("store: database URL: %w", err)
		}
		return Postgres, "pgx", dsn, nil
	}
	path := strings.TrimPrefix(dsn, "sqlite:")
	if path == "" {
		return "", "", "", errors.New("store: no database: give --data DIR or --database URL")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", "", "", fmt.Errorf("store: data directory: %w", err)
	}
	return SQLite, "sqlite", sqliteSource(path), nil
}

// sqliteSource sets the pragmas deliberately: WAL so readers do not wait for
// the writer; synchronous=FULL because an acknowledged report must survive a
// power cut, not just a crash of the process; foreign keys on; a busy timeout
// so concurrent writers queue instead of failing; BEGIN IMMEDIATE so a
// transaction that will write takes the lock up front and cannot deadlock on
// upgrading it. mmap_size lets reads take the file's pages from a memory
// map instead of a read system call per 4 KiB page that misses the
// connection's 2 MB page cache: a long read such as the annual report's
// 15-year trend reads thousands of pages, and every write of another
// connection (each request's audit entry) empties that cache. The mapped
// pages are the kernel's page cache, shared and reclaimable; they count in
// the process's resident memory while mapped (docs/performance.md).
func sqliteSource(path string) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "busy_timeout(10000)", "mmap_size(1073741824)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// Engine reports which database engine the store uses.
func (s *Store) Engine() Engine { return s.engine }

// DB exposes the connection pool for tests and tools that inspect the schema.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the connection pool.
func (s *Store) Close() error { return s.db.Close() }

// Ping reports whether the database answers within the context's deadline.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Migrate applies pending migrations, each in its own transaction, so a failed
// migration leaves the database as it was before it. On PostgreSQL an advisory
// lock lets several servers start at once. It returns the versions applied.
func (s *Store) Migrate(ctx context.Context) ([]int64, error) {
	p, err := s.migrationProvider()
	if err != nil {
		return nil, err
	}
	results, err := p.Up(ctx)
	var applied []int64
	for _, r := range results {
		if r.Error == nil {
			applied = append(applied, r.Source.Version)
		}
	}
	if err != nil {
		return applied, fmt.Errorf("store: migrate %s: %w", s.engine, err)
	}
	return applied, nil
}

// MigrationStatus returns the current schema version and the newest known one.
func (s *Store) MigrationStatus(ctx context.Context) (current, latest int64, err error) {
	p, err := s.migrationProvider()
	if err != nil {
		return 0, 0, err
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: schema version: %w", err)
	}
	sources := p.ListSources()
	if n := len(sources); n > 0 {
		latest = sources[n-1].Version
	}
	return current, latest, nil
}

func (s *Store) migrationProvider() (*goose.Provider, error) {
	dir, err := fs.Sub(migrations, "migrations/"+string(s.engine))
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return s.providerFor(dir)
}

// providerFor builds a goose provider over the migration files in dir.
func (s *Store) providerFor(dir fs.FS) (*goose.Provider, error) {
	// Modules add their tables in migrations of their own; one may land
	// after a later-numbered one was applied somewhere (a developer's demo
	// database). They never touch each other's tables, so applying a missing
	// older one late is safe.
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithSlog(slog.New(slog.DiscardHandler)),
		goose.WithAllowOutofOrder(true), goose.WithGoMigrations(s.nextDueMigration())}
	dialect := goose.DialectSQLite3
	if s.engine == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.db, dir, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// Tx is a transaction with the time it started, used as "now" for everything
// it writes so that one operation has one timestamp.
type Tx struct {
	*sql.Tx
	store *Store
	now   time.Time
	head  *auditHead           // the audit chain's head once the transaction appends to it (audit.go)
	stmts map[string]*sql.Stmt // prepared statements of rows run many times (SQLite; cached)
	conn  *sql.Conn            // the transaction's own connection, for COPY (inImportTx); nil in inTx
	// keyCopies are the handlers' copies of data keys the transaction
	// unwrapped with age, stored just before it commits (storeKeyCopies).
	keyCopies []keyCopy
}

// cached returns the transaction's prepared statement for a query that runs
// once per row of an import, preparing it on first use; nil on PostgreSQL,
// whose driver already keeps parsed statements per connection. SQLite parses
// a statement at each use otherwise: a third of an import's time. Only for
// statements that return no rows or one (Exec, QueryRow): a statement is
// not used again while its rows are read. The statements close with the
// transaction.
func (tx *Tx) cached(ctx context.Context, query string) (*sql.Stmt, error) {
	if tx.store.engine != SQLite {
		return nil, nil
	}
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[query] = st
	return st, nil
}

// execRow runs a statement of cached's kind.
func (tx *Tx) execRow(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := tx.cached(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return tx.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

// execPlanned runs a statement that an import repeats while its tables
// grow: on PostgreSQL as an unnamed statement, planned for its arguments
// and the table as it is at each run (pgx caches a named statement per
// connection, and PostgreSQL then a generic plan, which for a table that
// was small when it was made reads the table whole). On SQLite as execRow.
func (tx *Tx) execPlanned(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if tx.store.engine == Postgres {
		return tx.ExecContext(ctx, query, append([]any{pgx.QueryExecModeExec}, args...)...)
	}
	return tx.execRow(ctx, query, args...)
}

// queryOne runs a query of cached's kind that returns one row.
func (tx *Tx) queryOne(ctx context.Context, query string, args ...any) rowScanner {
	st, err := tx.cached(ctx, query)
	if err != nil {
		return errRow{err}
	}
	if st == nil {
		return tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

type rowScanner interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// inTx runs fn in a transaction, committing when it returns nil and rolling
// back otherwise, and when ctx has ended (its caller gone, or past its
// deadline): nothing is committed for a request nobody waits for.
func (s *Store) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	return (&Tx{Tx: sqlTx, store: s, now: s.now()}).run(ctx, fn)
}

// run runs fn in the begun transaction tx and commits it (see inTx).
func (tx *Tx) run(ctx context.Context, fn func(tx *Tx) error) error {
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.flushAudit(ctx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.storeKeyCopies(ctx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := ctx.Err(); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("store: not committed: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// inReadTx runs fn, which only reads, in a read-only transaction: one
// snapshot for its statements. On SQLite it begins without taking the
// write lock (a plain BEGIN, not the BEGIN IMMEDIATE of inTx), so long
// reads such as the annual report's run beside each other and beside the
// writers instead of queueing them.
func (s *Store) inReadTx(ctx context.Context, fn func(tx *Tx) error) error {
	// Repeatable read: on PostgreSQL every statement of the transaction sees
	// one snapshot, as SQLite's read transaction does.
	sqlTx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer sqlTx.Rollback() // nothing to commit
	return fn(&Tx{Tx: sqlTx, store: s, now: s.now()})
}

// now is the store's clock in UTC at the precision both engines keep.
func (s *Store) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }
