package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	os.Exit(func() int {
		defer StopPrivateServer()
		return m.Run()
	}())
}

func TestWithDatabase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://integer@/integer_test?host=/var/run/postgresql",
			"postgres://integer@/t_x?host=/var/run/postgresql"},
		{"postgres://integer@/integer_test?host=%2Fvar%2Frun%2Fpostgresql&port=5432",
			"postgres://integer@/t_x?host=%2Fvar%2Frun%2Fpostgresql&port=5432"},
		{"postgres://integer:s%40cret@127.0.0.1:5432/integer_test?sslmode=disable",
			"postgres://integer:s%40cret@127.0.0.1:5432/t_x?sslmode=disable"},
		{"postgresql://db.example:6543", "postgresql://db.example:6543/t_x"},
		{"postgres:///?host=/tmp&dbname=other&user=integer",
			"postgres:///t_x?host=%2Ftmp&user=integer"},
		{"host=/var/run/postgresql user=integer dbname=integer_test",
			"host=/var/run/postgresql user=integer dbname=integer_test dbname=t_x"},
	}
	for _, tt := range tests {
		got, err := withDatabase(tt.in, "t_x")
		if err != nil || got != tt.want {
			t.Errorf("withDatabase(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// fakeTB records Skipf/Fatalf calls instead of stopping the test.
type fakeTB struct {
	testing.TB
	skipped, fatal string
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Skipf(format string, a ...any)  { f.skipped = fmt.Sprintf(format, a...) }
func (f *fakeTB) Fatalf(format string, a ...any) { f.fatal = fmt.Sprintf(format, a...) }

func TestSkipOrFail(t *testing.T) {
	t.Setenv(EnvRequireAll, "")
	f := &fakeTB{TB: t}
	SkipOrFail(f, "no %s", "chromium")
	if f.skipped != "no chromium" || f.fatal != "" {
		t.Errorf("without %s: skipped=%q fatal=%q", EnvRequireAll, f.skipped, f.fatal)
	}

	t.Setenv(EnvRequireAll, "1")
	f = &fakeTB{TB: t}
	SkipOrFail(f, "no %s", "chromium")
	if f.skipped != "" || !strings.HasPrefix(f.fatal, "no chromium") {
		t.Errorf("with %s=1: skipped=%q fatal=%q", EnvRequireAll, f.skipped, f.fatal)
	}
}

func open(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func currentDatabase(t *testing.T, db *sql.DB) string {
	t.Helper()
	var name string
	if err := db.QueryRow("SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestPostgresURL(t *testing.T) {
	var names []string
	var admin string
	t.Run("isolation", func(t *testing.T) {
		start := time.Now()
		url1 := PostgresURL(t)
		t.Logf("first PostgresURL (incl. any server start): %v", time.Since(start))
		const n = 5
		start = time.Now()
		for range n - 1 {
			PostgresURL(t)
		}
		url2 := PostgresURL(t)
		t.Logf("PostgresURL: %v per database (average of %d)", time.Since(start)/n, n)
		t.Logf("url1 = %s", redact(url1))

		db1, db2 := open(t, url1), open(t, url2)
		name1, name2 := currentDatabase(t, db1), currentDatabase(t, db2)
		if name1 == name2 || !strings.HasPrefix(name1, "t_") || !strings.HasPrefix(name2, "t_") {
			t.Fatalf("databases %q and %q: want two distinct t_… databases", name1, name2)
		}
		names = []string{name1, name2}

		// Both databases start empty.
		for _, db := range []*sql.DB{db1, db2} {
			var tables int
			if err := db.QueryRow(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil {
				t.Fatal(err)
			}
			if tables != 0 {
				t.Errorf("new database has %d tables, want 0", tables)
			}
		}

		if _, err := db1.Exec(`CREATE TABLE melding (id integer PRIMARY KEY, titel text NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db1.Exec(`INSERT INTO melding VALUES (1, 'test')`); err != nil {
			t.Fatal(err)
		}
		var reg1, reg2 sql.NullString
		if err := db1.QueryRow(`SELECT to_regclass('public.melding')::text`).Scan(&reg1); err != nil {
			t.Fatal(err)
		}
		if err := db2.QueryRow(`SELECT to_regclass('public.melding')::text`).Scan(&reg2); err != nil {
			t.Fatal(err)
		}
		if !reg1.Valid || reg2.Valid {
			t.Errorf("table melding: in db1 %v, in db2 %v; want only in db1", reg1.Valid, reg2.Valid)
		}

		// Leave a connection open: cleanup must drop the database anyway.
		conn, err := db1.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		_ = conn // deliberately not closed before PostgresURL's cleanup
		admin = os.Getenv(EnvTestPostgres)
		if admin == "" {
			admin = privateSrv.adminURL
		}
	})
	if names == nil {
		return // skipped or failed
	}

	db, err := adminDB(admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		var exists bool
		if err := db.QueryRow(`SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
			t.Fatal(err)
		}
		if exists {
			t.Errorf("database %s still exists after the test's cleanup", name)
		}
	}
}

func TestPostgresURLParallel(t *testing.T) {
	for i := range 4 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			db := open(t, PostgresURL(t))
			if _, err := db.Exec(`CREATE TABLE x (id int)`); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestDedicatedStopStart: a dedicated server stops (fast, then immediate)
// and starts again on the same data and socket; what was committed is there.
func TestDedicatedStopStart(t *testing.T) {
	d := DedicatedServer(t)
	db := open(t, d.URL)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE TABLE kept (n int)"); err != nil {
		t.Fatal(err)
	}
	for i, immediate := range []bool{false, true} {
		if _, err := db.ExecContext(ctx, "INSERT INTO kept VALUES ($1)", i); err != nil {
			t.Fatal(err)
		}
		d.Stop(t, immediate)
		pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := db.PingContext(pingCtx)
		cancel()
		if err == nil {
			t.Fatalf("ping succeeded while the server is stopped (immediate=%v)", immediate)
		}
		d.Start(t)
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM kept").Scan(&n); err != nil || n != i+1 {
			t.Fatalf("after a restart (immediate=%v): %d rows, %v; want %d", immediate, n, err, i+1)
		}
	}
}
