package web

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
)

// table is a list as people export it: a title, column headers and rows in
// the page's language. A row's values are text (string) or typed cells
// (cell): a date, a number, an amount.
type table struct {
	Name    string // file name without extension, e.g. "adviesvragen-2026"
	Title   string // sheet name
	Headers []string
	Rows    [][]any
}

// cell is a typed value of an exported list: the CSV holds its text as the
// page shows it, the workbook its value, with a Dutch display format, so
// that dates sort and amounts sum.
type cell struct {
	text  string
	value any // int or float64; nil: an empty cell
	kind  cellKind
}

type cellKind int

const (
	kindNumber cellKind = iota // an integer or decimal (hours), shown as is
	kindDate                   // value is the date's serial (report.DateSerial)
	kindMoney                  // value is euros, shown as € 3.330,00
)

// dayCell is the date a moment falls on in Amsterdam, as pages show it
// (01-12-2026); the zero time is an empty cell.
func dayCell(t time.Time) cell {
	d := domain.DateOf(t)
	if d.IsZero() {
		return cell{}
	}
	return cell{text: d.Display(), value: report.DateSerial(d), kind: kindDate}
}

// optDayCell is dayCell of *t, and an empty cell for nil.
func optDayCell(t *time.Time) cell {
	if t == nil {
		return cell{}
	}
	return dayCell(*t)
}

// intCell is a count or another whole number.
func intCell(n int) cell { return cell{text: strconv.Itoa(n), value: n} }

// moneyCell is an amount in cents; the CSV shows it as the pages' form does
// (3.330,00).
func moneyCell(cents int64) cell {
	return cell{text: domain.FormatEuroPlain(cents), value: float64(cents) / 100, kind: kindMoney}
}

// hoursCell is a number of hours, written as the page writes it in lang.
func hoursCell(h float64, lang string) cell {
	return cell{text: domain.FormatHours(h, lang), value: h}
}

// euroCell is an amount in whole euros; the CSV shows the number (1200).
func euroCell(eur int64) cell {
	return cell{text: strconv.FormatInt(eur, 10), value: float64(eur), kind: kindMoney}
}

// numberCell is a figure as a page shows it: a whole number ("12") becomes a
// number, anything else ("< 5", "") stays text.
func numberCell(s string) any {
	if n, err := strconv.Atoi(s); err == nil {
		return cell{text: s, value: n}
	}
	return s
}

// cellText is a row value as the CSV writes it.
func cellText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case cell:
		return v.text
	}
	return fmt.Sprint(v)
}

// exportFormat returns "csv" or "xlsx" when the request asks for an export
// (?format=csv or ?format=xlsx), else "".
func exportFormat(r *http.Request) string {
	switch f := r.URL.Query().Get("format"); f {
	case "csv", "xlsx":
		return f
	}
	return ""
}

// export writes t as a download in format. Exports are audited by the
// caller, who knows what was exported.
func (s *Server) export(w http.ResponseWriter, format string, t table) error {
	w.Header().Set("Cache-Control", "no-store")
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+t.Name+`.csv"`)
		// A byte-order mark makes Excel read the UTF-8 (ë, é) correctly.
		if _, err := w.Write([]byte("\ufeff")); err != nil {
			return err
		}
		cw := csv.NewWriter(w)
		cw.Comma = ';' // what Dutch spreadsheet programs expect
		if err := cw.Write(t.Headers); err != nil {
			return err
		}
		for _, row := range t.Rows {
			text := make([]string, len(row))
			for i, v := range row {
				text[i] = cellText(v)
			}
			if err := cw.Write(neutralise(text)); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+t.Name+`.xlsx"`)
		return writeWorkbook(w, t)
	}
	return fmt.Errorf("web: unknown export format %q", format)
}

// writeWorkbook writes t as a workbook of one sheet: a bold header row that
// stays in view, then the rows, streamed. Text is always a text cell (never
// a formula); a typed cell is a number with its display format.
func writeWorkbook(w io.Writer, t table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetName(t.Title)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	styles, err := report.NewCellStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if len(t.Headers) > 0 {
		if err := sw.SetColWidth(1, len(t.Headers), 16); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(t.Headers))
	for i, h := range t.Headers {
		head[i] = excelize.Cell{StyleID: styles.Bold, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, row := range t.Rows {
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = workbookCell(v, styles)
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(ref, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// workbookCell is a row value as the workbook holds it.
func workbookCell(v any, styles report.CellStyles) any {
	c, ok := v.(cell)
	if !ok {
		return cellText(v)
	}
	switch {
	case c.value == nil:
		return nil
	case c.kind == kindDate:
		return excelize.Cell{StyleID: styles.Date, Value: c.value}
	case c.kind == kindMoney:
		return excelize.Cell{StyleID: styles.Money, Value: c.value}
	}
	return c.value
}

// neutralise prefixes cells a spreadsheet would run as a formula, so an
// exported list cannot carry an attack to whoever opens it.
func neutralise(row []string) []string {
	out := make([]string, len(row))
	for i, v := range row {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			v = "'" + v
		}
		out[i] = v
	}
	return out
}

// sheetName makes a valid sheet name: at most 31 characters, none of []:*?/\.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if s == "" {
		s = "Blad1"
	}
	return s
}
