package register

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/i18n"
)

// uitlegSheet is the template workbook's sheet explaining the columns; an
// import skips it.
const uitlegSheet = "uitleg"

// Bounds of a workbook, checked before and while it is read, so that a
// small file that expands to gigabytes (a zip bomb) is refused in bounded
// time and memory: its parts together may decompress to at most
// WorkbookMaxBytes (the zip's sizes are checked before anything is
// unpacked, and archive/zip refuses a part that is larger than it says), the
// CSV made of its sheets may be at most as large, a sheet may have MaxRows
// data rows and a row maxCells cells.
const (
	WorkbookMaxBytes = 64 << 20
	maxCells         = 200
)

// limitError is a workbook past one of its bounds: the problem to show.
type limitError struct {
	sheet string
	key   string
	args  []any
}

func (e *limitError) Error() string { return fmt.Sprintf("register: workbook %s: %s", e.sheet, e.key) }

// problem is the limit as a problem of the file (or sheet) named.
func (e *limitError) problem(name string) RowProblem {
	if e.sheet != "" {
		name = e.sheet
	}
	return newProblem(name, 0, "", e.key, e.args...)
}

// ReadWorkbook turns each sheet of an XLSX workbook into CSV bytes, by
// sheet name (lower case), so that the same parsers read both. Cells are
// read as the spreadsheet shows them; a date cell formatted otherwise than
// yyyy-mm-dd is written as yyyy-mm-dd. The rows are streamed from the
// sheet's XML, never held as a whole, and nothing is written to disk. A
// workbook past its bounds (WorkbookMaxBytes, MaxRows) is refused with an
// error before it is read further.
func ReadWorkbook(b []byte) (map[string][]byte, error) {
	if err := checkUnzipped(b); err != nil {
		return nil, err
	}
	// UnzipXMLSizeLimit as large as the whole: no part goes to a temporary
	// file, which excelize would write for a large sheet.
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		UnzipSizeLimit: WorkbookMaxBytes, UnzipXMLSizeLimit: WorkbookMaxBytes})
	if err != nil {
		return nil, fmt.Errorf("register: workbook: %w", err)
	}
	defer f.Close()
	out := map[string][]byte{}
	budget := WorkbookMaxBytes
	for _, sheet := range f.GetSheetList() {
		csvBytes, err := readSheet(f, sheet, &budget)
		if err != nil {
			return nil, err
		}
		out[strings.ToLower(strings.TrimSpace(sheet))] = csvBytes
	}
	return out, nil
}

// checkUnzipped refuses a zip whose parts say they decompress to more than
// WorkbookMaxBytes together, before anything is decompressed. (A part that
// holds more than it says fails as it is read.)
func checkUnzipped(b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return fmt.Errorf("register: workbook: %w", err)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > WorkbookMaxBytes || f.UncompressedSize64 > WorkbookMaxBytes {
			return &limitError{key: "err.import_workbook_too_large", args: []any{WorkbookMaxBytes >> 20}}
		}
	}
	return nil
}

// readSheet streams one sheet's rows into CSV, spending budget (the bytes of
// CSV the whole workbook may still make): a sheet past MaxRows data rows,
// a row past maxCells cells or CSV past the budget is a *limitError. Empty
// rows at the end are left out, as excelize's GetRows does.
func readSheet(f *excelize.File, sheet string, budget *int) ([]byte, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("register: workbook sheet %s: %w", sheet, err)
	}
	defer rows.Close()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	n, empty := 0, 0 // rows read; empty rows not yet written
	for rows.Next() {
		if n++; n > excelize.TotalRows {
			return nil, &limitError{sheet: sheet, key: "err.import_too_many_rows", args: []any{MaxRows}}
		}
		cells, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("register: workbook sheet %s row %d: %w", sheet, n, err)
		}
		if len(cells) == 0 {
			empty++ // written only when a row with cells follows
			continue
		}
		if n > MaxRows+1 { // the header and MaxRows data rows
			return nil, &limitError{sheet: sheet, key: "err.import_too_many_rows", args: []any{MaxRows}}
		}
		if len(cells) > maxCells {
			return nil, &limitError{sheet: sheet, key: "err.import_too_many_columns", args: []any{maxCells}}
		}
		size := empty + 1
		for _, c := range cells {
			size += len(c) + 3 // a separator and perhaps two quotes
		}
		if *budget -= size; *budget < 0 {
			return nil, &limitError{key: "err.import_workbook_too_large", args: []any{WorkbookMaxBytes >> 20}}
		}
		for ; empty > 0; empty-- {
			if err := w.Write(nil); err != nil {
				return nil, err
			}
		}
		if err := w.Write(cells); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		if errors.Is(err, excelize.ErrMaxRows) {
			return nil, &limitError{sheet: sheet, key: "err.import_too_many_rows", args: []any{MaxRows}}
		}
		return nil, fmt.Errorf("register: workbook sheet %s: %w", sheet, err)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
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
