package report_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestLeidschendamVoorburg2024 imports our own second fixture, the registers
// behind the Leidschendam-Voorburg annual report 2024 (residents as
// reporters, referrals to the data protection officer, a discontinued
// investigation, one report with two allegations and two outcomes), and
// checks every figure of that report, on both engines.
func TestLeidschendamVoorburg2024(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		org := mustOrg(t, st, "leidschendam-voorburg")
		names, err := filepath.Glob("testdata/leidschendam-voorburg-2024/*.csv")
		if err != nil || len(names) == 0 {
			t.Fatalf("fixture: %v", err)
		}
		files := map[string][]byte{}
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(name)] = b
		}
		if _, err := register.Import(context.Background(), st, store.CLI, org.ID, files); err != nil {
			t.Fatalf("import: %v", err)
		}
		r, err := report.Build(context.Background(), st, org.ID, 2024, report.Options{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.JSON()
		if err != nil {
			t.Fatal(err)
		}
		checkExpected(t, got, "testdata/leidschendam-voorburg-2024.expected.json")
	})
}
