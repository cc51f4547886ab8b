package register

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
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

// problem is the limit as a problem of the workbook named, or of its sheet.
func (e *limitError) problem(workbook string) RowProblem {
	name := workbook
	if e.sheet != "" {
		name = e.sheet
	}
	p := newProblem(name, 0, "", e.key, e.args...)
	p.Workbook, p.Sheet = workbook, e.sheet
	return p
}

// ReadWorkbook turns each sheet of an XLSX workbook into CSV bytes, by
// sheet name (lower case), so that the same parsers read both. Text cells
// are read as typed; a date cell, in any date format (Excel's built-in
// ones such as format 14, LibreOffice's own), as yyyy-mm-dd; a number shown
// with a currency or thousands separators as the plain number (1250.5),
// see plainFormats. The rows are streamed from the
// sheet's XML, never held as a whole, and nothing is written to disk. A
// workbook past its bounds (WorkbookMaxBytes, MaxRows) is refused with an
// error before it is read further.
func ReadWorkbook(b []byte) (map[string][]byte, error) {
	sheets, err := readWorkbook(b)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, s := range sheets {
		out[strings.ToLower(strings.TrimSpace(s.name))] = s.csv
	}
	return out, nil
}

// sheet is one sheet of a workbook: its name as typed, its rows as CSV.
type sheet struct {
	name string
	csv  []byte
}

// readWorkbook is ReadWorkbook, sheet by sheet in the workbook's order.
func readWorkbook(b []byte) ([]sheet, error) {
	if err := checkUnzipped(b); err != nil {
		return nil, err
	}
	// UnzipXMLSizeLimit as large as the whole: no part goes to a temporary
	// file, which excelize would write for a large sheet.
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		UnzipSizeLimit: WorkbookMaxBytes, UnzipXMLSizeLimit: WorkbookMaxBytes, ShortDatePattern: isoDate})
	if err != nil {
		return nil, fmt.Errorf("register: workbook: %w", err)
	}
	defer f.Close()
	if err := plainFormats(f); err != nil {
		return nil, fmt.Errorf("register: workbook: %w", err)
	}
	var out []sheet
	budget := WorkbookMaxBytes
	for _, name := range f.GetSheetList() {
		csvBytes, err := readSheet(f, name, &budget)
		if err != nil {
			return nil, err
		}
		out = append(out, sheet{name: name, csv: csvBytes})
	}
	return out, nil
}

// isoDate is the format every date cell is read in: what the parsers read.
const isoDate = "yyyy-mm-dd"

// Built-in number formats (ECMA-376 part 1, 18.8.30) that show a date, and
// those that show an amount with thousands separators or a currency sign.
// The ids 27–36 and 50–58 are the East Asian dates.
var (
	builtInDates   = []int{14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58}
	builtInAmounts = []int{3, 4, 5, 6, 7, 8, 37, 38, 39, 40, 41, 42, 43, 44}
)

// plainFormats changes the number formats of the opened workbook, so that
// its cells are read in the notation the parsers take, not as excelize
// would show them (in American notation: "01-03-26" for Excel's default
// date, "03/01/26" for LibreOffice's dd/mm/yy, "€ 1,250.50"): every date
// format becomes yyyy-mm-dd (the built-in ones become format 14, which
// excelize shows in Options.ShortDatePattern), and a format with thousands
// separators or a currency becomes General, the plain number. Other
// formats (0.00, text) are kept. Only the file in memory changes; it is
// read and never written.
func plainFormats(f *excelize.File) error {
	if _, err := f.GetStyle(0); err != nil && f.Styles == nil {
		return err
	}
	ss := f.Styles
	if ss == nil {
		return nil
	}
	if ss.NumFmts != nil {
		for _, nf := range ss.NumFmts.NumFmt {
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			switch {
			case isDateFormat(code):
				nf.FormatCode, nf.FormatCode16 = isoDate, ""
			case isAmountFormat(code):
				nf.FormatCode, nf.FormatCode16 = "General", ""
			}
		}
	}
	if ss.CellXfs != nil {
		for i := range ss.CellXfs.Xf {
			id := ss.CellXfs.Xf[i].NumFmtID
			switch {
			case id == nil:
			case slices.Contains(builtInDates, *id):
				ss.CellXfs.Xf[i].NumFmtID = ptr(14)
			case slices.Contains(builtInAmounts, *id):
				ss.CellXfs.Xf[i].NumFmtID = ptr(0)
			}
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// formatTokens is a format code without its literal text ("…", \x) and
// bracketed parts ([Red], [$€-413], [h]), in lower case: what is left are
// the format's own symbols.
func formatTokens(code string) string {
	var b strings.Builder
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quoted:
			quoted = c != '"'
		case bracket:
			bracket = c != ']'
		case c == '"':
			quoted = true
		case c == '[':
			bracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal, a space's width or a fill
		default:
			b.WriteByte(c)
		}
	}
	return strings.ToLower(b.String())
}

// isDateFormat reports whether a format code shows a date: it has a day or
// a year (a month alone, m, could be minutes).
func isDateFormat(code string) bool {
	t := formatTokens(code)
	return t != "general" && strings.ContainsAny(t, "dy")
}

// isAmountFormat reports whether a format code shows a number with
// thousands separators or a currency sign.
func isAmountFormat(code string) bool {
	return strings.Contains(formatTokens(code), ",") || strings.Contains(code, "€") || strings.Contains(code, "[$")
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
