package register

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// fuzzFileNames are the names a fuzzed file is imported under: every file
// of the template, and a workbook.
func fuzzFileNames() []string {
	var names []string
	for _, f := range Template {
		names = append(names, f.Name)
	}
	return append(names, "register.xlsx")
}

// FuzzImport: importing any one file (CSV under a template file's name, or
// an XLSX workbook) never panics and ends in one of two ways: accepted (and
// then accepted again when imported a second time), or refused with the
// problems named and nothing stored — no row in any register, no audit
// entry.
func FuzzImport(f *testing.F) {
	names := fuzzFileNames()
	index := map[string]uint8{}
	for i, n := range names {
		index[n] = uint8(i)
	}
	paths, _ := filepath.Glob("testdata/helmond-2021/*.csv")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if i, ok := index[filepath.Base(p)]; ok {
			f.Add(i, b)
		}
	}
	var wb bytes.Buffer
	if err := WriteTemplate(&wb); err != nil {
		f.Fatal(err)
	}
	f.Add(index["register.xlsx"], wb.Bytes())
	f.Add(index["register.xlsx"], []byte("PK\x03\x04 not a workbook"))
	f.Add(index[ReportsFile], []byte("number;received_on\n\"unclosed\n"))
	f.Add(index[PeopleFile], []byte("\xef\xbb\xbfref,name\r\nP1,\xe9\x00\n"))
	f.Add(index[YearlyCountsFile], []byte(""))

	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(f.TempDir(), "integer.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	org := &domain.Organisation{Slug: "fuzz", Name: "Gemeente Fuzz"}
	if err := s.CreateOrganisation(ctx, store.CLI, org); err != nil {
		f.Fatal(err)
	}
	auditCount := func(t *testing.T) int {
		var n int
		if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := names[int(which)%len(names)]
		files := map[string][]byte{name: data}
		rows, audits := tables(t, s, org.ID), auditCount(t)
		_, err := Import(ctx, s, store.CLI, org.ID, files)
		if p, ok := errors.AsType[*Problems](err); ok {
			if len(p.List) == 0 {
				t.Fatalf("%s refused without a problem named", name)
			}
			if after, a := tables(t, s, org.ID), auditCount(t); a != audits || !equalCounts(after, rows) {
				t.Fatalf("%s refused (%v), but stored: rows %v → %v, audit entries %d → %d", name, p.List[0], rows, after, audits, a)
			}
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := Import(ctx, s, store.CLI, org.ID, files); err != nil {
			t.Fatalf("%s accepted once, refused the second time: %v", name, err)
		}
	})
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// FuzzReadWorkbook: reading any bytes as a workbook never panics, and every
// sheet it returns is well-formed CSV for the file parsers.
func FuzzReadWorkbook(f *testing.F) {
	var wb bytes.Buffer
	if err := WriteTemplate(&wb); err != nil {
		f.Fatal(err)
	}
	f.Add(wb.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		sheets, err := ReadWorkbook(data)
		if err != nil {
			return
		}
		for name, b := range sheets {
			r := csv.NewReader(bytes.NewReader(b))
			r.FieldsPerRecord = -1 // rows may differ in length, as in a spreadsheet
			if _, err := r.ReadAll(); err != nil {
				t.Fatalf("sheet %q: not CSV: %v", name, err)
			}
		}
	})
}
