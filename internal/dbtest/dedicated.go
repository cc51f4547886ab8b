package dbtest

import (
	"context"
	"errors"
	"os"
	"syscall"
	"testing"
	"time"
)

// Dedicated is a PostgreSQL server of one test's own, which the test may
// stop and start again (to prove what a program does while its database is
// gone). It is a private server like the shared one of [PostgresURL], in a
// temporary directory listening only on a Unix socket there, but never
// shared; it needs the PostgreSQL server binaries even when
// INTEGER_TEST_POSTGRES is set. Stopped and removed in tb.Cleanup.
type Dedicated struct {
	// URL is the connection URL of the database "integer" on the server.
	URL string
	srv *server
}

// DedicatedServer starts a dedicated server for this test and creates the
// database "integer" on it. Without server binaries the test is skipped (or
// fails under INTEGER_REQUIRE_ALL=1).
func DedicatedServer(tb testing.TB) *Dedicated {
	tb.Helper()
	s, err := initServer()
	if errors.Is(err, errNoBinaries) {
		SkipOrFail(tb, noServerMsg)
		return nil
	}
	if err != nil {
		tb.Fatalf("dbtest: dedicated PostgreSQL server: %v", err)
	}
	// A commit is acknowledged only once its WAL is written, as in
	// production (the shared server trades that for speed), so that an
	// immediate shutdown loses nothing acknowledged. fsync stays off: the
	// machine does not crash, only the server stops.
	s.settings = []string{"synchronous_commit=on"}
	if err := s.launch(); err != nil {
		_ = os.RemoveAll(s.dir)
		tb.Fatalf("dbtest: dedicated PostgreSQL server: %v", err)
	}
	tb.Cleanup(s.stop)
	url, err := withDatabase(s.adminURL, "integer")
	if err != nil {
		tb.Fatal(err)
	}
	db, err := adminDB(s.adminURL)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	defer closeAdminDB(s.adminURL)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE integer"); err != nil {
		tb.Fatalf("dbtest: create database integer: %v", err)
	}
	return &Dedicated{URL: url, srv: s}
}

// Stop stops the server and waits until it is gone: a fast shutdown
// (clients are disconnected, running transactions roll back) or, with
// immediate, an immediate one (as after a crash: no checkpoint, recovered
// from the WAL at the next start).
func (d *Dedicated) Stop(tb testing.TB, immediate bool) {
	tb.Helper()
	sig := syscall.SIGINT
	if immediate {
		sig = syscall.SIGQUIT
	}
	d.srv.halt(sig)
}

// Start starts the stopped server again on the same data and socket and
// waits until it accepts connections.
func (d *Dedicated) Start(tb testing.TB) {
	tb.Helper()
	if d.srv.cmd != nil {
		tb.Fatal("dbtest: dedicated server already running")
	}
	if err := d.srv.launch(); err != nil {
		tb.Fatalf("dbtest: start the dedicated server again: %v", err)
	}
}
