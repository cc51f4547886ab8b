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

// TestDefect_ReportWorkbookTypedCells: in the report's workbook the years
// of a trend were text and an activity's date was text. Years are numbers
// and dates date cells. (The gifts' total value has its own cell:
// TestDefect_GiftTotalInSentence.)
func TestDefect_ReportWorkbookTypedCells(t *testing.T) {
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
	var b bytes.Buffer
	if err := r.Document(nil, "nl").WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	// The trend: a year per row, a number.
	rows := sheetWith(t, f, "Jaar")
	years := 0
	for i, row := range rows.rows {
		if len(row) == 0 {
			continue
		}
		if y, err := strconv.Atoi(row[0]); err == nil && y > 2000 {
			ref, _ := excelize.CoordinatesToCellName(1, i+1)
			if typ, _ := f.GetCellType(rows.sheet, ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s!%s, the year %d, is of type %v, want a number", rows.sheet, ref, y, typ)
			}
			years++
		}
	}
	if years < 2 {
		t.Errorf("no years on %s: %v", rows.sheet, rows.rows)
	}

	// The activities: a date cell shown dd-mm-yyyy, the attendance a number.
	act, err := f.GetRows("Activiteiten")
	if err != nil || len(act) < 3 {
		t.Fatalf("activities: %v, %v", act, err)
	}
	if v, _ := f.GetCellValue("Activiteiten", "A3", excelize.Options{RawCellValue: true}); v != "44277" || act[2][0] != "22-03-2021" {
		t.Errorf("the first activity's date is %q shown as %q, want the serial 44277 shown as 22-03-2021", v, act[2][0])
	}
	if typ, _ := f.GetCellType("Activiteiten", "E3"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("the attendance is of type %v", typ)
	}
}

type sheetRows struct {
	sheet string
	rows  [][]string
}

// sheetWith is the first sheet whose second row (the header) starts with head.
func sheetWith(t *testing.T, f *excelize.File, head string) sheetRows {
	t.Helper()
	for _, s := range f.GetSheetList() {
		rows, _ := f.GetRows(s)
		if len(rows) > 2 && len(rows[1]) > 0 && rows[1][0] == head {
			return sheetRows{s, rows}
		}
	}
	t.Fatalf("no sheet with the header %q", head)
	return sheetRows{}
}
