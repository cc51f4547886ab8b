// Package dbtest provides helpers for tests that need optional external
// resources, in particular a PostgreSQL server.
//
// Optional tests (PostgreSQL, Chromium, …) call [SkipOrFail] when a resource
// is missing: locally they are skipped, but when INTEGER_REQUIRE_ALL=1 (set by
// CI) they fail instead, so CI can never silently skip them.
//
// [PostgresURL] returns the URL of a new, empty PostgreSQL database for one
// test and drops it when the test ends. The server is taken, in order, from
//
//  1. INTEGER_TEST_POSTGRES, a connection URL (or keyword/value string) of a
//     database on a running server whose role may CREATE DATABASE, e.g.
//     postgres://integer@/integer_test?host=/var/run/postgresql or
//     postgres://integer:secret@127.0.0.1:5432/integer_test. When
//     INTEGER_TEST_POSTGRES_TABLESPACE is set too, the databases are created
//     in that tablespace (CI puts one on a RAM disk: creating a database on
//     a slow disk can take 300 ms instead of 20 ms);
//  2. a private throw-away server started once per test binary from the
//     PostgreSQL server binaries (initdb, postgres) found via
//     INTEGER_TEST_PG_BINDIR, `pg_config --bindir`, initdb on PATH or
//     /usr/lib/postgresql/*/bin. It lives in a temporary directory (under
//     /dev/shm when that has room, for speed) and listens only on a Unix
//     socket there, so parallel test binaries never clash. Setting
//     INTEGER_TEST_PG_BINDIR makes it the only directory searched (set it to
//     a nonexistent directory to disable the private server);
//  3. otherwise the test is skipped (or fails under INTEGER_REQUIRE_ALL=1).
//
// [DedicatedServer] starts a server of one test's own, which the test may stop
// and start again (to prove what a program does while its database is gone).
//
// Packages that call PostgresURL should stop the private server cleanly from
// TestMain:
//
//	func TestMain(m *testing.M) {
//		os.Exit(func() int {
//			defer dbtest.StopPrivateServer()
//			return m.Run()
//		}())
//	}
//
// Without it the server is still killed when the test binary exits (on Linux),
// but its temporary directory is left behind.
package dbtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// Environment variables understood by this package.
const (
	EnvRequireAll      = "INTEGER_REQUIRE_ALL"
	EnvTestPostgres    = "INTEGER_TEST_POSTGRES"
	EnvTestTablespace  = "INTEGER_TEST_POSTGRES_TABLESPACE"
	EnvTestPostgresBin = "INTEGER_TEST_PG_BINDIR"
)

// RequireAll reports whether optional tests are required, i.e. whether
// INTEGER_REQUIRE_ALL=1 (as set by CI).
func RequireAll() bool {
	return os.Getenv(EnvRequireAll) == "1"
}

// SkipOrFail skips the test with the formatted message, or fails it
// (tb.Fatalf) when [RequireAll] is true. Use it in every optional test whose
// external dependency (Chromium, PostgreSQL, …) is unavailable.
func SkipOrFail(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if RequireAll() {
		tb.Fatalf(format+" [failing instead of skipping: "+EnvRequireAll+"=1]", args...)
		return
	}
	tb.Skipf(format, args...)
}

const noServerMsg = "PostgreSQL tests need " + EnvTestPostgres +
	" or PostgreSQL server binaries (Debian: apt-get install postgresql); skipping"

// PostgresURL returns a connection URL for a new, empty database created for
// this test only; it is dropped (WITH (FORCE)) in tb.Cleanup. The returned
// string has the same form as the server's admin connection string (a
// postgres:// URL unless INTEGER_TEST_POSTGRES is a keyword/value string) and
// can be passed to sql.Open("pgx", …). See the package documentation for how
// the server is found.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv(EnvTestPostgres)
	tablespace := ""
	if admin != "" {
		tablespace = os.Getenv(EnvTestTablespace)
	} else {
		s, err := privateServer()
		if errors.Is(err, errNoBinaries) {
			SkipOrFail(tb, noServerMsg)
			return ""
		}
		if err != nil {
			tb.Fatalf("dbtest: private PostgreSQL server: %v", err)
		}
		admin = s.adminURL
	}

	db, err := adminDB(admin)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	name := "t_" + randomHex(8)
	testURL, err := withDatabase(admin, name)
	if err != nil {
		tb.Fatalf("dbtest: %s: %v", EnvTestPostgres, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	create := "CREATE DATABASE " + quoteIdent(name)
	if tablespace != "" {
		create += " TABLESPACE " + quoteIdent(tablespace)
	}
	if _, err := db.ExecContext(ctx, create); err != nil {
		tb.Fatalf("dbtest: create database %s on %s: %v", name, redact(admin), err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(name)+" WITH (FORCE)"); err != nil {
			tb.Errorf("dbtest: drop database %s: %v", name, err)
		}
	})
	return testURL
}

// admin connection pools, one per admin connection string; never closed
// except for the private server's (in StopPrivateServer).
var (
	adminMu  sync.Mutex
	adminDBs = map[string]*sql.DB{}
)

func adminDB(connStr string) (*sql.DB, error) {
	adminMu.Lock()
	defer adminMu.Unlock()
	if db, ok := adminDBs[connStr]; ok {
		return db, nil
	}
	db, err := sql.Open("pgx", connStr)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", redact(connStr), err)
	}
	db.SetMaxIdleConns(2)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", redact(connStr), err)
	}
	adminDBs[connStr] = db
	return db, nil
}

func closeAdminDB(connStr string) {
	adminMu.Lock()
	defer adminMu.Unlock()
	if db, ok := adminDBs[connStr]; ok {
		db.Close()
		delete(adminDBs, connStr)
	}
}

// withDatabase returns connStr with its database name replaced by name. It
// handles URLs (postgres://user@host:port/db?params, including the
// postgres://user@/db?host=/socketdir form) and keyword/value strings.
func withDatabase(connStr, name string) (string, error) {
	if !strings.HasPrefix(connStr, "postgres://") && !strings.HasPrefix(connStr, "postgresql://") {
		// Keyword/value form: a later dbname overrides an earlier one.
		return strings.TrimSpace(connStr) + " dbname=" + name, nil
	}
	u, err := url.Parse(connStr)
	if err != nil {
		return "", fmt.Errorf("invalid connection URL: %w", err)
	}
	u.Path = "/" + name
	u.RawPath = ""
	if q := u.Query(); q.Has("dbname") {
		q.Del("dbname")
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// redact hides the password of a connection URL for error messages.
func redact(connStr string) string {
	if u, err := url.Parse(connStr); err == nil && u.User != nil {
		return u.Redacted()
	}
	return connStr
}

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails
	return hex.EncodeToString(b)
}

// ---- private server ----

var errNoBinaries = errors.New("no PostgreSQL server binaries found")

type server struct {
	dir      string // temporary directory: data/, socket, log
	binDir   string
	cred     *syscall.Credential // whom postgres runs as; nil: this user
	adminURL string
	cmd      *exec.Cmd     // the running postgres; nil when stopped
	exited   chan struct{} // closed when cmd has exited
	settings []string      // more "-c name=value" settings, after the defaults
}

var (
	privateMu   sync.Mutex
	privateOnce sync.Once
	privateSrv  *server
	privateErr  error
	privateDone bool // StopPrivateServer has run
)

func privateServer() (*server, error) {
	privateMu.Lock()
	defer privateMu.Unlock()
	if privateDone {
		return nil, errors.New("private server already stopped (PostgresURL called after StopPrivateServer)")
	}
	privateOnce.Do(func() {
		privateSrv, privateErr = startServer()
	})
	return privateSrv, privateErr
}

// StopPrivateServer stops the private PostgreSQL server, if one was started,
// and removes its temporary directory. Call it from TestMain after m.Run (see
// the package documentation); it is a no-op when no server was started.
func StopPrivateServer() {
	privateMu.Lock()
	defer privateMu.Unlock()
	privateDone = true
	s := privateSrv
	privateSrv = nil
	if s == nil {
		return
	}
	closeAdminDB(s.adminURL)
	s.stop()
}

func (s *server) stop() {
	s.halt(syscall.SIGINT)
	_ = os.RemoveAll(s.dir)
}

// halt stops the postgres process with sig (SIGINT: fast shutdown, which
// disconnects clients and shuts down cleanly; SIGQUIT: immediate shutdown,
// as after a crash, recovered from the WAL at the next start) and waits for
// it, killing it after 10 seconds.
func (s *server) halt(sig syscall.Signal) {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(sig)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd = nil
}

// findBinDir returns a directory holding initdb and postgres.
func findBinDir() (string, error) {
	ok := func(dir string) bool {
		for _, b := range []string{"initdb", "postgres"} {
			if fi, err := os.Stat(filepath.Join(dir, b)); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
				return false
			}
		}
		return true
	}
	if dir, set := os.LookupEnv(EnvTestPostgresBin); set && dir != "" {
		if ok(dir) {
			return dir, nil
		}
		return "", fmt.Errorf("%w in %s=%s", errNoBinaries, EnvTestPostgresBin, dir)
	}
	if pgConfig, err := exec.LookPath("pg_config"); err == nil {
		if out, err := exec.Command(pgConfig, "--bindir").Output(); err == nil {
			if dir := strings.TrimSpace(string(out)); ok(dir) {
				return dir, nil
			}
		}
	}
	if initdb, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(initdb); err == nil && ok(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
		if ok(filepath.Dir(initdb)) {
			return filepath.Dir(initdb), nil
		}
	}
	// Debian/Ubuntu: /usr/lib/postgresql/<major>/bin; prefer the newest.
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	major := func(d string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(d)))
		return n
	}
	slices.SortFunc(dirs, func(a, b string) int { return major(b) - major(a) })
	for _, d := range dirs {
		if ok(d) {
			return d, nil
		}
	}
	return "", errNoBinaries
}

func startServer() (*server, error) {
	s, err := initServer()
	if err != nil {
		return nil, err
	}
	if err := s.launch(); err != nil {
		_ = os.RemoveAll(s.dir)
		return nil, err
	}
	return s, nil
}

// initServer makes a server's directory and its data directory (initdb),
// without starting it.
func initServer() (*server, error) {
	binDir, err := findBinDir()
	if err != nil {
		return nil, err
	}

	// postgres refuses to run as root: run it as the postgres system user.
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root, but no postgres system user to run the server as: %w", err)
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}

	// Keep the path short: Unix socket paths are limited to ~107 bytes.
	base := serverBaseDir()
	removeStaleDirs(base)
	dir, err := os.MkdirTemp(base, serverDirPrefix)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*server, error) {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return fail(err)
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return fail(err)
		}
	}
	dataDir := filepath.Join(dir, "data")

	initdb := exec.Command(filepath.Join(binDir, "initdb"),
		"-D", dataDir, "-U", "integer", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
	initdb.Dir = dir
	initdb.SysProcAttr = sysProcAttr(cred)
	if out, err := initdb.CombinedOutput(); err != nil {
		return fail(fmt.Errorf("%s: %v\n%s", initdb, err, out))
	}
	return &server{
		dir:      dir,
		binDir:   binDir,
		cred:     cred,
		adminURL: "postgres://integer@/postgres?" + url.Values{"host": {dir}, "sslmode": {"disable"}}.Encode(),
	}, nil
}

// launch starts postgres on the server's data directory and waits until it
// accepts connections. A stopped server can be launched again.
func (s *server) launch() error {
	dataDir := filepath.Join(s.dir, "data")
	logPath := filepath.Join(s.dir, "postgres.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logFile.Close() // the child keeps its own descriptor
	cmd := exec.Command(filepath.Join(s.binDir, "postgres"),
		"-D", dataDir, "-k", s.dir,
		"-c", "listen_addresses=",
		"-c", "fsync=off",
		"-c", "full_page_writes=off",
		"-c", "synchronous_commit=off",
		"-c", "shared_buffers=32MB", // many test binaries may run at once
	)
	for _, kv := range s.settings {
		cmd.Args = append(cmd.Args, "-c", kv)
	}
	cmd.Dir = s.dir
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = sysProcAttr(s.cred)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	exited := make(chan struct{})
	s.cmd, s.exited = cmd, exited
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	logTail := func() string {
		b, _ := os.ReadFile(logPath)
		if len(b) > 4000 {
			b = b[len(b)-4000:]
		}
		return string(bytes.TrimSpace(b))
	}

	// Wait until the socket accepts connections.
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := ping(s.adminURL)
		if err == nil {
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("postgres exited during startup (%v):\n%s", cmd.ProcessState, logTail())
		default:
		}
		if time.Now().After(deadline) {
			s.halt(syscall.SIGINT)
			return fmt.Errorf("postgres did not accept connections within 20s (%v):\n%s", err, logTail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ping opens one connection to connStr, outside any pool, and closes it.
func ping(connStr string) error {
	db, err := sql.Open("pgx", connStr)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

const (
	serverDirPrefix = "integer-pg-"
	ownerFile       = "owner.pid" // PID of the test binary that owns the server
)

// removeStaleDirs removes server directories left behind in base by test
// binaries that exited without calling StopPrivateServer (the server itself
// is killed by the parent-death signal, but its directory stays).
func removeStaleDirs(base string) {
	dirs, _ := filepath.Glob(filepath.Join(base, serverDirPrefix+"*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, ownerFile))
		if err != nil {
			// No owner yet (just created) or unreadable: only remove when old.
			if fi, err := os.Stat(d); err == nil && time.Since(fi.ModTime()) > time.Hour {
				_ = os.RemoveAll(d)
			}
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err == nil && pid > 0 && syscall.Kill(pid, 0) == syscall.ESRCH {
			_ = os.RemoveAll(d)
		}
	}
}

// serverBaseDir returns the directory to create the server's directory in:
// /dev/shm when it is a RAM disk with room to spare, because creating the
// ~600 files of a new database is much slower on some disks (measured: 7 ms on
// tmpfs, 70-300 ms on ext4 in a VM); else the default temporary directory.
func serverBaseDir() string {
	const shm = "/dev/shm"
	var st syscall.Statfs_t
	if err := syscall.Statfs(shm, &st); err == nil &&
		uint64(st.Bavail)*uint64(st.Bsize) >= 1<<30 && // Docker's default is only 64 MiB
		syscall.Access(shm, 2 /* W_OK */) == nil {
		return shm
	}
	return os.TempDir()
}

// sysProcAttr returns the process attributes for initdb and postgres: the
// credential to run as (nil: current user) and, on Linux, a parent-death
// signal so the server does not outlive the test binary when
// StopPrivateServer is not called (SIGQUIT = immediate shutdown, which also
// terminates the server's child processes). Pdeathsig is set via reflection
// because the field only exists on Linux.
func sysProcAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Credential: cred}
	if f := reflect.ValueOf(attr).Elem().FieldByName("Pdeathsig"); f.IsValid() && f.CanSet() {
		f.Set(reflect.ValueOf(syscall.SIGQUIT))
	}
	return attr
}
