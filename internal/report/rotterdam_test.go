package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
	"github.com/xuri/excelize/v2"
)

// rotterdamLabels are the fixture's own categories in the organisation's
// order, and the allegations of 2016 under each.
var rotterdamLabels = []string{"Fraude en corruptie", "Diefstal en verduistering", "Geweld en intimidatie",
	"Misbruik van positie en belangenverstrengeling", "Lekken en misbruik van informatie", "Ongewenst gedrag"}

var rotterdam2016 = map[string]report.Count{"Fraude en corruptie": 5, "Diefstal en verduistering": 3, "Geweld en intimidatie": 1,
	"Misbruik van positie en belangenverstrengeling": 2, "Lekken en misbruik van informatie": 1, "Ongewenst gedrag": 3}

func importRotterdam(t *testing.T, st *store.Store) int64 {
	t.Helper()
	org := mustOrg(t, st, "rotterdam")
	names, _ := filepath.Glob("testdata/rotterdam-2016/*.csv")
	files := map[string][]byte{}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(name)] = b
	}
	if _, err := register.Import(context.Background(), st, store.CLI, org.ID, files); err != nil {
		t.Fatalf("import: %v", err)
	}
	return org.ID
}

// TestDefect_OwnCategoriesRotterdam2016: an organisation that publishes
// only its own categories (Rotterdam 2016's style) imports them as a list
// and its allegations by own label only; the report counts them in the
// list's order (their national types follow from the list), shows the own
// categories, the national typology or both as chosen, gives the years
// before by own label (trend_by_own_label), and hides small counts so that
// none can be computed from the own categories' total.
func TestDefect_OwnCategoriesRotterdam2016(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		orgID := importRotterdam(t, st)
		r, _ := build(t, st, orgID, 2016, report.Options{})
		rp := r.Reports
		if d := cmp.Diff(rotterdam2016, rp.ByOwnLabel); d != "" {
			t.Errorf("by own label (-want +got):\n%s", d)
		}
		if rp.WithoutOwnCategory == nil || *rp.WithoutOwnCategory != 0 || rp.Allegations != 15 || rp.Total != 14 {
			t.Errorf("without own category %v, allegations %d, reports %d", rp.WithoutOwnCategory, rp.Allegations, rp.Total)
		}
		for cat, n := range map[string]report.Count{"financial": 8, "undesirable_conduct": 4, "conflict_of_interest": 2, "information_misuse": 1, "other": 0} {
			if rp.ByCategory[cat] != n {
				t.Errorf("by category %s = %d, want %d (from the own categories' types)", cat, rp.ByCategory[cat], n)
			}
		}
		wantTrend := []report.YearCodes{
			{Year: 2014, Source: "imported", Counts: map[string]report.Count{"Fraude en corruptie": 4, "Diefstal en verduistering": 3, "Geweld en intimidatie": 2,
				"Misbruik van positie en belangenverstrengeling": 1, "Lekken en misbruik van informatie": 1, "Ongewenst gedrag": 2}},
			{Year: 2015, Source: "imported", Counts: map[string]report.Count{"Fraude en corruptie": 6, "Diefstal en verduistering": 2, "Geweld en intimidatie": 3,
				"Misbruik van positie en belangenverstrengeling": 2, "Lekken en misbruik van informatie": 0, "Ongewenst gedrag": 3}},
			{Year: 2016, Source: "records", Counts: rotterdam2016},
		}
		if d := cmp.Diff(wantTrend, rp.TrendByOwnLabel); d != "" {
			t.Errorf("trend by own label (-want +got):\n%s", d)
		}

		national, own := "Vermoedelijke schendingen per categorie (landelijke typologie)", "Meldingen per eigen categorie van de organisatie"
		ownTrend := "Vermoedelijke schendingen per eigen categorie per jaar"
		for _, c := range []struct {
			shows                 domain.CategoryShows
			national, own, ownCol bool
		}{
			{domain.ShowOwn, false, true, false},
			{domain.ShowNational, true, false, false},
			{domain.ShowBoth, true, true, true},
		} {
			if err := st.SetReportCategoryShows(ctx, store.CLI, orgID, c.shows); err != nil {
				t.Fatal(err)
			}
			r, _ := build(t, st, orgID, 2016, report.Options{})
			doc := r.Document(nil, "nl")
			tables := map[string]report.Table{}
			for _, s := range doc.Sections {
				for _, tb := range s.Tables {
					tables[tb.Caption] = tb
				}
			}
			_, hasNational := tables[national]
			ownTable, hasOwn := tables[own]
			_, hasOwnTrend := tables[ownTrend]
			if hasNational != c.national || hasOwn != c.own || hasOwnTrend != c.own {
				t.Errorf("%s: national %v, own %v, own trend %v", c.shows, hasNational, hasOwn, hasOwnTrend)
				continue
			}
			if !c.own {
				if text := pdfOf(t, doc); strings.Contains(text, "Fraude en corruptie") {
					t.Errorf("%s: the PDF shows the own categories", c.shows)
				}
				continue
			}
			var got []string
			for _, row := range ownTable.Rows {
				label, _, _ := strings.Cut(row[0], " (")
				got = append(got, label+"="+row[1])
			}
			want := []string{}
			for _, lb := range rotterdamLabels {
				want = append(want, lb+"="+strconv.Itoa(int(rotterdam2016[lb])))
			}
			want = append(want, "Totaal=15")
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%s: own table (-want +got):\n%s", c.shows, d)
			}
			if strings.HasSuffix(ownTable.Rows[0][0], " (Financiële schendingen)") != c.ownCol {
				t.Errorf("%s: headers %v, first row %v", c.shows, ownTable.Headers, ownTable.Rows[0])
			}
			var wb bytes.Buffer
			if err := doc.WriteXLSX(&wb); err != nil {
				t.Fatal(err)
			}
			if cell, typ := xlsxCell(t, wb.Bytes(), "Eigen categorieën", "Fraude en corruptie"); cell != "5" || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
				t.Errorf("%s: the workbook's own categories hold %q (type %v), want the number 5", c.shows, cell, typ)
			}
			text := pdfOf(t, doc)
			if !strings.Contains(text, "Fraude en corruptie") || strings.Contains(text, "Misbruik positie en belangenverstrengeling") != c.national {
				t.Errorf("%s: the PDF does not show the categories as chosen", c.shows)
			}
		}

		// Small counts hidden: no hidden own category can be computed
		// from the own table's total or the allegations.
		r, _ = build(t, st, orgID, 2016, report.Options{SuppressBelow: 3})
		var hidden, shown []string
		sum := 0
		for _, lb := range rotterdamLabels {
			switch n := r.Reports.ByOwnLabel[lb]; {
			case n < 0:
				hidden = append(hidden, lb)
			default:
				shown = append(shown, lb)
				sum += int(n)
			}
		}
		slices.Sort(hidden)
		if len(hidden) == 1 && r.Reports.Allegations >= 0 {
			t.Errorf("one own category hidden (%v) while the allegations (%d) and the others (%d) are shown", hidden, r.Reports.Allegations, sum)
		}
		if len(hidden) == 0 {
			t.Errorf("nothing hidden at --suppress 3: %v", r.Reports.ByOwnLabel)
		}
	})
}

func pdfOf(t *testing.T, doc *report.Document) string {
	t.Helper()
	var pdf bytes.Buffer
	if err := doc.WritePDF(t, &pdf, "Inhoudsopgave", "pagina %d van %d"); err != nil {
		t.Fatal(err)
	}
	return pdfText(t, pdf.Bytes())
}

// xlsxCell reads the cell right of the one that starts with label in a
// workbook's sheet, and its type (a number has none, or "n").
func xlsxCell(t *testing.T, workbook []byte, sheet, label string) (string, excelize.CellType) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(workbook))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		if len(row) < 2 || !strings.HasPrefix(row[0], label) {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(2, i+1)
		typ, err := f.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return row[1], typ
	}
	return "", excelize.CellTypeUnset
}
