package register

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/i18n"
)

// uitlegSheet is the template workbook's sheet explaining the columns; an
// import skips it.
const uitlegSheet = "uitleg"

// ReadWorkbook turns each sheet of an XLSX workbook into CSV bytes, by
// sheet name (lower case), so that the same parsers read both. Cells are
// read as the spreadsheet shows them; a date cell formatted otherwise than
// yyyy-mm-dd is written as yyyy-mm-dd.
func ReadWorkbook(b []byte) (map[string][]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("register: workbook: %w", err)
	}
	defer f.Close()
	out := map[string][]byte{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: false})
		if err != nil {
			return nil, fmt.Errorf("register: workbook sheet %s: %w", sheet, err)
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				return nil, err
			}
		}
		w.Flush()
		out[strings.ToLower(strings.TrimSpace(sheet))] = buf.Bytes()
	}
	return out, nil
}

// WriteTemplate writes the template as a workbook: a sheet per file with
// its header row and one example row, every cell as text (so that dates
// and refs stay as typed), and a sheet "uitleg" describing every column in
// Dutch.
func WriteTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49})
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", uitlegSheet); err != nil {
		return err
	}
	explain := [][]string{
		{"Sjabloon voor de registers van Integer"},
		{"Elk tabblad is één bestand van het sjabloon (ook als CSV te importeren: de naam van het tabblad + .csv)."},
		{"Datums als jjjj-mm-dd. Lijsten in één cel gescheiden door ;. Een code mag ook als Nederlandse omschrijving."},
		{"Een lege cel betekent onbekend of geen. De import is alles of niets: één foute rij en er wordt niets opgeslagen."},
		{},
		{"tabblad", "kolom", "verplicht", "soort", "uitleg", "codes"},
	}
	for _, file := range Template {
		explain = append(explain, []string{file.Sheet(), "", "", "", "één rij is " + file.Help})
		for _, c := range file.Columns {
			req := "nee"
			if c.Required {
				req = "ja"
			}
			var codes []string
			for _, code := range c.Codes {
				codes = append(codes, code+" = "+codeLabel(c, code))
			}
			explain = append(explain, []string{"", c.Name, req, kindLabel(c.Kind), c.Help, strings.Join(codes, "; ")})
		}
	}
	for i, row := range explain {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr(uitlegSheet, cell, v); err != nil {
				return err
			}
		}
	}
	_ = f.SetColWidth(uitlegSheet, "A", "B", 24)
	_ = f.SetColWidth(uitlegSheet, "E", "E", 70)
	for _, file := range Template {
		sheet := file.Sheet()
		if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		for j, c := range file.Columns {
			h, _ := excelize.CoordinatesToCellName(j+1, 1)
			e, _ := excelize.CoordinatesToCellName(j+1, 2)
			if err := f.SetCellStr(sheet, h, c.Name); err != nil {
				return err
			}
			if err := f.SetCellStr(sheet, e, c.Example); err != nil {
				return err
			}
		}
		last, _ := excelize.ColumnNumberToName(len(file.Columns))
		_ = f.SetColStyle(sheet, "A:"+last, text)
		_ = f.SetCellStyle(sheet, "A1", last+"1", bold)
		_ = f.SetColWidth(sheet, "A", last, 18)
	}
	_, err = f.WriteTo(w)
	return err
}

func kindLabel(kind string) string {
	return catalog().T(i18n.Dutch, "import.kind."+strings.ReplaceAll(kind, "/", "_"))
}
