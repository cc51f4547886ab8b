package store

import (
	"context"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestDefect_OwnLabelsMigrated: the free-text "eigen omschrijving" typed
// before becomes the organisation's list of own categories: labels that
// differ only in case or surrounding spaces are one category (named as
// first typed, mapped to the type most of its allegations have), each
// allegation names its category, and another organisation's labels stay
// its own.
func TestDefect_OwnLabelsMigrated(t *testing.T) {
	for _, engine := range []Engine{SQLite, Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			s := openEngine(t, engine)
			migrate := migratedUpTo(t, s, engine, "*_own_categories.sql")
			now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			for org := 1; org <= 2; org++ {
				exec(`INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $2, $3)`, org, []string{"", "een", "twee"}[org], now)
				exec(`INSERT INTO channels (id, org_id, code, name_nl, name_en, created_at) VALUES ($1, $1, 'officials', 'a', 'a', $2)`, org, now)
				exec(`INSERT INTO reports (id, org_id, channel_id, number, received_at, source, reporter_kind, anonymous, whistleblower, state, content, created_at)
					VALUES ($1, $1, $1, 'M1', $2, 'web', 'employee', TRUE, FALSE, 'received', $3, $2)`, org, now, []byte{})
			}
			for i, a := range []struct {
				report          int
				category, label string
			}{
				{1, "financial", "Fraude"}, {1, "financial", " fraude "}, {1, "conflict_of_interest", "FRAUDE"},
				{1, "undesirable_conduct", "Geweld en intimidatie"}, {1, "other", ""}, {1, "other", "  "},
				{2, "misuse_of_resources", "fraude"},
			} {
				exec(`INSERT INTO allegations (id, report_id, category, own_label, created_at) VALUES ($1, $2, $3, $4, $5)`, i+1, a.report, a.category, a.label, now)
			}
			migrate()
			var got []string
			rows, err := s.db.QueryContext(ctx, `SELECT a.id, COALESCE(oc.org_id, 0), COALESCE(oc.label, '-'), COALESCE(oc.category, '-'), COALESCE(oc.position, 0)
				FROM allegations a LEFT JOIN own_categories oc ON oc.id = a.own_category_id ORDER BY a.id`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id, org, pos int
				var label, cat string
				if err := rows.Scan(&id, &org, &label, &cat, &pos); err != nil {
					t.Fatal(err)
				}
				got = append(got, strings.Join([]string{itoa(id), itoa(org), label, cat, itoa(pos)}, " | "))
			}
			want := []string{
				"1 | 1 | Fraude | financial | 1", "2 | 1 | Fraude | financial | 1", "3 | 1 | Fraude | financial | 1",
				"4 | 1 | Geweld en intimidatie | undesirable_conduct | 2", "5 | 0 | - | - | 0", "6 | 0 | - | - | 0",
				"7 | 2 | fraude | misuse_of_resources | 1",
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("migrated allegations (-want +got):\n%s", d)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// migratedUpTo migrates s up to the migration before the one whose file
// matches glob, and gives the function that runs that one: a test of a
// migration's backfill writes the rows it finds first.
func migratedUpTo(t *testing.T, s *Store, engine Engine, glob string) (migrate func()) {
	t.Helper()
	ctx := context.Background()
	dir, err := fs.Sub(migrations, "migrations/"+string(engine))
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(dir, glob)
	if len(names) != 1 {
		t.Fatalf("migration %s: %v", glob, names)
	}
	version, err := strconv.ParseInt(names[0][:5], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.providerFor(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, version-1); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		if _, err := p.UpTo(ctx, version); err != nil {
			t.Fatal(err)
		}
	}
}
