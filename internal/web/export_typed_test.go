package web_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/store"
)

// typedWant is what one column of an exported workbook must hold in its
// first data row: a date cell (the serial of the date, shown dd-mm-yyyy), an
// amount (a number shown in euros) or a plain number.
type typedWant struct {
	header string
	kind   string // "date", "money", "number"
	value  string // the date as YYYY-MM-DD, or the number
}

// TestDefect_ListExportsHoldTypedCells: every list exported as a workbook
// held only text cells ("01-12-2026", "12,50"), which a spreadsheet cannot
// sum or sort. Each list, filled by the register template's example rows,
// must hold dates as date cells and counts, hours and amounts as numbers.
func TestDefect_ListExportsHoldTypedCells(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	hr := e.session(e.user(org, "pieter", domain.RoleHR), domain.StateFull)
	coord := e.session(e.user(org, "coord", domain.RoleCoordinator), domain.StateFull)
	clerk := e.session(e.user(org, "griffier", domain.RoleClerk), domain.StateFull)
	ctrl := e.session(e.user(org, "ctrl", domain.RoleController), domain.StateFull)
	_, vp := e.advAdviserIn(org, "vpa", "internal")
	importTemplateExamples(t, e, org, "vpa")

	for _, tc := range []struct {
		path, cookie string
		want         []typedWant
	}{
		{"/helmond/advice?format=xlsx", coord, []typedWant{{"Datum ontvangst", "date", "2021-02-01"}}},
		{"/helmond/aggression?year=2021&format=xlsx", hr, []typedWant{{"Datum incident", "date", "2021-04-12"}}},
		{"/helmond/gifts?year=2021&format=xlsx", hr, []typedWant{{"Datum aangeboden", "date", "2021-12-15"}, {"Waarde (EUR)", "money", "45"}}},
		{"/helmond/gifts/overview?year=2021&format=xlsx", hr, []typedWant{{"Aantal", "number", "1"}, {"Waarde (EUR)", "money", "45"}}},
		{"/helmond/outside-activities?format=xlsx", hr, []typedWant{{"Datum melding", "date", ""}, {"Uren per maand", "number", "4"}}},
		{"/helmond/people?format=xlsx", hr, []typedWant{{"Datum in dienst", "date", "2021-01-04"}}},
		{"/helmond/activities?year=2021&format=xlsx", hr, []typedWant{{"Datum", "date", "2021-03-22"}, {"Aantal deelnemers", "number", "25"}}},
		{"/helmond/council/questions?year=2021&format=xlsx", clerk, []typedWant{{"Datum", "date", "2021-01-04"}}},
		{"/helmond/adviser/cases?state=all&year=all&format=xlsx", vp, []typedWant{{"Geopend op", "date", "2021-01-04"}, {"Contacten", "number", "1"}, {"Uren", "number", "0.75"}}},
		{"/helmond/adviser/contacts?year=2021&format=xlsx", vp, []typedWant{{"Datum", "date", "2021-01-04"}, {"Uren", "number", "0.75"}}},
		{"/helmond/adviser/activities?year=2021&format=xlsx", vp, []typedWant{{"Datum", "date", "2021-01-18"}, {"Uren", "number", "4"}}},
		{"/helmond/advisers?year=2021&format=xlsx", ctrl, []typedWant{{"Waarde", "numbers", ""}}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res := e.get(tc.cookie, tc.path)
			if res.StatusCode != 200 {
				t.Fatalf("%d\n%s", res.StatusCode, res.body)
			}
			f, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
			if err != nil {
				t.Fatal(err)
			}
			sheet := f.GetSheetName(0)
			rows, _ := f.GetRows(sheet)
			if len(rows) < 2 {
				t.Fatalf("no data rows: %v", rows)
			}
			for _, w := range tc.want {
				col := -1
				for i, h := range rows[0] {
					if h == w.header && col < 0 {
						col = i
					}
				}
				if col < 0 {
					t.Fatalf("no column %q in %v", w.header, rows[0])
				}
				if w.kind == "numbers" {
					checkNumberColumn(t, f, sheet, rows, col)
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(col+1, 2)
				checkTypedCell(t, f, sheet, ref, w)
			}
		})
	}
}

// checkTypedCell checks that the cell holds a number (not text) with the
// display format of its kind, and the wanted value when one is given.
func checkTypedCell(t *testing.T, f *excelize.File, sheet, ref string, w typedWant) {
	t.Helper()
	typ, _ := f.GetCellType(sheet, ref)
	raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	shown, _ := f.GetCellValue(sheet, ref)
	n, err := strconv.ParseFloat(raw, 64)
	if (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) || err != nil {
		t.Fatalf("%s (%s) is %q of type %v, want a number", ref, w.header, raw, typ)
	}
	format := cellFormat(t, f, sheet, ref)
	switch w.kind {
	case "date":
		if format != "dd-mm-yyyy" {
			t.Errorf("%s (%s) has format %q, want dd-mm-yyyy", ref, w.header, format)
		}
		if w.value != "" {
			d, _ := time.Parse("2006-01-02", w.value)
			if want := d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24; n != want {
				t.Errorf("%s (%s) = %v, want the serial %v of %s", ref, w.header, n, want, w.value)
			}
			if want := d.Format("02-01-2006"); shown != want {
				t.Errorf("%s (%s) is shown as %q, want %q", ref, w.header, shown, want)
			}
		}
	case "money":
		if !strings.Contains(format, "€") || !strings.Contains(format, "0.00") {
			t.Errorf("%s (%s) has format %q, want euros with two decimals", ref, w.header, format)
		}
	}
	if w.kind != "date" && w.value != "" && raw != w.value {
		t.Errorf("%s (%s) = %q, want %s", ref, w.header, raw, w.value)
	}
}

// checkNumberColumn checks that every cell of the column that shows a whole
// number holds one (a hidden small count, "< 3", stays text), and that
// there is at least one.
func checkNumberColumn(t *testing.T, f *excelize.File, sheet string, rows [][]string, col int) {
	t.Helper()
	numbers := 0
	for i := 1; i < len(rows); i++ {
		if col >= len(rows[i]) {
			continue
		}
		if _, err := strconv.Atoi(rows[i][col]); err != nil {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(col+1, i+1)
		if typ, _ := f.GetCellType(sheet, ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s = %q is of type %v, want a number", ref, rows[i][col], typ)
		}
		numbers++
	}
	if numbers == 0 {
		t.Errorf("no numbers in column %d: %v", col+1, rows)
	}
}

// cellFormat is the number format code of a cell ("" for General).
func cellFormat(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st == nil {
		return ""
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return ""
}

// importTemplateExamples imports the register template's example rows into
// org, its adviser's rows as the adviser's.
func importTemplateExamples(t *testing.T, e *env, org *domain.Organisation, adviser string) {
	t.Helper()
	var buf bytes.Buffer
	if err := register.WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	files, err := register.ReadWorkbook(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if strings.HasPrefix(name, "uitleg") {
			delete(files, name)
			continue
		}
		files[name] = bytes.ReplaceAll(b, []byte("VP intern A"), []byte(adviser))
	}
	if _, err := register.Import(context.Background(), e.store, store.CLI, org.ID, files); err != nil {
		t.Fatal(err)
	}
}
