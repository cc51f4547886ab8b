package report_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// pdfText extracts the text of a PDF with pdftotext (poppler-utils).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		dbtest.SkipOrFail(t, "pdftotext not found (Debian: apt-get install poppler-utils)")
	}
	in := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func smallStore(t *testing.T) (*store.Store, int64) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	org := mustOrg(t, st, "proefstad")
	insertReports(t, st, org.ID, []fact{
		{received: "2024-02-01", investigation: "internal", closed: "2024-06-01", ack: "2024-02-05",
			categories: []string{"financial", "conflict_of_interest"}, outcomes: []string{"substantiated"}},
		{received: "2024-03-01", categories: []string{"financial"}},
		{received: "2022-03-01", categories: []string{"financial"}},
	})
	if err := st.SetAnnualReportTexts(context.Background(), store.CLI, org.ID, 2024,
		map[string]string{"foreword": "Een financiële schending en één belangenverstrengeling: ‘integriteit’ is geen privéaangelegenheid.\n\nTweede alinea.", "plans": "Dilemmatrainingen voor de raad."}); err != nil {
		t.Fatal(err)
	}
	return st, org.ID
}

func TestOutputs(t *testing.T) {
	st, orgID := smallStore(t)
	r, err := report.Build(context.Background(), st, orgID, 2024, report.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	doc := r.Document(nil, "nl")

	t.Run("html", func(t *testing.T) {
		var b bytes.Buffer
		if err := doc.WriteHTML(&b, "nl", "Inhoudsopgave", []byte("body{}")); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		for _, want := range []string{`role="img"`, "<title id=", "<desc id=", "Jaarverslag integriteit 2024", "Financiële schendingen",
			"Een financiële schending", `scope="col"`, `scope="row"`, "Bijlage: definities", "telt in het jaar waarin zij is ontvangen"} {
			if !strings.Contains(html, want) {
				t.Errorf("the HTML lacks %q", want)
			}
		}
		if strings.Contains(html, "[annual.") {
			t.Error("the HTML shows a missing message key")
		}
	})

	t.Run("xlsx", func(t *testing.T) {
		var b bytes.Buffer
		if err := doc.WriteXLSX(&b); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		tables := 0
		for _, s := range doc.Sections {
			tables += len(s.Tables)
		}
		if got := len(f.GetSheetList()); got != tables+1 {
			t.Errorf("%d sheets, want %d (contents + every table)", got, tables+1)
		}
		rows, err := f.GetRows("Meldingen per categorie")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, row := range rows {
			if len(row) == 2 && row[0] == "Financiële schendingen" && row[1] == "2" {
				found = true
			}
		}
		if !found {
			t.Errorf("financial 2 not on the category sheet: %v", rows)
		}
	})

	t.Run("pdf", func(t *testing.T) {
		var b bytes.Buffer
		if err := doc.WritePDF(t, &b, "Inhoudsopgave", "pagina %d van %d"); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b.Bytes(), []byte("%PDF")) {
			t.Fatal("not a PDF")
		}
		text := pdfText(t, b.Bytes())
		for _, want := range []string{"Jaarverslag integriteit 2024", "Inhoudsopgave", "Financiële schendingen", "privéaangelegenheid",
			"‘integriteit’", "pagina 2 van", "Bijlage: definities"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF text lacks %q", want)
			}
		}
	})
}
