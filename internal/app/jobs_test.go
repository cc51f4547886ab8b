package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/mail"
	"github.com/integer-nl/integer/internal/mail/mailtest"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// The two-server test runs each server as a process of its own: this test
// binary again, with jobServerEnv set, which serves until SIGTERM.
const jobServerEnv = "INTEGER_TEST_JOB_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(jobServerEnv) != "" {
		os.Exit(runJobServer())
	}
	os.Exit(func() int { defer dbtest.StopPrivateServer(); return m.Run() }())
}

// runJobServer is one server of TestJobsOnceAcrossServers: the database,
// the SMTP server and the audit key from the environment, short intervals
// for the reminders and the maintenance.
func runJobServer() int {
	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = os.Getenv("JOB_DATA_DIR")
	cfg.DatabaseURL = os.Getenv("JOB_DATABASE")
	cfg.AuditKeyFile = os.Getenv("JOB_AUDIT_KEY")
	host, port, _ := strings.Cut(os.Getenv("JOB_SMTP"), ":")
	cfg.SMTPHost = host
	cfg.SMTPPort, _ = strconv.Atoi(port)
	cfg.SMTPTLS = mail.TLSNone
	cfg.SMTPFrom = "Integer <noreply@integer.example>"
	cfg.BaseURL = "https://integriteit.example.nl/"
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	a, err := Open(ctx, cfg, logger, Options{PasswordParams: auth.TestParams,
		Jobs: JobIntervals{Reminders: 150 * time.Millisecond, Maintenance: 100 * time.Millisecond}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 1
	}
	defer a.Close()
	if err := a.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "run:", err)
		return 1
	}
	return 0
}

// jobServer is a running server process and what it wrote to stderr.
type jobServer struct {
	cmd    *exec.Cmd
	logs   *syncBuffer
	exited chan struct{} // closed when the process ended, with err set
	err    error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestJobsOnceAcrossServers: two server processes on one database (each
// engine) start in the same instant and run their jobs many times over:
// each deadline reminder reaches each handler once and the auditor gets one
// checkpoint. One server is killed; a reminder that falls due later is sent
// once, by the other. Without the job lease both servers mail the
// checkpoint at start.
func TestJobsOnceAcrossServers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	for _, engine := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			dir := t.TempDir()
			env := []string{jobServerEnv + "=1", "JOB_DATA_DIR=" + dir, "JOB_AUDIT_KEY=" + filepath.Join(dir, "audit.key")}
			dsn := filepath.Join(dir, "integer.db")
			if engine == store.Postgres {
				dsn = dbtest.PostgresURL(t)
				env = append(env, "JOB_DATABASE="+dsn)
			}
			smtp := mailtest.NewServer(t)
			host, port := smtp.Addr()
			env = append(env, "JOB_SMTP="+host+":"+strconv.Itoa(port))

			ctx := context.Background()
			st, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.UseAuditKey(ctx, filepath.Join(dir, "audit.key")); err != nil {
				t.Fatal(err)
			}
			org := &domain.Organisation{Slug: "oss", Name: "Gemeente Oss"}
			if err := st.CreateOrganisation(ctx, store.CLI, org); err != nil {
				t.Fatal(err)
			}
			ch, err := st.ChannelByCode(ctx, org.ID, "officials")
			if err != nil {
				t.Fatal(err)
			}
			var handlers []int64
			for _, u := range []*domain.User{
				{Username: "coord", Email: "coord@oss.example", Roles: []domain.Role{domain.RoleCoordinator}},
				{Username: "deputy", Email: "deputy@oss.example", Roles: []domain.Role{domain.RoleCoordinator}},
				{Username: "ans", Email: "ans@oss.example", Roles: []domain.Role{domain.RoleAuditor}},
			} {
				u.OrgID, u.PasswordHash = org.ID, "$argon2id$test"
				if err := st.CreateUser(ctx, store.CLI, u); err != nil {
					t.Fatal(err)
				}
				if u.Roles[0] != domain.RoleCoordinator {
					continue
				}
				_, public, err := seal.NewIdentity()
				if err != nil {
					t.Fatal(err)
				}
				if err := st.SetUserKey(ctx, store.CLI, &store.UserKey{UserID: u.ID, Public: public, WrappedPrivate: []byte("x"), Salt: []byte("s")}); err != nil {
					t.Fatal(err)
				}
				handlers = append(handlers, u.ID)
			}
			if err := st.SetChannelHandlers(ctx, store.CLI, org.ID, ch.ID, handlers); err != nil {
				t.Fatal(err)
			}
			keys, err := st.OrgKeys(ctx, org.ID)
			if err != nil {
				t.Fatal(err)
			}
			// report files a report received ten days ago: its
			// acknowledgement is overdue, so each handler gets a reminder.
			report := func(n int) *domain.Report {
				t.Helper()
				st.Now = func() time.Time { return time.Now().Add(-10 * 24 * time.Hour) }
				defer func() { st.Now = time.Now }()
				lookup, mailbox := seal.ReceiptKeys(auth.TestParams, fmt.Sprintf("%016d", 1000+n), keys.ReceiptSalt)
				r, err := st.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", Anonymous: true,
					Content: domain.ReportContent{What: "Iets"}}, store.Receipt{Lookup: lookup, Mailbox: mailbox})
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			var reports []*domain.Report
			for i := range 3 {
				reports = append(reports, report(i))
			}

			start := func() *jobServer {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), env...)
				s := &jobServer{cmd: cmd, logs: &syncBuffer{}, exited: make(chan struct{})}
				cmd.Stdout, cmd.Stderr = io.Discard, s.logs
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				go func() { s.err = cmd.Wait(); close(s.exited) }()
				t.Cleanup(func() {
					_ = cmd.Process.Kill()
					<-s.exited
					if t.Failed() {
						t.Logf("server %d:\n%s", cmd.Process.Pid, s.logs.String())
					}
				})
				return s
			}
			one, two := start(), start()

			// count returns the reminders per (report number, recipient) and
			// the checkpoints per recipient that arrived.
			count := func() (reminders, checkpoints map[string]int) {
				reminders, checkpoints = map[string]int{}, map[string]int{}
				for _, m := range smtp.Messages() {
					switch {
					case m.Subject == "Controlepunt van het auditlog":
						checkpoints[m.To[0]]++
					case m.Subject == "Termijn verlopen":
						for _, r := range reports {
							if strings.Contains(m.Text, "melding "+r.Number+" ") {
								reminders[r.Number+" "+m.To[0]]++
							}
						}
					default:
						t.Errorf("unexpected mail %q to %v", m.Subject, m.To)
					}
				}
				return reminders, checkpoints
			}
			check := func(wantReports int) {
				t.Helper()
				reminders, checkpoints := count()
				if len(checkpoints) != 1 || checkpoints["ans@oss.example"] != 1 {
					t.Errorf("checkpoints %v, want one to ans@oss.example", checkpoints)
				}
				if len(reminders) != 2*wantReports {
					t.Errorf("reminders for %d (report, handler) pairs, want %d: %v", len(reminders), 2*wantReports, reminders)
				}
				for k, n := range reminders {
					if n != 1 {
						t.Errorf("reminder %s sent %d times", k, n)
					}
				}
			}
			// Both servers start together; 6 reminders and a checkpoint,
			// then 2 seconds (a dozen passes of each server) without more.
			smtp.Wait(t, 7)
			time.Sleep(2 * time.Second)
			check(3)
			// The holder keeps the job while it lives, so the other server
			// saw its passes taken.
			if !strings.Contains(one.logs.String()+two.logs.String(), "another server runs this pass") {
				t.Error("neither server left a pass to the other")
			}

			// One server dies (no shutdown, its leases stay until they run
			// out); a report that falls due now is reminded once, by the other.
			if err := one.cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			<-one.exited
			reports = append(reports, report(3))
			smtp.Wait(t, 9)
			time.Sleep(time.Second)
			check(4)

			// A graceful stop hands the jobs over.
			if err := two.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			select {
			case <-two.exited:
				if two.err != nil {
					t.Fatalf("server stopped with %v", two.err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("server did not stop")
			}
			leases, err := st.JobLeases(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range leases {
				if l.Job == "deadline_reminders" && l.Expires.After(time.Now().Add(time.Second)) {
					t.Errorf("lease kept after a graceful stop: %+v", l)
				}
			}
		})
	}
}
