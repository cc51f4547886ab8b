package report_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_AmountsOneFormat: issue 11 defect 8 and issue 12 point 11. The
// report wrote the gifts' value "€ 3330,00" where every page writes
// "€ 3.330,00"; in English it is "€3,330.00".
func TestDefect_AmountsOneFormat(t *testing.T) {
	st, err := store.Open(context.Background(), t.TempDir()+"/integer.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := report.Build(context.Background(), st, importHelmond(t, st), 2021, report.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	r.Gifts = &report.Gifts{Total: 2, TotalEUR: 3330, ByDecision: map[string]report.Count{"accepted": 2}, ByKind: map[string]report.Count{"gift": 2}}
	r.Registers["gifts"] = "records"
	cat := i18n.MustLoad()
	for lang, want := range map[string]string{"nl": "€ 3.330,00", "en": "€3,330.00"} {
		var b bytes.Buffer
		if err := r.Document(cat, lang).WriteHTML(&b, lang, "", nil); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			i := strings.Index(b.String(), "€")
			t.Errorf("%s: the gifts' value is not written %q: %q", lang, want, b.String()[max(0, i-40):min(b.Len(), i+40)])
		}
	}
}

// TestDefect_AppendixNamesFiguresByCode: issue 11 defect 8. The appendix
// named each figure by its JSON path ("reports.total"); it names it in the
// reader's language, and every defined figure has a name.
func TestDefect_AppendixNamesFiguresByCode(t *testing.T) {
	st, err := store.Open(context.Background(), t.TempDir()+"/integer.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := report.Build(context.Background(), st, mustOrg(t, st, "leeg").ID, 2021, report.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`^[a-z_]+(\.[a-z_]+)*$`)
	cat := i18n.MustLoad()
	for lang, want := range map[string]string{"nl": "Meldingen ontvangen", "en": "Reports received"} {
		d := r.Document(cat, lang)
		def := d.Sections[len(d.Sections)-1]
		if def.ID != "definitions" || len(def.Tables) != 1 || len(def.Tables[0].Rows) != len(r.Definitions) {
			t.Fatalf("%s: no appendix of definitions as the last section: %+v", lang, def)
		}
		rows := def.Tables[0].Rows
		if rows[0][0] != want {
			t.Errorf("%s: the first figure is named %q, want %q", lang, rows[0][0], want)
		}
		for _, row := range rows {
			if code.MatchString(row[0]) || strings.HasPrefix(row[0], "[") {
				t.Errorf("%s: a figure is named by its code: %q", lang, row[0])
			}
		}
	}
}
