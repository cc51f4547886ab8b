package store

import (
	"context"
	"database/sql/driver"
)

// Recorder receives each statement the store sends to the database, with its
// arguments, before the database runs it.
type Recorder func(query string, args []any)

// OpenRecorded is Open with every statement passed to record first. The
// plan tests use it to ask the engine how it runs each query a page issues
// (EXPLAIN); nothing else should, as recording costs a call per statement.
func OpenRecorded(ctx context.Context, dsn string, record Recorder) (*Store, error) {
	s, err := openRecorded(ctx, dsn, record)
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// recordingConnector opens connections of the engine's driver that report
// their statements. Both drivers (modernc.org/sqlite and pgx's stdlib) run
// queries directly (QueryerContext, ExecerContext); a prepared statement is
// reported when it is prepared.
type recordingConnector struct {
	driver driver.Driver
	name   string
	record Recorder
}

func (c recordingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.driver.Open(c.name)
	if err != nil {
		return nil, err
	}
	return &recordingConn{Conn: conn, record: c.record}, nil
}

func (c recordingConnector) Driver() driver.Driver { return c.driver }

type recordingConn struct {
	driver.Conn
	record Recorder
}

func values(args []driver.NamedValue) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a.Value
	}
	return out
}

func (c *recordingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	c.record(query, values(args))
	return q.QueryContext(ctx, query, args)
}

func (c *recordingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	c.record(query, values(args))
	return e.ExecContext(ctx, query, args)
}

func (c *recordingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	c.record(query, nil)
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.Conn.Prepare(query)
}

func (c *recordingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return c.Conn.Begin() //nolint:staticcheck // the driver has nothing newer
}

func (c *recordingConn) CheckNamedValue(v *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

func (c *recordingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *recordingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *recordingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}
