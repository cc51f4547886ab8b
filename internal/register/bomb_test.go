package register

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/register/xlsxtest"
	"github.com/integer-nl/integer/internal/store"
)

// positionsSheet is a sheet an import would store, beside a bomb.
var positionsSheet = xlsxtest.Sheet{Name: "positions",
	Head: xlsxtest.InlineRow("ref", "title") + xlsxtest.InlineRow("F1", "Wethouder")}

// bombs are workbooks of a few kilobytes to a few megabytes that decompress
// or expand to hundreds of megabytes, each with the problem that refuses it.
func bombs() []struct {
	name string
	xlsx []byte
	key  string
} {
	header := xlsxtest.InlineRow("ref", "employment")
	return []struct {
		name string
		xlsx []byte
		key  string
	}{
		// 200 MB of sheet XML from about 200 kB: refused before reading.
		{"a 200 MB sheet", xlsxtest.Workbook("", positionsSheet, xlsxtest.Sheet{Name: "people", Head: header,
			Row: xlsxtest.InlineRow("P1", "employee"), Repeat: 200 << 20 / 70}), "err.import_workbook_too_large"},
		// Within the size, more rows than a file may have: refused at the
		// first row past the limit.
		{"rows past the limit", xlsxtest.Workbook("", positionsSheet, xlsxtest.Sheet{Name: "people", Head: header,
			Row: "<row/>" + xlsxtest.InlineRow("P1", "employee"), Repeat: MaxRows + 10}), "err.import_too_many_rows"},
		// One cell in the last column: a row of 16,384 cells.
		{"rows of 16384 cells", xlsxtest.Workbook("", positionsSheet, xlsxtest.Sheet{Name: "people", Head: header,
			Row: `<row><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>`, Repeat: 3000}), "err.import_too_many_columns"},
		// One shared string of 1 MB, twice in each of 40 rows: 80 MB of text.
		{"a shared string repeated", xlsxtest.Workbook(
			`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>`+
				strings.Repeat("x", 1<<20)+`</t></si></sst>`,
			positionsSheet, xlsxtest.Sheet{Name: "people", Head: header,
				Row: `<row><c t="s"><v>0</v></c><c t="s"><v>0</v></c></row>`, Repeat: 40}), "err.import_workbook_too_large"},
	}
}

// TestDefect_XLSXZipBomb: a small workbook that expands to hundreds of
// megabytes is refused quickly, in bounded memory, with its problem, and
// nothing of the workbook (not even its good sheet) is stored.
func TestDefect_XLSXZipBomb(t *testing.T) {
	cases := bombs()
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		org := mustOrg(t, s, "bom")
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				start := time.Now()
				_, err := Import(context.Background(), s, store.CLI, org.ID, map[string][]byte{"bom.xlsx": c.xlsx})
				took := time.Since(start)
				runtime.ReadMemStats(&after)
				allocated := after.TotalAlloc - before.TotalAlloc
				var problems *Problems
				first := "none"
				if errors.As(err, &problems) && len(problems.List) > 0 {
					first = problems.List[0].Key
				}
				t.Logf("%d kB workbook: %v, %d MB allocated, first problem %s", len(c.xlsx)>>10, took.Round(time.Millisecond), allocated>>20, first)
				if first != c.key {
					t.Errorf("want the problem %s, got %s (error %.200v)", c.key, first, err)
				}
				// Everything the import allocated, freed or not, bounds its
				// peak: a few times the bound on the unpacked workbook.
				if allocated > 4*WorkbookMaxBytes {
					t.Errorf("allocated %d MB; want at most %d", allocated>>20, 4*WorkbookMaxBytes>>20)
				}
				// Generous for a loaded machine: the 200 MB sheet took minutes.
				if took > time.Minute {
					t.Errorf("took %v; want under a minute", took)
				}
				if n := tables(t, s, org.ID)["positions"]; n != 0 {
					t.Errorf("a refused workbook stored %d positions", n)
				}
			})
		}
	})
}

// TestDefect_ImportCancelledStoresNothing: an import whose context ends
// while it runs (its client gone, or its deadline past) stores nothing, on
// either engine; the same files import once nothing cancels them.
func TestDefect_ImportCancelledStoresNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		org := mustOrg(t, s, "helmond")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		calls := 0
		// The first reading of the clock is the import's own; the next is
		// its transaction's start: the client leaves then.
		s.Now = func() time.Time {
			if calls++; calls > 1 {
				cancel()
			}
			return time.Now()
		}
		_, err := Import(ctx, s, store.CLI, org.ID, helmond(t))
		s.Now = time.Now
		if !errors.Is(err, context.Canceled) {
			t.Errorf("want context.Canceled, got %.300v", err)
		}
		if n := tables(t, s, org.ID)["reports"]; n != 0 {
			t.Fatalf("a cancelled import stored %d reports", n)
		}
		if _, err := Import(context.Background(), s, store.CLI, org.ID, helmond(t)); err != nil {
			t.Fatal(err)
		}
		if n := tables(t, s, org.ID)["reports"]; n != 10 {
			t.Fatalf("%d reports", n)
		}
	})
}
