package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
)

// TestDestructionStatementPDF prints a statement of destruction through
// headless Chromium and reads it back: the mandate, the approver, the
// counts and every destroyed record's reference are in it, and nothing of
// any record's content (the statement holds none).
func TestDestructionStatementPDF(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	d := &domain.Destruction{ID: 3, ApprovedBy: "Ingrid de Controller", Authority: "Mandaatbesluit archiefbeheer 2035, art. 3",
		At: time.Date(2036, 3, 2, 9, 30, 0, 0, time.UTC),
		Entries: []domain.DestructionEntry{
			{Kind: domain.RetainReport, Ref: "M-2024-0007", Start: day(2025, 1, 10), Expired: day(2035, 1, 10)},
			{Kind: domain.RetainReport, Ref: "M-2024-0009", Start: day(2025, 2, 1), Expired: day(2035, 2, 1)},
			{Kind: domain.RetainAdviceRequest, Ref: "AV-17", Start: day(2030, 4, 8), Expired: day(2035, 4, 8)},
		}}
	doc := report.DestructionStatement(d, "Gemeente Helmond", nil, "nl")
	var b bytes.Buffer
	if err := doc.WritePDF(t, &b, "Inhoudsopgave", "pagina %d van %d"); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, b.Bytes())), " ")
	for _, want := range []string{"Verklaring van vernietiging", "Gemeente Helmond", "Ingrid de Controller", "Mandaatbesluit archiefbeheer 2035, art. 3",
		"Selectielijst gemeenten en intergemeentelijke organen 2020", "M-2024-0007", "M-2024-0009", "AV-17", "Melding: bewaartermijn 10 jaar na afsluiten van de melding.",
		"10-01-2035", "Adviesvraag 1", "Totaal 3"} {
		if !strings.Contains(text, want) {
			t.Errorf("the statement's PDF lacks %q:\n%s", want, text)
		}
	}
}
