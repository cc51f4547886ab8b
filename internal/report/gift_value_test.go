package report_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_GiftTotalInSentence: the report workbook had the gifts' total
// value only inside a sentence ("Totale geschatte waarde: € 1.330,50."),
// which a spreadsheet cannot sum. It has a cell of its own: a number in
// euros shown with the money format.
func TestDefect_GiftTotalInSentence(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	orgID := importHelmond(t, st)
	if _, err := register.Import(context.Background(), st, store.CLI, orgID, map[string][]byte{
		"gifts.csv": []byte("date,recipient_ref,giver,description,value_eur,decision\n" +
			"2021-12-15,E21-001,Leverancier,Kerstpakket,45,accepted\n2021-12-16,E21-002,Aannemer,Fles wijn,1285.5,declined\n"),
	}); err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(context.Background(), st, orgID, 2021, report.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"nl", "en"} {
		var b bytes.Buffer
		if err := r.Document(nil, lang).WriteXLSX(&b); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		found := ""
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			for i, row := range rows {
				for j, v := range row {
					if x, err := strconv.ParseFloat(v, 64); err != nil || x != 1330.5 {
						continue
					}
					ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
					typ, _ := f.GetCellType(sheet, ref)
					style, _ := f.GetCellStyle(sheet, ref)
					st, _ := f.GetStyle(style)
					if (typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber) && st != nil && st.CustomNumFmt != nil && *st.CustomNumFmt == report.MoneyFormat {
						found = sheet + "!" + ref
					}
				}
			}
		}
		f.Close()
		if found == "" {
			t.Errorf("%s: no cell holds the gifts' total value 1330.5 as a number in euros", lang)
		}
	}
}
