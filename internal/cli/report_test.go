package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/report"
)

// TestReport imports the Helmond registers and writes the 2021 report in
// every format.
func TestReport(t *testing.T) {
	dir := t.TempDir()
	data := []string{"--data", dir}
	if r := run(t, nil, append(append([]string{"org", "add"}, data...), "helmond", "Gemeente Helmond")...); r.code != 0 {
		t.Fatalf("org add: %+v", r)
	}
	fixture, _ := filepath.Glob("../report/testdata/helmond-2021/*.csv")
	if r := run(t, nil, append(append([]string{"import", "--org", "helmond"}, data...), fixture...)...); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	args := func(extra ...string) []string {
		return append(append([]string{"report", "--org", "helmond", "--year", "2021"}, data...), extra...)
	}

	r := run(t, nil, args("--format", "json")...)
	var doc map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &doc) != nil {
		t.Fatalf("json: %+v", r)
	}
	if n := doc["reports"].(map[string]any)["total"]; n != float64(10) {
		t.Errorf("reports.total = %v", n)
	}
	r = run(t, nil, args("--format", "json", "--suppress", "5")...)
	if !strings.Contains(r.stdout, `"suppressed": true`) || !strings.Contains(r.stdout, `"financial": null`) {
		t.Errorf("suppressed json: %.300s", r.stdout)
	}

	// The PDF needs Chromium: without it (a developer's laptop) the command
	// fails and writes nothing; CI has it and requires it.
	out := filepath.Join(dir, "jaarverslag.pdf")
	r = run(t, nil, args("--format", "pdf", "-o", out)...)
	switch {
	case report.NewPDFEngine("").Available():
		if r.code != 0 {
			t.Fatalf("pdf: %+v", r)
		}
		if b, _ := os.ReadFile(out); !strings.HasPrefix(string(b), "%PDF") {
			t.Error("not a PDF")
		}
	case dbtest.RequireAll():
		t.Fatal("the annual report's PDF needs Chromium (Debian: apt-get install chromium) [" + dbtest.EnvRequireAll + "=1]")
	default:
		if _, err := os.Stat(out); r.code == 0 || err == nil {
			t.Errorf("pdf without Chromium: exit %d, file written: %v", r.code, err == nil)
		}
		t.Log("Chromium not found: the PDF command was checked to fail and write nothing")
	}
	out = filepath.Join(dir, "jaarverslag.xlsx")
	if r := run(t, nil, args("--format", "xlsx", "-o", out)...); r.code != 0 {
		t.Fatalf("xlsx: %+v", r)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := f.GetRows("Meldingen per jaar"); len(rows) < 2+11 || rows[12][1] != "10" {
		t.Errorf("trend sheet: %v", rows)
	}
	f.Close()
	r = run(t, nil, args("--format", "html")...)
	if r.code != 0 || !strings.Contains(r.stdout, "@media print") || !strings.Contains(r.stdout, `role="img"`) {
		t.Errorf("html: %d %.200s", r.code, r.stdout)
	}

	if r := run(t, nil, args("--format", "docx")...); r.code != 2 {
		t.Errorf("unknown format: %+v", r)
	}
	if r := run(t, nil, append([]string{"report", "--org", "helmond", "--format", "json"}, data...)...); r.code != 2 {
		t.Errorf("no year: %+v", r)
	}
}
