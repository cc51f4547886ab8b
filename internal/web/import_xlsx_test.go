package web_test

import (
	"bytes"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/domain"
)

// TestDefect_ImportPageNamesTheSheet: the import page named a problem in a
// sheet of people.xlsx "people.csv", and refused a workbook LibreOffice
// wrote, with real date cells. It takes that workbook and names its sheets;
// a problem names the workbook and the sheet, in the page's language.
func TestDefect_ImportPageNamesTheSheet(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	controller := e.session(e.user(org, "controller", domain.RoleController), domain.StateFull)
	lo, err := os.ReadFile("../register/testdata/libreoffice/registers.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	res := e.uploadTemplate(controller, map[string][]byte{"registers.xlsx": lo})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "registers.xlsx, tabblad gifts") {
		t.Fatalf("LibreOffice's workbook: %d\n%s", res.StatusCode, res.body)
	}

	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetSheetName("Sheet1", "People")
	_ = f.SetSheetRow("People", "A1", &[]any{"ref", "employment", "start_on"})
	_ = f.SetSheetRow("People", "A2", &[]any{"E-0009", "permanent", "gisteren"})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	res = e.uploadTemplate(controller, map[string][]byte{"people.xlsx": buf.Bytes()})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, `<td class="utrecht-table__cell">people.xlsx, tabblad People</td>`) ||
		strings.Contains(res.body, `<td class="utrecht-table__cell">people.csv`) || !strings.Contains(res.body, "Niets opgeslagen: 1 fout<") {
		t.Fatalf("a bad sheet: %d\n%s", res.StatusCode, res.body)
	}
}
