package report_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestActivitiesAboveLimit: a year with more integrity activities than
// report.ListLimit shows them by kind on the page and in the PDF, with a
// sentence in the reader's language that the full list is in the workbook
// and the JSON, and no row of any activity; the workbook and the JSON still
// list every one. The vulnerable positions' map follows the same rule. A
// year with exactly ListLimit activities lists them all.
func TestActivitiesAboveLimit(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	org := mustOrg(t, st, "grootstad")
	// 2025: one more than the limit; 2024: exactly the limit.
	for year, n := range map[int]int{2025: report.ListLimit + 1, 2024: report.ListLimit} {
		for i := range n {
			att := 10 + i
			a := &domain.Activity{Date: *noon(year, time.Month(1+i%12), 1+i%28), Title: fmt.Sprintf("Sessie-%d-%03d", year, i),
				Kind: domain.ActivityKinds[i%2], Audiences: []domain.ActivityAudience{domain.ActivityAudienceStaff}, Attendance: &att}
			if err := st.CreateActivity(ctx, store.CLI, org.ID, a); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range report.ListLimit + 1 {
		v := &domain.VulnerablePosition{Ref: fmt.Sprintf("KF-%03d", i), Name: "Functie", LastReview: noon(2025, 5, 1)}
		if err := st.SaveVulnerablePosition(ctx, store.CLI, org.ID, v); err != nil {
			t.Fatal(err)
		}
	}
	r, err := report.Build(ctx, st, org.ID, 2025, report.Options{Now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Activities) != report.ListLimit+1 {
		t.Fatalf("the report has %d activities, want %d", len(r.Activities), report.ListLimit+1)
	}
	// The 21 webinars (even i) had 10, 12, …, 50 participants, the 20
	// workshops 11, 13, …, 49.
	byKind := map[string]string{
		"nl": `Webinar</th><td[^>]*>21</td><td[^>]*>630</td>`,
		"en": `Webinar</th><td[^>]*>21</td><td[^>]*>630</td>`,
	}
	sentence := map[string][]string{
		"nl": {"de volledige lijst van alle 41 activiteiten staat in het werkboek (XLSX)", "De kaart van alle 41 kwetsbare functies"},
		"en": {"the full list of all 41 activities is in the workbook (XLSX)", "The map of all 41 vulnerable positions"},
	}
	caption := map[string]string{"nl": "Integriteitsactiviteiten per soort", "en": "Integrity activities by kind"}
	for _, lang := range []string{"nl", "en"} {
		var b bytes.Buffer
		if err := r.Document(nil, lang).WriteHTML(&b, lang, "Inhoudsopgave", nil); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		for _, want := range append(sentence[lang], caption[lang]) {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the page lacks %q", lang, want)
			}
		}
		if !regexp.MustCompile(byKind[lang]).MatchString(page) {
			t.Errorf("%s: the page lacks the webinars' row %s", lang, byKind[lang])
		}
		if strings.Contains(page, "Sessie-2025-") || strings.Contains(page, "KF-0") {
			t.Errorf("%s: the page lists activities or positions one by one", lang)
		}
	}

	// The workbook keeps every activity and position.
	var x bytes.Buffer
	if err := r.Document(nil, "nl").WriteXLSX(&x); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	for sheet, prefix := range map[string]string{"Activiteiten": "Sessie-2025-", "Kwetsbare functies kaart": "KF-"} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		listed := 0
		for _, row := range rows {
			if strings.Contains(strings.Join(row, "|"), prefix) {
				listed++
			}
		}
		if listed != report.ListLimit+1 {
			t.Errorf("the workbook's sheet %q lists %d records, want %d", sheet, listed, report.ListLimit+1)
		}
	}
	if sheets := f.GetSheetList(); strings.Contains(strings.Join(sheets, "|"), "per soort") {
		t.Errorf("the workbook got the page's summary as a sheet: %v", sheets)
	}
	js, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(js), `"Sessie-2025-`); n != report.ListLimit+1 {
		t.Errorf("the JSON lists %d activities, want %d", n, report.ListLimit+1)
	}

	// The PDF's text: the summary and the sentence, no activity.
	var pdf bytes.Buffer
	if err := r.Document(nil, "nl").WritePDF(t, &pdf, "Inhoudsopgave", "pagina %d van %d"); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf.Bytes())
	for _, want := range []string{`Integriteitsactiviteiten per soort`, `Webinar\s+21\s+630\n`, `Workshop\s+20\s+600\n`, `Totaal\s+41\s+1230\n`,
		`Dit verslag telt de activiteiten per soort`, `alle 41 activiteiten`, `werkboek \(XLSX\)`} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
	if strings.Contains(text, "Sessie-2025-") || strings.Contains(text, "KF-0") {
		t.Error("the PDF lists activities or positions one by one")
	}

	// At the limit, every activity is listed, as before.
	r24, err := report.Build(ctx, st, org.ID, 2024, report.Options{Now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var b24 bytes.Buffer
	if err := r24.Document(nil, "nl").WriteHTML(&b24, "nl", "Inhoudsopgave", nil); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b24.String(), "Sessie-2024-"); n != report.ListLimit {
		t.Errorf("a year of %d activities lists %d on the page", report.ListLimit, n)
	}
	if strings.Contains(b24.String(), "Integriteitsactiviteiten per soort") || strings.Contains(b24.String(), "Dit verslag telt de activiteiten") {
		t.Error("a year at the limit got the summary")
	}
}

// TestForPageKeepsTheDocument: the page's document replaces a long list by
// its brief (its table, with the list's heading, and the sentence after
// the section's paragraphs) and leaves the document the workbook is
// written from as it was; a list without a brief, or at the limit, stays.
func TestForPageKeepsTheDocument(t *testing.T) {
	rows := func(n int) [][]string {
		out := make([][]string, n)
		for i := range out {
			out[i] = []string{fmt.Sprint(i), "x"}
		}
		return out
	}
	d := &report.Document{Sections: []report.Section{{ID: "s", Text: []string{"eerst"}, Tables: []report.Table{
		{Caption: "kort", Rows: rows(report.ListLimit), Brief: &report.Brief{Text: "nooit"}},
		{Heading: "Deel", Caption: "lang", Rows: rows(report.ListLimit + 1), Brief: &report.Brief{Table: &report.Table{Caption: "som"}, Text: "elders"}},
		{Caption: "telling", Rows: rows(report.ListLimit + 5)},
		{Caption: "lang zonder som", Rows: rows(report.ListLimit + 1), Brief: &report.Brief{Text: "ook elders"}},
	}}}}
	p := d.ForPage()
	s := p.Sections[0]
	var caps []string
	for _, t := range s.Tables {
		caps = append(caps, t.Caption)
	}
	if got := strings.Join(caps, ","); got != "kort,som,telling" {
		t.Errorf("the page's tables are %s, want kort,som,telling", got)
	}
	if s.Tables[1].Heading != "Deel" {
		t.Errorf("the brief's table lost the list's heading: %q", s.Tables[1].Heading)
	}
	if got := strings.Join(s.Text, "|"); got != "eerst|elders|ook elders" {
		t.Errorf("the section's paragraphs are %q", got)
	}
	if len(d.Sections[0].Tables) != 4 || len(d.Sections[0].Text) != 1 || len(d.Sections[0].Tables[1].Rows) != report.ListLimit+1 {
		t.Error("ForPage changed the document itself")
	}
	short := &report.Document{Sections: []report.Section{{Tables: []report.Table{{Rows: rows(3), Brief: &report.Brief{Text: "x"}}}}}}
	if short.ForPage() != short {
		t.Error("a document without a long list was copied")
	}
}
