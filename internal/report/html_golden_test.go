package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestHelmond2021HTML compares the HTML of the Helmond 2021 report, the
// page the PDF is printed from, in Dutch and in English, with its golden
// files: a change to the report's layout shows here line by line, and a
// rule for large organisations (such as the activities' summary,
// TestActivitiesAboveLimit) must leave this small report as it was. Run
// with -update to rewrite the files after checking the difference.
func TestHelmond2021HTML(t *testing.T) {
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
	for _, lang := range []string{"nl", "en"} {
		var b bytes.Buffer
		if err := r.Document(nil, lang).WriteHTML(&b, lang, "Inhoudsopgave", []byte("/* css */")); err != nil {
			t.Fatal(err)
		}
		golden := "testdata/helmond-2021.golden." + lang + ".html"
		if *update {
			if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run the test with -update)", err)
		}
		if got := b.String(); got != string(want) {
			t.Errorf("the %s HTML differs from %s (run with -update after checking):\n%s", lang, golden, diffLines(string(want), got))
		}
	}
}
