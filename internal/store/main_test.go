package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestMain(m *testing.M) {
	os.Exit(func() int { defer dbtest.StopPrivateServer(); return m.Run() }())
}

// forEachEngine runs the test once on a fresh SQLite file and once on a fresh
// PostgreSQL database: every store behaviour holds on both engines.
func forEachEngine(t *testing.T, test func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, engine := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			test(t, mustOpen(t, engine))
		})
	}
}

func mustOpen(t *testing.T, engine store.Engine) *store.Store {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "integer.db")
	if engine == store.Postgres {
		dsn = dbtest.PostgresURL(t)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// clock is a settable time source for the store.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time      { return c.now }
func (c *clock) Add(d time.Duration) { c.now = c.now.Add(d) }
func newClock(s *store.Store) *clock {
	c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	s.Now = c.Now
	return c
}

func mustOrg(t *testing.T, s *store.Store, slug string) *domain.Organisation {
	t.Helper()
	o := &domain.Organisation{Slug: slug, Name: "Gemeente " + slug}
	if err := s.CreateOrganisation(context.Background(), store.CLI, o); err != nil {
		t.Fatalf("create organisation: %v", err)
	}
	return o
}

func mustUser(t *testing.T, s *store.Store, org *domain.Organisation, username string, roles ...domain.Role) *domain.User {
	t.Helper()
	u := &domain.User{OrgID: org.ID, Username: username, PasswordHash: "$argon2id$test", Roles: roles}
	if err := s.CreateUser(context.Background(), store.CLI, u); err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}
