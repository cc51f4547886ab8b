package report_test

import (
	"bytes"
	"context"
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
