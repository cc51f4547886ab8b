package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"

	"github.com/xuri/excelize/v2"
)

// table is a list as people export it: a title, column headers and rows of
// text, in the page's language.
type table struct {
	Name    string // file name without extension, e.g. "adviesvragen-2026"
	Title   string // sheet name
	Headers []string
	Rows    [][]string
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
			if err := cw.Write(neutralise(row)); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		sheet := sheetName(t.Title)
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			return err
		}
		for i, row := range append([][]string{t.Headers}, t.Rows...) {
			cells := make([]any, len(row))
			for j, v := range row {
				cells[j] = v
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
				return err
			}
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+t.Name+`.xlsx"`)
		return f.Write(w)
	}
	return fmt.Errorf("web: unknown export format %q", format)
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
