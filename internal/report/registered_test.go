package report_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// importFiles imports the named files of the Helmond fixture into a new
// organisation.
func importFiles(t testing.TB, st *store.Store, slug string, names ...string) int64 {
	t.Helper()
	org := mustOrg(t, st, slug)
	files := map[string][]byte{}
	for _, name := range names {
		b, err := os.ReadFile("testdata/helmond-2021/" + name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	if _, err := register.Import(context.Background(), st, store.CLI, org.ID, files); err != nil {
		t.Fatalf("import: %v", err)
	}
	return org.ID
}

// TestDefect_UnregisteredPrintedAsZero: an import of reports only (no
// people, no registers) gives null for every section whose register holds
// nothing for the year, and the PDF says "niet geregistreerd", never
// "0 keer de eed". A statement "none this year" makes the register 0.
func TestDefect_UnregisteredPrintedAsZero(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		orgID := importFiles(t, st, "meldstad", "reports.csv", "allegations.csv")
		_, doc := build(t, st, orgID, 2021, report.Options{})
		for _, section := range []string{"advice_requests", "confidential_advisers", "aggression", "people", "council",
			"activities", "activity_counts", "outside_activities", "gifts", "financial_interests"} {
			if v, ok := doc[section]; !ok || v != nil {
				t.Errorf("%s = %v, want null", section, v)
			}
		}
		want(t, doc, map[string]any{"reports.total": 10, "registers.people": "not_registered", "registers.reports": "records"})

		if err := st.SetRegisterNone(ctx, store.CLI, orgID, "people", 2021, true); err != nil {
			t.Fatal(err)
		}
		r, doc := build(t, st, orgID, 2021, report.Options{})
		want(t, doc, map[string]any{"people.oaths": 0, "registers.people": "stated_none"})
		if _, doc2 := build(t, st, orgID, 2020, report.Options{}); doc2["people"] != nil {
			t.Errorf("the statement for 2021 counts for 2020: %v", doc2["people"])
		}
		if st.Engine() != store.SQLite {
			return
		}
		if err := st.SetRegisterNone(ctx, store.CLI, orgID, "people", 2021, false); err != nil {
			t.Fatal(err)
		}
		r, _ = build(t, st, orgID, 2021, report.Options{})
		var b bytes.Buffer
		if err := r.Document(nil, "nl").WritePDF(t, &b, "Inhoudsopgave", "pagina %d van %d"); err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, b.Bytes())
		if !strings.Contains(text, "niet geregistreerd") {
			t.Error("the PDF does not say \"niet geregistreerd\"")
		}
		for _, bad := range []string{"0 keer de eed", "Geheimhoudingsverklaring getekend 0", "Nevenwerkzaamheden gemeld 0", "Screenings en risicoanalyses 0"} {
			if strings.Contains(strings.Join(strings.Fields(text), " "), bad) {
				t.Errorf("the PDF says %q", bad)
			}
		}
	})
}

// TestDefect_UnregisteredSectionLeftOut: a controller can choose to leave a
// section out when its register holds nothing.
func TestDefect_UnregisteredSectionLeftOut(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		orgID := importFiles(t, st, "meldstad", "reports.csv", "allegations.csv")
		if err := st.SetAnnualReportOmit(context.Background(), store.CLI, orgID, "gifts", true); err != nil {
			t.Fatal(err)
		}
		r, _ := build(t, st, orgID, 2021, report.Options{})
		d := r.Document(nil, "nl")
		for _, s := range d.Sections {
			for _, tb := range s.Tables {
				if strings.Contains(tb.Caption, "geschenken") {
					t.Errorf("the gifts table is in the report: %q", tb.Caption)
				}
			}
			for _, p := range append([]string{s.Intro}, s.Text...) {
				if strings.Contains(p, "Geschenken") {
					t.Errorf("the gifts are named: %q", p)
				}
			}
		}
	})
}

// TestDefect_TrendGapIsUnknown: an import of 2020 and records of 2022 leave
// 2021 unknown (null, source none), not 0 from the records; the previous
// year of aggression without records or import is unknown too.
func TestDefect_TrendGapIsUnknown(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		org := mustOrg(t, st, "gatenstad")
		if _, err := register.Import(context.Background(), st, store.CLI, org.ID, map[string][]byte{
			"yearly_counts.csv": []byte("year,measure,count\n2020,reports,7\n"),
		}); err != nil {
			t.Fatal(err)
		}
		insertReports(t, st, org.ID, []fact{{received: "2022-03-01", categories: []string{"financial"}}})
		if _, err := register.Import(context.Background(), st, store.CLI, org.ID, map[string][]byte{
			"aggression_incidents.csv": []byte("date,kind,target,police_involved,criminal_complaint\n2022-02-02,verbal,employee,no,no\n"),
		}); err != nil {
			t.Fatal(err)
		}
		r, doc := build(t, st, org.ID, 2022, report.Options{})
		var y2021 *report.YearCount
		for i, y := range r.Reports.Trend {
			if y.Year == 2021 {
				y2021 = &r.Reports.Trend[i]
			}
		}
		if y2021 == nil || y2021.Source != "none" {
			t.Fatalf("2021: %+v, want source none", y2021)
		}
		if v, _ := lookup(doc, "reports.trend[2021]"); v != nil {
			t.Errorf("reports.trend[2021] = %v, want null", v)
		}
		want(t, doc, map[string]any{"reports.trend[2020]": 7, "reports.trend[2022]": 1, "aggression.total": 1})
		if v, ok := lookup(doc, "aggression.previous_year"); !ok || v != nil {
			t.Errorf("aggression.previous_year = %v, want null", v)
		}
		text := r.Document(nil, "nl").Sections
		for _, s := range text {
			for _, tb := range s.Tables {
				if tb.Chart == nil {
					continue
				}
				for _, b := range tb.Chart.Bars {
					if b.Label == "2021" && b.Value >= 0 {
						t.Errorf("%s: 2021 drawn as %d", tb.Caption, b.Value)
					}
				}
			}
		}
	})
}

// TestDefect_UnwrittenForewordLeftOut: no foreword written, no foreword
// section, and never "Er is (nog) geen tekst geschreven."
func TestDefect_UnwrittenForewordLeftOut(t *testing.T) {
	st, orgID := smallCounts(t)
	r, _ := build(t, st, orgID, 2024, report.Options{})
	for _, s := range r.Document(nil, "nl").Sections {
		if s.ID == "foreword" || s.ID == "plans" || strings.Contains(s.Intro, "geen tekst geschreven") {
			t.Errorf("an unwritten section is in the report: %s %q", s.ID, s.Intro)
		}
	}
}
