// Package register reads the register template: the CSV files in which
// municipalities keep their integrity registers today (see the template's
// column definitions in the fixtures' README), and imports them all or
// nothing. The web upload of HR and the command-line import read the same
// files through this package.
//
// A file is UTF-8 (with or without a byte-order mark; a file that is not
// valid UTF-8 is read as Windows-1252, what Excel writes), separated by
// commas or by semicolons (a Dutch Excel's "CSV"), with a header row naming
// the template's columns in any order. Dates are YYYY-MM-DD (DD-MM-YYYY is
// accepted too); yes/no cells take yes, no, ja, nee; a code may be given as
// its Dutch label, in any case; an empty cell means unknown or none.
package register

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
)

// The template's file names, which problems name.
const (
	PeopleFile    = "people.csv"
	PositionsFile = "positions.csv"
)

// MaxRows is the most data rows a file (or a workbook's sheet) may have.
// 100,000 rows of people.csv import in about 5 s of CPU and 180 MB resident
// (docs/performance.md#import-at-volume), in one transaction.
const MaxRows = 100000

// RowProblem is one problem of an import file: where it is and what is
// wrong, as a message key with its arguments (for the interface's language)
// and as Dutch text (for the command line and logs).
type RowProblem struct {
	File    string // the template's file name, e.g. people.csv
	Row     int    // as a spreadsheet shows it: the header is row 1, the first data row 2; 0 = the file as a whole
	Column  string // the template's column; "" = the whole row
	Key     string // message key
	Args    []any
	Message string // in Dutch
	// Workbook and Sheet name the workbook and its sheet (as typed) that
	// the problem is in, when it came from a workbook; "" for a CSV file.
	Workbook string
	Sheet    string
}

// String is the problem in Dutch: "people.csv, rij 4, kolom vog_on: …".
func (p RowProblem) String() string {
	return problemText(catalog(), i18n.Dutch, p)
}

// Text is the problem in lang with the catalogue's words for row and column.
func (p RowProblem) Text(cat *i18n.Catalog, lang string) string { return problemText(cat, lang, p) }

// Source is the file the problem is in as the user knows it: the CSV file
// ("people.csv"), or the workbook and its sheet ("registers.xlsx, tabblad
// People").
func (p RowProblem) Source(cat *i18n.Catalog, lang string) string {
	return source(cat, lang, p.File, p.Workbook, p.Sheet)
}

func source(cat *i18n.Catalog, lang, file, workbook, sheet string) string {
	if workbook == "" {
		return file
	}
	if sheet == "" {
		return workbook
	}
	return workbook + ", " + cat.T(lang, "import.sheet", sheet)
}

func problemText(cat *i18n.Catalog, lang string, p RowProblem) string {
	where := p.Source(cat, lang)
	if p.Row > 0 {
		where += ", " + cat.T(lang, "import.row", p.Row)
	}
	if p.Column != "" {
		where += ", " + cat.T(lang, "import.column", p.Column)
	}
	return where + ": " + cat.T(lang, p.Key, p.Args...)
}

func newProblem(file string, row int, column, key string, args ...any) RowProblem {
	return RowProblem{File: file, Row: row, Column: column, Key: key, Args: args, Message: catalog().T(i18n.Dutch, key, args...)}
}

// catalog is the message catalogue, for the Dutch text and the Dutch labels
// of the codes.
var catalog = sync.OnceValue(i18n.MustLoad)

// People is a people.csv read: the people in the order of the file, the
// ref of each one's position, the spreadsheet row each came from, and the
// template's columns the file has (an import changes only those).
type People struct {
	People       []*domain.Person
	PositionRefs []string
	Rows         []int
	Columns      []string
	Problems     []RowProblem
}

// Positions is a positions.csv read.
type Positions struct {
	Positions []*domain.Position
	Rows      []int
	Columns   []string
	Problems  []RowProblem
}

// ParsePeopleCSV reads people.csv: the people, each one's position ref ("" for
// none), and every problem found. The error is for a file that could not be
// read at all.
func ParsePeopleCSV(r io.Reader) ([]*domain.Person, []string, []RowProblem, error) {
	f, err := ReadPeople(r)
	if err != nil {
		return nil, nil, nil, err
	}
	return f.People, f.PositionRefs, f.Problems, nil
}

// ParsePositionsCSV reads positions.csv: the positions and every problem
// found.
func ParsePositionsCSV(r io.Reader) ([]*domain.Position, []RowProblem, error) {
	f, err := ReadPositions(r)
	if err != nil {
		return nil, nil, err
	}
	return f.Positions, f.Problems, nil
}

// ReadPeople reads people.csv with the rows and columns it had.
func ReadPeople(r io.Reader) (*People, error) {
	t, err := readTable(r, PeopleFile, domain.PeopleColumns, domain.PeopleRequiredColumns)
	if err != nil {
		return nil, err
	}
	out := &People{Columns: t.columns, Problems: t.problems}
	if len(t.problems) > 0 {
		return out, nil // a broken header: the rows would only repeat it
	}
	seen := map[string]int{}
	for _, row := range t.rows {
		c := &cells{file: PeopleFile, row: row.n, get: row.get}
		p := &domain.Person{
			Ref:        c.required("ref"),
			Name:       c.text("name"),
			Employment: domain.Employment(c.code("employment", domain.Strings(domain.Employments), "people.employment.")),
			Department: c.text("department"),
			StartOn:    c.date("start_on"),
			VOGOn:      c.date("vog_on"),
			OathOn:     c.date("oath_on"),
			OathKind:   domain.OathKind(c.code("oath_kind", domain.Strings(domain.OathKinds), "people.oath_kind.")),
		}
		p.DeclarationOn = c.date("declaration_on")
		if p.Employment == "" && !c.failed("employment") {
			c.problem("employment", "err.import_required")
		}
		c.duplicate(seen, p.Ref)
		for _, err := range p.Check() {
			c.domain(err, map[string]string{"position": "position_ref"})
		}
		out.People = append(out.People, p)
		out.PositionRefs = append(out.PositionRefs, c.text("position_ref"))
		out.Rows = append(out.Rows, row.n)
		out.Problems = append(out.Problems, c.problems...)
	}
	return out, nil
}

// ReadPositions reads positions.csv with the rows and columns it had.
func ReadPositions(r io.Reader) (*Positions, error) {
	t, err := readTable(r, PositionsFile, domain.PositionColumns, domain.PositionRequiredColumns)
	if err != nil {
		return nil, err
	}
	out := &Positions{Columns: t.columns, Problems: t.problems}
	if len(t.problems) > 0 {
		return out, nil
	}
	seen := map[string]int{}
	for _, row := range t.rows {
		c := &cells{file: PositionsFile, row: row.n, get: row.get}
		p := &domain.Position{
			Ref:                   c.required("ref"),
			Title:                 c.required("title"),
			Department:            c.text("department"),
			DesignatedPublication: c.yesNo("designated_publication"),
			DesignatedFinancial:   c.yesNo("designated_financial"),
			Political:             domain.PoliticalOffice(c.code("political", domain.Strings(domain.PoliticalOffices), "positions.political.")),
		}
		c.duplicate(seen, p.Ref)
		for _, err := range p.Check() {
			c.domain(err, nil)
		}
		out.Positions = append(out.Positions, p)
		out.Rows = append(out.Rows, row.n)
		out.Problems = append(out.Problems, c.problems...)
	}
	return out, nil
}

// table is a file split into its header's columns and its data rows.
type table struct {
	columns  []string
	rows     []tableRow
	problems []RowProblem
}

type tableRow struct {
	n   int // spreadsheet row
	get func(column string) string
}

// readTable reads a whole file, checks its header against the template's
// columns and returns its non-blank rows. The error is only for a reader
// that fails.
func readTable(r io.Reader, file string, known, required []string) (*table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("register: reading %s: %w", file, err)
	}
	return readTableOf(data, file, known, required), nil
}

// readTableOf is readTable of a file in memory.
func readTableOf(data []byte, file string, known, required []string) *table {
	t := &table{}
	whole := func(key string, args ...any) *table {
		t.problems = append(t.problems, newProblem(file, 0, "", key, args...))
		return t
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return whole("err.import_xlsx")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		data = fromWindows1252(data)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return whole("err.import_empty")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(data)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	records, err := readRecords(cr)
	if errors.Is(err, errTooManyRows) {
		return whole("err.import_too_many_rows", MaxRows)
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.problems = append(t.problems, newProblem(file, pe.StartLine, "", "err.import_unreadable"))
			return t
		}
		return whole("err.import_unreadable")
	}
	header := records[0]
	index := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case name == "" && allEmpty(columnOf(records, i)):
			continue // a trailing separator
		case name == "":
			t.problems = append(t.problems, newProblem(file, 1, columnLetter(i), "err.import_column_unnamed", strings.Join(known, ", ")))
		case !slices.Contains(known, name):
			t.problems = append(t.problems, newProblem(file, 1, name, "err.import_column_unknown", strings.Join(known, ", ")))
		case index[name] != 0:
			t.problems = append(t.problems, newProblem(file, 1, name, "err.import_column_twice"))
		default:
			index[name] = i + 1
			t.columns = append(t.columns, name)
		}
	}
	for _, c := range required {
		if index[c] == 0 {
			t.problems = append(t.problems, newProblem(file, 1, c, "err.import_column_missing"))
		}
	}
	if len(records)-1 > MaxRows {
		t.problems = append(t.problems, newProblem(file, 0, "", "err.import_too_many_rows", MaxRows))
	}
	if len(t.problems) > 0 {
		return t
	}
	width := len(header)
	for i, rec := range records[1:] {
		n := i + 2
		if allEmpty(rec) {
			continue
		}
		if len(rec) > width && !allEmpty(rec[width:]) {
			t.problems = append(t.problems, newProblem(file, n, "", "err.import_too_many_cells", len(rec), width))
			continue
		}
		rec := rec
		t.rows = append(t.rows, tableRow{n: n, get: func(column string) string {
			i := index[column] - 1
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}})
	}
	if len(t.rows) == 0 && len(t.problems) == 0 {
		return whole("err.import_no_rows")
	}
	return t
}

// errTooManyRows stops reading a file past MaxRows data rows.
var errTooManyRows = errors.New("register: too many rows")

// readRecords reads the header and at most MaxRows records, so that a file
// of millions of short lines is refused without holding them all.
func readRecords(cr *csv.Reader) ([][]string, error) {
	var out [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(out) > MaxRows {
			return nil, errTooManyRows
		}
		out = append(out, rec)
	}
}

// separator guesses the file's separator from its first line: the comma of
// the template, or the semicolon (or tab) a Dutch spreadsheet writes.
func separator(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	best, n := ',', bytes.Count(line, []byte(","))
	for _, sep := range []rune{';', '\t'} {
		if c := bytes.Count(line, []byte(string(sep))); c > n {
			best, n = sep, c
		}
	}
	return best
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func columnOf(records [][]string, i int) []string {
	var out []string
	for _, r := range records {
		if i < len(r) {
			out = append(out, r[i])
		}
	}
	return out
}

// columnLetter names a column as a spreadsheet does: A, B, …, Z, AA.
func columnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// cells reads one row's cells and collects their problems.
type cells struct {
	file     string
	row      int
	get      func(string) string
	problems []RowProblem
}

func (c *cells) problem(column, key string, args ...any) {
	c.problems = append(c.problems, newProblem(c.file, c.row, column, key, args...))
}

func (c *cells) failed(column string) bool {
	return slices.ContainsFunc(c.problems, func(p RowProblem) bool { return p.Column == column })
}

func (c *cells) text(column string) string { return c.get(column) }

func (c *cells) required(column string) string {
	v := c.get(column)
	if v == "" {
		c.problem(column, "err.import_required")
	}
	return v
}

// date reads a day; empty is none.
func (c *cells) date(column string) *time.Time {
	v := c.get(column)
	if v == "" {
		return nil
	}
	d, err := domain.ParseDate(column, v)
	if err != nil {
		c.problem(column, "err.import_date_invalid", v)
		return nil
	}
	day := d.Start()
	return &day
}

// code reads one of codes, given as the code or as its Dutch label (the
// catalogue's prefix+code), in any case; empty is none.
func (c *cells) code(column string, codes []string, prefix string) string {
	v := c.get(column)
	if v == "" {
		return ""
	}
	cat := catalog()
	for _, code := range codes {
		if strings.EqualFold(v, code) || strings.EqualFold(v, cat.T(i18n.Dutch, prefix+code)) {
			return code
		}
	}
	var choices []string
	for _, code := range codes {
		choices = append(choices, code+" ("+cat.T(i18n.Dutch, prefix+code)+")")
	}
	c.problem(column, "err.import_code_unknown", v, strings.Join(choices, ", "))
	return ""
}

// yesNo reads yes or no (ja, nee, and a few more); empty is no.
func (c *cells) yesNo(column string) bool {
	switch strings.ToLower(c.get(column)) {
	case "", "no", "nee", "n", "0", "false", "onwaar":
		return false
	case "yes", "ja", "j", "y", "1", "true", "waar", "x":
		return true
	}
	c.problem(column, "err.import_yes_no", c.get(column))
	return false
}

// duplicate reports a ref the file had before, naming the earlier row.
func (c *cells) duplicate(seen map[string]int, ref string) {
	if ref == "" {
		return
	}
	if first, ok := seen[ref]; ok {
		c.problem("ref", "err.import_ref_twice", ref, first)
		return
	}
	seen[ref] = c.row
}

// domain adds a validation error of the record at its column, unless that
// column has a problem already (the cell could not be read).
func (c *cells) domain(err error, columnOf map[string]string) {
	e := domain.AsError(err)
	if e == nil {
		return
	}
	col := e.Field
	if mapped, ok := columnOf[col]; ok {
		col = mapped
	}
	if c.failed(col) {
		return
	}
	c.problem(col, e.Key, e.Args...)
}

// fromWindows1252 decodes text from Windows-1252 (Latin-1 with the
// typographic characters in 0x80–0x9F), what a spreadsheet on Windows saves
// as "CSV" in a Dutch locale.
func fromWindows1252(b []byte) []byte {
	var out bytes.Buffer
	for _, c := range b {
		if c >= 0x80 && c <= 0x9f {
			out.WriteRune(cp1252[c-0x80])
			continue
		}
		out.WriteRune(rune(c))
	}
	return out.Bytes()
}

var cp1252 = [32]rune{
	'€', '\ufffd', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\ufffd', 'Ž', '\ufffd',
	'\ufffd', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\ufffd', 'ž', 'Ÿ',
}
