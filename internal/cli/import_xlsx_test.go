package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDefect_ImportSpeaksDutch: a refused import listed its problems in
// Dutch and then said "integer import: 1 problems; nothing stored" in
// English; and a workbook's sheets were named as CSV files. The summary is
// Dutch like the problems, with the right plural, and a workbook's sheet is
// named as such.
func TestDefect_ImportSpeaksDutch(t *testing.T) {
	dir := t.TempDir()
	flag := []string{"--data", dir}
	if r := run(t, nil, append(append([]string{"org", "add"}, flag...), "libre", "Libre")...); r.code != 0 {
		t.Fatalf("org add: %+v", r)
	}
	bad := filepath.Join(t.TempDir(), "yearly_counts.csv")
	if err := os.WriteFile(bad, []byte("year,measure,count\n2010,reports,veel\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, append(append([]string{"import", "--lang", "nl", "--org", "libre"}, flag...), bad)...)
	if r.code != 1 || !strings.HasSuffix(r.stderr, "integer import: 1 probleem; er is niets opgeslagen\n") || strings.Contains(r.stderr, "nothing stored") {
		t.Fatalf("bad import: %+v", r)
	}
	r = run(t, nil, append(append([]string{"import", "--lang", "nl", "--org", "libre"}, flag...), "../register/testdata/libreoffice/registers.xlsx")...)
	if r.code != 0 || !strings.Contains(r.stdout, "registers.xlsx, tabblad gifts") {
		t.Fatalf("workbook import: %+v", r)
	}
}
