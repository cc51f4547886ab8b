// Package resilience_test proves from outside what the reporting point
// promises when the process or its database fails: the real binary (this
// test binary re-executed as `integer`, see TestMain) serves on a free port,
// and the tests kill it, stop its PostgreSQL server and check through the
// public JSON API and the command line what survived.
package resilience_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/cli"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// childEnv, set to 1 in a child's environment, makes the test binary run the
// command line instead of the tests: the same cli.Main as cmd/integer's.
const childEnv = "INTEGER_RESILIENCE_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(cli.Main(os.Args[1:]))
	}
	os.Exit(func() int { defer dbtest.StopPrivateServer(); return m.Run() }())
}

const orgSlug = "weerbaar"

// database is where a child keeps its data: the flags that point the
// binary at it and the store's DSN for the test's own looks.
type database struct {
	flags    []string
	dsn      string
	auditKey string // the audit key file the child uses, for the test's own entries
}

func sqliteDatabase(t *testing.T) database {
	dir := t.TempDir()
	return database{flags: []string{"--data", dir}, dsn: filepath.Join(dir, "integer.db"), auditKey: filepath.Join(dir, "audit.key")}
}

// postgresDatabase points at the PostgreSQL database url; --data is the
// directory of the audit key file, which is never in the database.
func postgresDatabase(t *testing.T, url string) database {
	dir := t.TempDir()
	return database{flags: []string{"--database", url, "--data", dir}, dsn: url, auditKey: filepath.Join(dir, "audit.key")}
}

// openStore opens db as the child does, with its audit key, so that the
// test's own audit entries join the keyed chain.
func openStore(t *testing.T, db database, open func(context.Context, string) (*store.Store, error)) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := open(ctx, db.dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.UseAuditKey(ctx, db.auditKey); err != nil {
		st.Close()
		t.Fatal(err)
	}
	return st
}

// handler is the coordinator handling the "officials" channel, with the
// key that opens its reports.
type handler struct {
	user *domain.User
	kr   store.Keyring
}

// prepare makes the organisation with a handler (holding a key pair) for
// its "officials" channel, so that reporters can file reports in it.
func prepare(t *testing.T, db database) handler {
	t.Helper()
	ctx := context.Background()
	st := openStore(t, db, store.Open)
	defer st.Close()
	org := &domain.Organisation{Slug: orgSlug, Name: "Gemeente Weerbaar"}
	if err := st.CreateOrganisation(ctx, store.CLI, org); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(auth.TestParams, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	u := &domain.User{OrgID: org.ID, Username: "coordinator", PasswordHash: hash, Roles: []domain.Role{domain.RoleCoordinator}}
	if err := st.CreateUser(ctx, store.CLI, u); err != nil {
		t.Fatal(err)
	}
	k, identity, err := store.NewUserKey(auth.TestParams, u.ID, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetUserKey(ctx, store.CLI.In(org.ID), k); err != nil {
		t.Fatal(err)
	}
	ch, err := st.ChannelByCode(ctx, org.ID, "officials")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetChannelHandlers(ctx, store.CLI, org.ID, ch.ID, []int64{u.ID}); err != nil {
		t.Fatal(err)
	}
	return handler{user: u, kr: store.Keyring{UserID: u.ID, Identity: identity}}
}

// openAll opens every report of the organisation as its handler, which
// needs the whole of it (the row, the sealed content, the handler's grant),
// and returns how many there are: a report half-written fails here.
func openAll(t *testing.T, db database, h handler) int {
	t.Helper()
	ctx := context.Background()
	st := openStore(t, db, store.OpenNoMigrate)
	defer st.Close()
	reps, err := st.ReportsForHandler(ctx, h.user.OrgID, h.user.ID, store.ReportFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reps {
		full, err := st.OpenReport(ctx, store.UserActor(h.user, "resilience"), h.user.OrgID, r.ID, h.kr)
		if err != nil {
			t.Errorf("report %s is stored but does not open for its handler: %v", r.Number, err)
			continue
		}
		if full.Content == nil || full.Content.What != reportDescription {
			t.Errorf("report %s: content %+v", r.Number, full.Content)
		}
	}
	return len(reps)
}

// childEnvironment is this process's environment without any INTEGER_
// setting (CI sets some for the tests), plus the child marker and the
// limits the burst needs.
func childEnvironment() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "INTEGER_") {
			env = append(env, kv)
		}
	}
	// The burst comes from one address: lift the limits on reports per
	// client and per organisation (docs/configuration.md), which would
	// otherwise refuse all but the first ten.
	return append(env, childEnv+"=1", "INTEGER_SUBMISSIONS_PER_HOUR=10000", "INTEGER_ORG_SUBMISSIONS_PER_HOUR=100000")
}

// server is a running `integer serve` child.
type server struct {
	t      *testing.T
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:port
	log    string // its standard output and error
	exited chan struct{}
}

// startServer runs `integer serve` on db and waits until /healthz answers.
func startServer(t *testing.T, db database) *server {
	t.Helper()
	addr := freeAddr(t)
	logFile, err := os.CreateTemp(t.TempDir(), "server-*.log")
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	args := append([]string{"serve", "--addr", addr, "--log-format", "text"}, db.flags...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = childEnvironment()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, cmd: cmd, base: "http://" + addr, log: logFile.Name(), exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() { s.kill() })

	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(s.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case <-s.exited:
			t.Fatalf("server exited at start (%v):\n%s", cmd.ProcessState, s.logTail())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not answer /healthz within 60s:\n%s", s.logTail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (s *server) kill() {
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.exited
}

// stop asks the server to shut down (SIGTERM) and waits.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		s.t.Errorf("server did not stop within 30s of SIGTERM:\n%s", s.logTail())
		s.kill()
	}
}

func (s *server) logTail() string {
	b, _ := os.ReadFile(s.log)
	if len(b) > 6000 {
		b = b[len(b)-6000:]
	}
	return string(b)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// runCLI runs one command of the binary and returns its output and exit code.
func runCLI(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = childEnvironment()
	out, err := cmd.CombinedOutput()
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		return string(out), ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return string(out), 0
}

// verifyAudit runs `integer audit verify` on db and fails the test unless it
// says the chain is intact.
func verifyAudit(t *testing.T, db database) {
	t.Helper()
	out, code := runCLI(t, append([]string{"audit", "verify"}, db.flags...)...)
	if code != 0 || !strings.Contains(out, "intact") {
		t.Errorf("integer audit verify: exit %d:\n%s", code, out)
	}
}

// receipt is what a 201 answer of the submission API returned.
type receipt struct {
	Receipt string `json:"receipt"`
	Number  string `json:"number"`
}

const (
	reportDescription = "Een collega neemt kantoorspullen mee naar huis."
	reportBody        = `{"context": "officials", "description": "` + reportDescription + `", "reporter_kind": "employee", "anonymous": true}`
)

// client is a plain HTTP client with a deadline per request.
var client = &http.Client{Timeout: 60 * time.Second}

// submit files one report through the JSON API. It returns the receipt when
// the answer was 201 and read in full, else the status (0: no answer).
func submit(ctx context.Context, base string) (*receipt, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/"+orgSlug+"/reports", strings.NewReader(reportBody))
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, res.StatusCode, err
	}
	if res.StatusCode != http.StatusCreated {
		return nil, res.StatusCode, nil
	}
	var r receipt
	if err := json.Unmarshal(body, &r); err != nil || r.Receipt == "" {
		return nil, res.StatusCode, fmt.Errorf("201 without a receipt: %q", body)
	}
	return &r, res.StatusCode, nil
}

// openMailbox opens a mailbox through the JSON API and returns the status
// and the report number it shows.
func openMailbox(t *testing.T, base, code string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/"+orgSlug+"/mailbox", nil)
	req.Header.Set("Authorization", "Receipt "+code)
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("open mailbox: %v", err)
	}
	defer res.Body.Close()
	var mb struct {
		Number string `json:"number"`
	}
	body, _ := io.ReadAll(res.Body)
	_ = json.Unmarshal(body, &mb)
	return res.StatusCode, mb.Number
}

// burst is concurrent submitters filing reports until stopped; it keeps
// every receipt that was answered.
type burst struct {
	mu       sync.Mutex
	receipts []receipt
	statuses map[int]int
	wg       sync.WaitGroup
	cancel   context.CancelFunc
}

func startBurst(base string, workers int) *burst {
	ctx, cancel := context.WithCancel(context.Background())
	b := &burst{statuses: map[int]int{}, cancel: cancel}
	for range workers {
		b.wg.Go(func() {
			for ctx.Err() == nil {
				r, status, _ := submit(ctx, base)
				b.mu.Lock()
				b.statuses[status]++
				if r != nil {
					b.receipts = append(b.receipts, *r)
				}
				b.mu.Unlock()
				if status == 0 || status == http.StatusTooManyRequests {
					time.Sleep(20 * time.Millisecond)
				}
			}
		})
	}
	return b
}

func (b *burst) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.receipts)
}

// finish stops the submitters and returns the receipts.
func (b *burst) finish() ([]receipt, map[int]int) {
	b.cancel()
	b.wg.Wait()
	return b.receipts, b.statuses
}
