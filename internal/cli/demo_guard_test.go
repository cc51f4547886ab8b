package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// realFolder makes a data folder as a real installation has it: one
// organisation with a coordinator, and returns its directory.
func realFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s, err := store.Open(context.Background(), filepath.Join(dir, "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	org := &domain.Organisation{Slug: "helmond", Name: "Gemeente Helmond"}
	if err := s.CreateOrganisation(context.Background(), store.CLI, org); err != nil {
		t.Fatal(err)
	}
	u := &domain.User{OrgID: org.ID, Username: "coord", PasswordHash: "$argon2id$x", Roles: []domain.Role{domain.RoleCoordinator}}
	if err := s.CreateUser(context.Background(), store.CLI.In(org.ID), u); err != nil {
		t.Fatal(err)
	}
	return dir
}

// folderDigest is the SHA-256 of every file in dir by name, to show that
// nothing was written.
func folderDigest(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = sha256.Sum256(b)
	}
	return out
}

// runDemoBriefly runs a command line that might start a server, stopping
// that server after a while: a demo that wrongly starts returns 0.
func runDemoBriefly(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Context: ctx,
		Getenv: func(string) (string, bool) { return "", false }}
	code := Run(env, args)
	return result{code, out.String(), errOut.String()}
}

// TestDefect_DemoRefusesARealDataFolder: `integer demo --data DIR` on a
// folder that holds a real organisation (or any other file) refuses with a
// clear message and a non-zero exit, also with --fresh, and writes nothing.
func TestDefect_DemoRefusesARealDataFolder(t *testing.T) {
	real := realFolder(t)
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		dir  string
		args []string
		want string
	}{
		{"real", real, nil, "helmond"},
		{"real, fresh", real, []string{"--fresh"}, "helmond"},
		{"other files", other, nil, "notes.txt"},
		{"other files, fresh", other, []string{"--fresh"}, "notes.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := folderDigest(t, tc.dir)
			r := runDemoBriefly(t, append([]string{"demo", "--data", tc.dir, "--addr", "127.0.0.1:0"}, tc.args...)...)
			if r.code == 0 || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "demo") {
				t.Fatalf("demo on %s: exit %d, stderr %q, stdout %q", tc.name, r.code, r.stderr, r.stdout)
			}
			if after := folderDigest(t, tc.dir); len(after) != len(before) {
				t.Fatalf("files %v after, %v before", after, before)
			} else {
				for name, sum := range before {
					if after[name] != sum {
						t.Errorf("%s was written", name)
					}
				}
			}
		})
	}
	s, err := store.Open(context.Background(), filepath.Join(real, "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if orgs, _ := s.Organisations(context.Background()); len(orgs) != 1 || orgs[0].Slug != "helmond" {
		t.Errorf("organisations after the refused demo: %v", orgs)
	}
}

// TestDefect_DemoAcceptsOnlyItsOwnData: the check lets the demo start on a
// missing or empty folder and on its own earlier database, and refuses a
// database (SQLite or PostgreSQL) that also holds another organisation, or
// a real organisation that happens to be called "demo".
func TestDefect_DemoAcceptsOnlyItsOwnData(t *testing.T) {
	ctx := context.Background()
	missing := config.Config{DataDir: filepath.Join(t.TempDir(), "new")}
	empty := config.Config{DataDir: t.TempDir()}
	for _, cfg := range []config.Config{missing, empty} {
		if err := checkDemoData(ctx, cfg); err != nil {
			t.Errorf("%s: %v", cfg.DataDir, err)
		}
	}
	if _, err := os.Stat(missing.DataDir); err == nil {
		t.Error("the check created the folder")
	}
	engines := map[string]func(t *testing.T) config.Config{
		"sqlite":   func(t *testing.T) config.Config { return config.Config{DataDir: t.TempDir()} },
		"postgres": func(t *testing.T) config.Config { return config.Config{DatabaseURL: dbtest.PostgresURL(t)} },
	}
	for name, mk := range engines {
		t.Run(name, func(t *testing.T) {
			cfg := mk(t)
			s, err := store.Open(ctx, cfg.DSN())
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := checkDemoData(ctx, cfg); err != nil {
				t.Errorf("an empty database: %v", err)
			}
			if _, err := SeedDemo(ctx, s, testParams); err != nil {
				t.Fatal(err)
			}
			if err := checkDemoData(ctx, cfg); err != nil {
				t.Errorf("the demo's own database: %v", err)
			}
			if err := s.CreateOrganisation(ctx, store.CLI, &domain.Organisation{Slug: "helmond", Name: "Gemeente Helmond"}); err != nil {
				t.Fatal(err)
			}
			if err := checkDemoData(ctx, cfg); err == nil || !strings.Contains(err.Error(), "helmond") {
				t.Errorf("demo and a real organisation: %v", err)
			}
		})
	}
	dir := t.TempDir()
	s, err := store.Open(ctx, filepath.Join(dir, "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateOrganisation(ctx, store.CLI, &domain.Organisation{Slug: DemoSlug, Name: "Oefenomgeving"}); err != nil {
		t.Fatal(err)
	}
	if err := checkDemoData(ctx, config.Config{DataDir: dir}); err == nil {
		t.Error("a real organisation called demo was taken for the demo's own")
	}
}
