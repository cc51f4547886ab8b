package web

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExport(t *testing.T) {
	s := &Server{}
	tbl := table{Name: "lijst", Title: "Adviesvragen 2026", Headers: []string{"Datum", "Onderwerp"},
		Rows: [][]any{{"03-02-2026", "Geschenken en uitnodigingen"}, {"04-02-2026", "=HYPERLINK(\"x\")"}}}
	w := httptest.NewRecorder()
	if err := s.export(w, "csv", tbl); err != nil {
		t.Fatal(err)
	}
	body := w.Body.String()
	if !strings.HasPrefix(body, "\ufeffDatum;Onderwerp\n") || !strings.Contains(body, "03-02-2026;Geschenken en uitnodigingen") ||
		!strings.Contains(body, `'=HYPERLINK`) || !strings.Contains(w.Header().Get("Content-Disposition"), "lijst.csv") {
		t.Fatalf("csv = %q", body)
	}
	w = httptest.NewRecorder()
	if err := s.export(w, "xlsx", tbl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Adviesvragen 2026")
	if err != nil || len(rows) != 3 || rows[1][1] != "Geschenken en uitnodigingen" {
		t.Fatalf("xlsx rows = %v, %v", rows, err)
	}
	if sheetName("a/b:c[d]*?e\\fghijklmnopqrstuvwxyz0123456789") != "a-b-c-d---e-fghijklmnopqrstuvwx" {
		t.Errorf("sheetName = %q", sheetName("a/b:c[d]*?e\\fghijklmnopqrstuvwxyz0123456789"))
	}
}
