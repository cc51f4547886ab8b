package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/store"
)

// TestImport imports the Helmond registers from the command line, refuses
// a bad file naming its row and column with nothing stored, and writes the
// template, which imports too.
func TestImport(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "integer.db")
			flag := []string{"--data", filepath.Dir(dsn)}
			if engine == "postgres" {
				dsn = dbtest.PostgresURL(t)
				flag = []string{"--database", dsn}
			}
			if r := run(t, nil, append(append([]string{"org", "add"}, flag...), "helmond", "Helmond")...); r.code != 0 {
				t.Fatalf("org add: %+v", r)
			}
			fixture, _ := filepath.Glob("../register/testdata/helmond-2021/*.csv")
			if len(fixture) == 0 {
				t.Fatal("no fixture")
			}
			// A bad last row: exit 1, the problem named, nothing stored.
			dir := t.TempDir()
			var bad []string
			for _, f := range fixture {
				b, _ := os.ReadFile(f)
				if filepath.Base(f) == "yearly_counts.csv" {
					b = append(b, []byte("2010,reports,veel\n")...)
				}
				p := filepath.Join(dir, filepath.Base(f))
				if err := os.WriteFile(p, b, 0o600); err != nil {
					t.Fatal(err)
				}
				bad = append(bad, p)
			}
			args := append(append([]string{"import", "--lang", "nl", "--org", "helmond"}, flag...), bad...)
			r := run(t, nil, args...)
			if r.code != 1 || !strings.Contains(r.stderr, "yearly_counts.csv, rij 14, kolom count: 'veel' is geen geheel getal") {
				t.Fatalf("bad import: %+v", r)
			}
			r = run(t, nil, append(append([]string{"import", "--org", "helmond"}, flag...), fixture...)...)
			if r.code != 0 || !strings.Contains(r.stdout, "reports.csv") {
				t.Fatalf("import: %+v", r)
			}
			s, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			org, err := s.OrganisationBySlug(context.Background(), "helmond")
			if err != nil {
				t.Fatal(err)
			}
			if n, err := s.CountRows(context.Background(), "reports", org.ID); n != 10 || err != nil {
				t.Errorf("%d reports, %v", n, err)
			}
			s.Close()
			tpl := filepath.Join(t.TempDir(), "sjabloon.xlsx")
			if r := run(t, nil, append([]string{"import", "--template", tpl}, flag...)...); r.code != 0 {
				t.Fatalf("template: %+v", r)
			}
			if r := run(t, nil, append(append([]string{"import", "--org", "helmond"}, flag...), tpl)...); r.code != 0 {
				t.Fatalf("template import: %+v", r)
			}
		})
	}
}
