package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

func TestMain(m *testing.M) {
	os.Exit(func() int { defer dbtest.StopPrivateServer(); return m.Run() }())
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs one command line with the given environment variables, in
// English unless the arguments choose a language (the tests were written
// when the command line spoke English; TestDefect_CommandLineInOneLanguage
// checks the Dutch default).
func run(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	if !slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--lang") }) {
		args = append([]string{"--lang", "en"}, args...)
	}
	return runAsTyped(t, vars, args...)
}

// runAsTyped runs one command line exactly as given.
func runAsTyped(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{
		Stdin: strings.NewReader(vars["stdin"]), Stdout: &out, Stderr: &errOut, Context: context.Background(),
		Getenv: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
	}
	code := Run(env, args)
	return result{code, out.String(), errOut.String()}
}

func TestHelpListsEveryCommand(t *testing.T) {
	r := run(t, nil, "help")
	if r.code != 0 {
		t.Fatalf("help exit %d", r.code)
	}
	for _, c := range commands() {
		if !strings.Contains(r.stdout, c.name) {
			t.Errorf("help lacks %q", c.name)
		}
	}
	for _, v := range []string{"INTEGER_DATABASE", "INTEGER_ADDR", "INTEGER_DATA"} {
		if !strings.Contains(r.stdout, v) {
			t.Errorf("help lacks %s", v)
		}
	}
	if r := run(t, nil, "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, "unknown command") {
		t.Errorf("unknown command: %+v", r)
	}
	if r := run(t, nil, "user", "add", "-h"); r.code != 0 || !strings.Contains(r.stderr, "-roles") {
		t.Errorf("user add -h: %+v", r)
	}
}

// TestAdministration runs the operator's commands on SQLite and PostgreSQL.
func TestAdministration(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			flag := []string{"--data", t.TempDir()}
			if engine == "postgres" {
				// --data holds the audit key file, which is never in the database.
				flag = []string{"--database", dbtest.PostgresURL(t), "--data", t.TempDir()}
			}
			cmd := func(args ...string) result { return run(t, nil, append(args[:len(args):len(args)], flag...)...) }
			// Flags after positional arguments are not parsed by package flag,
			// so put them first where a command takes arguments.
			cmdArgs := func(words []string, rest ...string) result {
				return run(t, nil, append(append(append([]string{}, words...), flag...), rest...)...)
			}
			if r := cmdArgs([]string{"org", "add"}, "helmond", "Gemeente", "Helmond"); r.code != 0 {
				t.Fatalf("org add: %+v", r)
			}
			if r := cmdArgs([]string{"org", "add"}, "helmond", "Nog een keer"); r.code != 1 || !strings.Contains(r.stderr, "helmond") {
				t.Fatalf("duplicate org: %+v", r)
			}
			if r := cmdArgs([]string{"org", "add"}, "Bad Slug", "X"); r.code != 1 || !strings.Contains(r.stderr, "slug") {
				t.Fatalf("bad slug: %+v", r)
			}
			if r := cmd("org", "list"); !strings.Contains(r.stdout, "Gemeente Helmond") {
				t.Fatalf("org list: %+v", r)
			}
			r := cmdArgs([]string{"user", "add", "--org", "helmond", "--roles", "admin,auditor", "--name", "Beheer"}, "beheer")
			if r.code != 0 || !strings.Contains(r.stdout, "password (shown once): ") {
				t.Fatalf("user add: %+v", r)
			}
			if r := cmdArgs([]string{"user", "add", "--org", "helmond", "--roles", "king"}, "x"); r.code != 1 || !strings.Contains(r.stderr, "king") {
				t.Fatalf("unknown role: %+v", r)
			}
			if r := cmdArgs([]string{"user", "list", "--org", "helmond"}); !strings.Contains(r.stdout, "admin,auditor") {
				t.Fatalf("user list: %+v", r)
			}
			if r := cmdArgs([]string{"user", "disable", "--org", "helmond"}, "beheer"); r.code != 0 {
				t.Fatalf("disable: %+v", r)
			}
			if r := cmdArgs([]string{"user", "list", "--org", "helmond"}); !strings.Contains(r.stdout, "disabled") {
				t.Fatalf("not disabled: %+v", r)
			}
			if r := cmdArgs([]string{"user", "reset-2fa", "--org", "helmond"}, "nobody"); r.code != 1 {
				t.Fatalf("reset-2fa of an unknown user: %+v", r)
			}
			r = run(t, map[string]string{"stdin": "a good long passphrase\n"},
				append(append([]string{"user", "passwd", "--org", "helmond", "--stdin"}, flag...), "beheer")...)
			if r.code != 0 || strings.Contains(r.stdout, "shown once") {
				t.Fatalf("passwd --stdin: %+v", r)
			}
			if r := cmd("migrate", "--status"); r.code != 0 || !strings.Contains(r.stdout, "schema version") {
				t.Fatalf("migrate: %+v", r)
			}
			if r := cmd("audit", "verify"); r.code != 0 || !strings.Contains(r.stdout, "intact") {
				t.Fatalf("audit verify: %+v", r)
			}
		})
	}
}

// TestAuditVerifyNamesTheBrokenEntry changes a row behind the program's back
// and expects exit 1 with the entry named.
func TestAuditVerifyNamesTheBrokenEntry(t *testing.T) {
	dir := t.TempDir()
	run(t, nil, "org", "add", "helmond", "Gemeente Helmond", "--data", dir)
	run(t, nil, "user", "add", "petra", "--data", dir, "--org", "helmond", "--roles", "hr")
	s, err := store.Open(context.Background(), filepath.Join(dir, "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET actor = 'someone else' WHERE id = 2`} {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	r := run(t, nil, "audit", "verify", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stdout, "BROKEN at entry 2") {
		t.Fatalf("verify after tampering: %+v", r)
	}
}

func TestDemoSeedIsIdempotent(t *testing.T) {
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if recovery, err := SeedDemo(ctx, s, testParams); err != nil || recovery == "" {
		t.Fatalf("first seed: %q, %v", recovery, err)
	}
	if recovery, err := SeedDemo(ctx, s, testParams); err != nil || recovery != "" {
		t.Fatalf("second seed: %q, %v", recovery, err)
	}
	org, _ := s.OrganisationBySlug(ctx, DemoSlug)
	users, _ := s.Users(ctx, org.ID)
	if len(users) != len(demoAccounts) {
		t.Fatalf("%d demo users, want one per role (%d)", len(users), len(demoAccounts))
	}
	seen := map[string]bool{}
	for _, u := range users {
		for _, r := range u.Roles {
			seen[string(r)] = true
		}
	}
	if len(seen) != 9 {
		t.Errorf("demo roles %v, want all nine", seen)
	}
	// Reports in every state, readable by their channel's handler, and the
	// printed receipt opens its mailbox.
	coord, _ := s.UserByUsername(ctx, org.ID, "coordinator")
	open, _ := s.ReportsForHandler(ctx, org.ID, coord.ID, store.ReportFilter{})
	closed, _ := s.ReportsForHandler(ctx, org.ID, coord.ID, store.ReportFilter{State: domain.StateClosed})
	if len(open) < 5 || len(closed) < 2 {
		t.Errorf("demo has %d open and %d closed reports for the coordinator", len(open), len(closed))
	}
	keys, _ := s.OrgKeys(ctx, org.ID)
	lookup, mailbox := seal.ReceiptKeys(testParams, DemoReceipt, keys.ReceiptSalt)
	mb, err := s.OpenMailbox(ctx, org.ID, store.Receipt{Lookup: lookup, Mailbox: mailbox})
	if err != nil || len(mb.Messages) < 2 {
		t.Errorf("demo mailbox: %+v, %v", mb, err)
	}
}

var testParams = auth.TestParams

func TestReadingCommandsNeedAnExistingDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo")
	for _, args := range [][]string{{"audit", "verify"}, {"org", "list"}, {"user", "list", "--org", "x"}} {
		r := run(t, nil, append(args, "--data", missing)...)
		if r.code != 1 || !strings.Contains(r.stderr, "no database at") {
			t.Errorf("%v on a missing directory: %+v", args, r)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a reading command created the data directory")
	}
}
