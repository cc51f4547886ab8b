package register

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// libreOfficeWorkbook is a workbook LibreOffice wrote (7.4, Debian 12):
//
//	soffice --headless --convert-to xlsx testdata/libreoffice/registers.fods
//
// Its date cells are real dates with LibreOffice's formats (dd/mm/yy,
// yyyy-mm-dd, d mmmm yyyy), the gift's value a currency cell (€ 1.250,50),
// the attendance a number with a thousands separator, the hours a decimal.
const libreOfficeWorkbook = "testdata/libreoffice/registers.xlsx"

// sheetRows reads one sheet of ReadWorkbook's result back as rows.
func sheetRows(t *testing.T, sheets map[string][]byte, name string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(sheets[name])).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

// TestDefect_XLSXImportReadsDateCells: an import refused real date cells,
// because they were read as shown in an American notation ("01-03-26" for
// Excel's format 14, "03/01/26" for LibreOffice's dd/mm/yy), and amounts
// in a currency format ("€ 1,250.50"). Every date cell now reads as
// yyyy-mm-dd and every number as the plain number, whatever its format; a
// date typed as text is read as typed.
func TestDefect_XLSXImportReadsDateCells(t *testing.T) {
	b, err := os.ReadFile(libreOfficeWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	sheets, err := ReadWorkbook(b)
	if err != nil {
		t.Fatal(err)
	}
	for sheet, want := range map[string][][]string{
		"people": {{"ref", "employment", "start_on", "oath_on", "oath_kind"},
			{"E-0001", "Vast", "2026-01-03", "2026-01-15", "eed"},
			{"E-0002", "permanent", "2025-11-30", "02-02-2026", "oath"}},
		"gifts": {{"date", "recipient_ref", "giver", "description", "value_eur", "decision"},
			{"2026-02-14", "E-0001", "Leverancier", "Bloemen", "1250.5", "declined"}},
		"activities": {{"date", "title", "kind", "audience", "attendance"},
			{"2026-03-22", "Dilemmasessie", "dilemma_session", "council", "1250"}},
		"adviser_contacts": {{"adviser", "date", "kind", "hours", "first_contact"},
			{"VP intern A", "2026-01-05", "conversation", "0.75", "ja"}},
	} {
		if diff := cmp.Diff(want, sheetRows(t, sheets, sheet)); diff != "" {
			t.Errorf("LibreOffice's sheet %s (-want +got):\n%s", sheet, diff)
		}
	}

	// Excel's own formats: 14 (the default short date, shown by excelize as
	// 01-03-26), 15 (d-mmm-yy), 22 (date and time), 4 (#,##0.00) and 7
	// (a currency).
	excel := excelizeWorkbook(t, map[int]any{14: 46025.0, 15: 46026.0, 22: 46027.5, 4: 1250.5, 7: 12.5})
	got := sheetRows(t, mustReadWorkbook(t, excel), "numbers")
	want := [][]string{{"14", "15", "22", "4", "7"}, {"2026-01-03", "2026-01-04", "2026-01-05", "1250.5", "12.5"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Excel's formats (-want +got):\n%s", diff)
	}

	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "libre")
		res, err := Import(ctx, s, store.CLI, org.ID, map[string][]byte{"registers.xlsx": b})
		if err != nil {
			t.Fatal(err)
		}
		for file, n := range map[string]int{PeopleFile: 2, GiftsFile: 1, ActivitiesFile: 1, AdviserContactsFile: 1} {
			if c := res.Count(file); c.Created != n {
				t.Errorf("%s: %+v, want %d created", file, c, n)
			}
		}
		gifts, err := s.Gifts(ctx, org.ID, store.GiftFilter{})
		if err != nil || len(gifts) != 1 {
			t.Fatalf("gifts %v, %v", gifts, err)
		}
		if g := gifts[0]; g.ValueCents != 125050 || g.OfferedOn.In(domain.Amsterdam()).Format(time.DateOnly) != "2026-02-14" {
			t.Errorf("gift %d cents on %s, want 125050 on 2026-02-14", g.ValueCents, g.OfferedOn)
		}
	})
}

// excelizeWorkbook is a workbook with a sheet "numbers": a header row of
// built-in format ids and a row of the values in those formats.
func excelizeWorkbook(t *testing.T, values map[int]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "numbers"); err != nil {
		t.Fatal(err)
	}
	col := 1
	for _, id := range []int{14, 15, 22, 4, 7} {
		style, err := f.NewStyle(&excelize.Style{NumFmt: id})
		if err != nil {
			t.Fatal(err)
		}
		head, _ := excelize.CoordinatesToCellName(col, 1)
		cell, _ := excelize.CoordinatesToCellName(col, 2)
		_ = f.SetCellStr("numbers", head, strconv.Itoa(id))
		_ = f.SetCellValue("numbers", cell, values[id])
		_ = f.SetCellStyle("numbers", cell, cell, style)
		col++
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustReadWorkbook(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	sheets, err := ReadWorkbook(b)
	if err != nil {
		t.Fatal(err)
	}
	return sheets
}

// TestDefect_XLSXProblemsNameTheSheet: a problem in a sheet of people.xlsx
// was named "people.csv, rij 2", a file the user never had. It names the
// workbook and the sheet, as typed.
func TestDefect_XLSXProblemsNameTheSheet(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetSheetName("Sheet1", "People")
	_ = f.SetSheetRow("People", "A1", &[]any{"ref", "employment", "start_on"})
	_ = f.SetSheetRow("People", "A2", &[]any{"E-0001", "permanent", "gisteren"})
	_, _ = f.NewSheet("giften")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		org := mustOrg(t, s, "sheets")
		_, err := Import(context.Background(), s, store.CLI, org.ID, map[string][]byte{"people.xlsx": buf.Bytes()})
		problemsOf(t, err) // a *Problems
		got := err.Error()
		for _, want := range []string{
			"people.xlsx, tabblad People, rij 2, kolom start_on: 'gisteren' is geen datum.",
			"people.xlsx, tabblad giften: Onbekend tabblad. Gebruik de tabbladen van het sjabloon: positions, people, ",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("problems lack %q:\n%s", want, got)
			}
		}
		if strings.Contains(got, "people.csv") {
			t.Errorf("problems name a CSV file:\n%s", got)
		}
		var p *Problems
		if errors.As(err, &p) {
			en := p.List[len(p.List)-1].Text(catalog(), "en")
			if !strings.HasPrefix(en, "people.xlsx, sheet People, row 2, column start_on: ") {
				t.Errorf("in English: %q", en)
			}
		}
	})
}
