package report_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

var update = flag.Bool("update", false, "rewrite testdata/helmond-2021.golden.json")

// importHelmond imports the registers behind the Helmond annual report 2021
// (testdata/helmond-2021, a copy of ../shared/fixtures) into a new
// organisation.
func importHelmond(t testing.TB, st *store.Store) int64 {
	t.Helper()
	org := mustOrg(t, st, "helmond")
	names, err := filepath.Glob("testdata/helmond-2021/*.csv")
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
	return org.ID
}

// TestHelmond2021 imports the Helmond registers and checks every figure of
// the Helmond annual report 2021, on both engines, and the whole report
// against the golden file.
func TestHelmond2021(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		orgID := importHelmond(t, st)
		r, err := report.Build(context.Background(), st, orgID, 2021, report.Options{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.JSON()
		if err != nil {
			t.Fatal(err)
		}
		checkExpected(t, got, "testdata/helmond-2021.expected.json")
		golden := "testdata/helmond-2021.golden.json"
		if *update && st.Engine() == store.SQLite {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run the test with -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("the report differs from %s (run with -update after checking):\n%s", golden, diffLines(string(want), string(got)))
		}
	})
}

// TestHelmond2021PDF checks that the PDF's text holds the key figures of the
// Helmond report, each on the line of its label.
func TestHelmond2021PDF(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	orgID := importHelmond(t, st)
	r, err := report.Build(context.Background(), st, orgID, 2021, report.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.Document(nil, "nl").WritePDF(t, &b, "Inhoudsopgave", "pagina %d van %d"); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	for _, want := range []string{
		`Jaarverslag integriteit 2021`, `Gemeente Helmond`,
		`Financiële schendingen\s+1\n`, `Misbruik positie en belangenverstrengeling\s+3\n`, `Ongewenste omgangsvormen\s+3\n`,
		`Meldingen ontvangen\s+10\n`, `Meldingen met een \(voor\)onderzoek\s+5\n`, `nog niet afgerond\s+1\n`,
		`\n\s*2011\s+2\n`, `\n\s*2014\s+9\n`, `\n\s*2020\s+17\n`, `\n\s*2021\s+10\n`,
		`\n\s*2019\s+25\n`, `\n\s*2020\s+59\n`, `\n\s*2021\s+45\n`,
		`Casussen\s+21\n`, `Begeleiding in een \(klacht\)traject\s+16\s+21\n`,
		`Eed of belofte afgelegd\s+114\n`, `Contacten van raadsleden met de griffie\s+22\n`,
		`Incidenten dit jaar\s+21\n`, `Incidenten vorig jaar\s+14\n`, `Politie betrokken\s+12\n`,
		`pagina 3 van \d+`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
}
