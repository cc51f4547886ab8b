package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/domain"
)

// The display formats of typed cells in every workbook Integer writes (the
// annual report and the list exports). A format code is stored in the
// notation of the file format and shown with the reader's separators, so a
// Dutch Excel or LibreOffice shows 3.330,00.
const (
	// DateFormat shows a date cell as the pages do: 01-12-2026.
	DateFormat = "dd-mm-yyyy"
	// MoneyFormat shows an amount in euros with two decimals: € 3.330,00
	// (413 is the language code of Dutch (Netherlands)).
	MoneyFormat = `[$€-413] #,##0.00;[$€-413] -#,##0.00`
)

// CellStyles are the style ids of a workbook's typed cells.
type CellStyles struct {
	Bold, Date, Money int
}

// NewCellStyles adds the styles of typed cells to f.
func NewCellStyles(f *excelize.File) (CellStyles, error) {
	var cs CellStyles
	var err error
	if cs.Bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return cs, err
	}
	date, money := DateFormat, MoneyFormat
	if cs.Date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &date}); err != nil {
		return cs, err
	}
	cs.Money, err = f.NewStyle(&excelize.Style{CustomNumFmt: &money})
	return cs, err
}

// excelEpoch is day 0 of a workbook's date serials (1900 date system; every
// date after 1 March 1900 counts from here).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// DateSerial is the number a workbook stores for the calendar date d: the
// days since 30 December 1899. It does not depend on a time zone.
func DateSerial(d domain.Date) int {
	return int(d.UTCMidnight().Sub(excelEpoch).Hours() / 24)
}

// WriteXLSX writes the document as a workbook: a first sheet with the title
// and the contents, then every table on its own sheet. Counts are numbers
// (a suppressed count stays the text "< N"), so the sheets can be summed.
func (d *Document) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	first := "Inhoud"
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return err
	}
	styles, err := NewCellStyles(f)
	if err != nil {
		return err
	}
	bold := styles.Bold
	row := 1
	put := func(sheet string, r int, cells []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		return f.SetSheetRow(sheet, cell, &cells)
	}
	intro := [][]any{{d.Title}, {d.Subtitle}, {d.Generated}}
	if d.Suppression != "" {
		intro = append(intro, []any{d.Suppression})
	}
	if d.Draft != "" {
		intro = append(intro, []any{d.Draft}, []any{d.DraftHeading}, []any{d.DraftIntro})
		for _, v := range d.Violations {
			intro = append(intro, []any{"• " + v})
		}
	}
	intro = append(intro, []any{})
	for _, c := range intro {
		if err := put(first, row, c); err != nil {
			return err
		}
		row++
	}
	_ = f.SetCellStyle(first, "A1", "A1", bold)
	used := map[string]bool{first: true}
	for _, s := range d.Sections {
		if err := put(first, row, []any{s.Title}); err != nil {
			return err
		}
		_ = f.SetCellStyle(first, "A"+strconv.Itoa(row), "A"+strconv.Itoa(row), bold)
		row++
		for _, p := range append([]string{s.Intro}, s.Text...) {
			if p != "" {
				if err := put(first, row, []any{p}); err != nil {
					return err
				}
				row++
			}
		}
		for _, t := range s.Tables {
			sheet := uniqueSheet(t.Sheet, used)
			if err := put(first, row, []any{"", t.Caption, sheet}); err != nil {
				return err
			}
			row++
			if _, err := f.NewSheet(sheet); err != nil {
				return err
			}
			if err := put(sheet, 1, []any{t.Caption}); err != nil {
				return err
			}
			_ = f.SetCellStyle(sheet, "A1", "A1", bold)
			head := make([]any, len(t.Headers))
			for i, h := range t.Headers {
				head[i] = h
			}
			if err := put(sheet, 2, head); err != nil {
				return err
			}
			last, _ := excelize.CoordinatesToCellName(max(1, len(t.Headers)), 2)
			_ = f.SetCellStyle(sheet, "A2", last, bold)
			for i, r := range t.Rows {
				cells := make([]any, len(r))
				kinds := make([]cellKind, len(r))
				for j, c := range r {
					cells[j], kinds[j] = cellValue(c, j, t.Plain)
				}
				if err := put(sheet, i+3, cells); err != nil {
					return err
				}
				for j, k := range kinds {
					if k == plainCell {
						continue
					}
					ref, _ := excelize.CoordinatesToCellName(j+1, i+3)
					style := styles.Date
					if k == moneyCell {
						style = styles.Money
					}
					_ = f.SetCellStyle(sheet, ref, ref, style)
				}
			}
			if t.Note != "" {
				if err := put(sheet, len(t.Rows)+4, []any{t.Note}); err != nil {
					return err
				}
			}
			_ = f.SetColWidth(sheet, "A", "A", 48)
			_ = f.SetColWidth(sheet, "B", "E", 16)
		}
		row++
	}
	_ = f.SetColWidth(first, "A", "A", 60)
	_ = f.SetColWidth(first, "B", "B", 60)
	_ = f.SetColWidth(first, "C", "C", 28)
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	return nil
}

// cellKind says which display format a typed cell needs.
type cellKind int

const (
	plainCell cellKind = iota
	dateCell
	moneyCell
)

// cellValue makes a figure a typed cell, so the sheets can be summed and
// sorted: "12" → 12, "29,5" → 29.5, a year heading a row (2021) a number,
// a date as the pages write it (22-03-2021) a date serial, an amount
// ("€ 3.330,00", "€3,330.00") a number in euros. Labels and a suppressed
// "< 5" stay text.
func cellValue(c string, col int, plain bool) (any, cellKind) {
	if d, err := domain.ParseDate("", c); err == nil && !d.IsZero() {
		return DateSerial(d), dateCell
	}
	if strings.HasPrefix(c, "€") { // an amount as FormatEuroIn writes it
		if cents, ok := domain.ParseEuro(c); ok {
			return float64(cents) / 100, moneyCell
		}
	}
	if col == 0 {
		if y, err := strconv.Atoi(c); err == nil && len(c) == 4 && y >= 1900 && y <= 2100 {
			return y, plainCell
		}
		return c, plainCell
	}
	if plain && col != 4 {
		return c, plainCell
	}
	if n, err := strconv.Atoi(c); err == nil {
		return n, plainCell
	}
	if v, err := strconv.ParseFloat(strings.Replace(c, ",", ".", 1), 64); err == nil {
		return v, plainCell
	}
	return c, plainCell
}

// uniqueSheet returns a sheet name Excel accepts (at most 31 characters, none
// of []:*?/\) that is not yet used.
func uniqueSheet(name string, used map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, name)
	for utf8.RuneCountInString(name) > 31 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	base, n := name, 2
	for used[name] {
		suffix := " " + strconv.Itoa(n)
		name = base
		for utf8.RuneCountInString(name)+len(suffix) > 31 {
			_, size := utf8.DecodeLastRuneInString(name)
			name = name[:len(name)-size]
		}
		name += suffix
		n++
	}
	used[name] = true
	return name
}
