package store

import (
	"context"
	"io/fs"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/integer-nl/integer/internal/dbtest"
)

func openEngine(t *testing.T, engine Engine) *Store {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "integer.db")
	if engine == Postgres {
		dsn = dbtest.PostgresURL(t)
	}
	s, err := OpenNoMigrate(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// columns lists "table.column" for every table of the schema.
func (s *Store) columns(t *testing.T) []string {
	t.Helper()
	q := `SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	if s.engine == Postgres {
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'`
	}
	rows, err := s.db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	slices.Sort(cols)
	return cols
}

// TestMigrationsAgree proves both engines' migrations have the same versions
// and produce the same tables and columns.
func TestMigrationsAgree(t *testing.T) {
	ctx := context.Background()
	lite, pg := openEngine(t, SQLite), openEngine(t, Postgres)
	var versions [2][]int64
	for i, s := range []*Store{lite, pg} {
		applied, err := s.Migrate(ctx)
		if err != nil {
			t.Fatalf("%s: %v", s.engine, err)
		}
		versions[i] = applied
	}
	if diff := cmp.Diff(versions[0], versions[1]); diff != "" {
		t.Errorf("migration versions differ (-sqlite +postgres):\n%s", diff)
	}
	if diff := cmp.Diff(lite.columns(t), pg.columns(t)); diff != "" {
		t.Errorf("schemas differ (-sqlite +postgres):\n%s", diff)
	}
	for _, s := range []*Store{lite, pg} {
		if again, err := s.Migrate(ctx); err != nil || len(again) != 0 {
			t.Errorf("%s: second migrate applied %v, %v", s.engine, again, err)
		}
	}
}

// TestFailedMigrationChangesNothing adds a migration that creates a table and
// then fails: the table must not exist afterwards and the version must stay.
func TestFailedMigrationChangesNothing(t *testing.T) {
	for _, engine := range []Engine{SQLite, Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			s := openEngine(t, engine)
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			_, latest, err := s.MigrationStatus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			dir, _ := fs.Sub(migrations, "migrations/"+string(engine))
			files := fstest.MapFS{}
			fs.WalkDir(dir, ".", func(path string, d fs.DirEntry, err error) error {
				if !d.IsDir() {
					b, _ := fs.ReadFile(dir, path)
					files[path] = &fstest.MapFile{Data: b}
				}
				return nil
			})
			files["09999_broken.sql"] = &fstest.MapFile{Data: []byte(
				"-- +goose Up\nCREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n-- +goose Down\nDROP TABLE half_done;\n")}
			p, err := s.providerFor(files)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Up(ctx); err == nil {
				t.Fatal("broken migration succeeded")
			}
			if slices.Contains(s.columns(t), "half_done.id") {
				t.Error("the failed migration left its table behind")
			}
			if current, _, _ := s.MigrationStatus(ctx); current != latest {
				t.Errorf("version = %d after a failed migration, want %d", current, latest)
			}
		})
	}
}
