package report_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestVulnerablePositionsSection checks the annual report's section: the
// counts by risk, high risk with thin measures, overdue reviews, and the
// heat map with its levels in words; null and "not registered" without
// analyses.
func TestVulnerablePositionsSection(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "kwetsbaar")
		r, err := report.Build(ctx, s, org.ID, 2025, report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.VulnerablePositions != nil {
			t.Fatal("without analyses the section is not null")
		}
		if doc := r.Document(nil, "nl"); !strings.Contains(docText(doc), "Niet geregistreerd: er zijn geen kwetsbare functies vastgelegd.") {
			t.Error("no 'not registered' sentence")
		}
		past := domain.Day(time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC))
		for _, v := range []*domain.VulnerablePosition{
			{Ref: "KF-1", Name: "Inkoop", Levels: map[domain.VulnActivity]domain.VulnLevel{domain.VulnContracting: domain.VulnLevelPrimary, domain.VulnPayingOut: domain.VulnLevelPrimary},
				Measures: []domain.VulnerableMeasure{{Measure: domain.MeasureFourEyes, Owner: "Teamleider"}}, NextReview: &past},
			{Ref: "KF-2", Name: "Kassa", Levels: map[domain.VulnActivity]domain.VulnLevel{domain.VulnCollecting: domain.VulnLevelSecondary}},
		} {
			if err := s.SaveVulnerablePosition(ctx, store.CLI, org.ID, v); err != nil {
				t.Fatal(err)
			}
		}
		r, err = report.Build(ctx, s, org.ID, 2025, report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		v := r.VulnerablePositions
		if v == nil || v.Total != 2 || v.ByRisk["high"] != 1 || v.ByRisk["low"] != 1 || v.HighThin != 1 || v.ReviewsOverdue != 1 ||
			v.ByMeasure["four_eyes"] != 1 || len(v.Positions) != 2 || v.Positions[0].Levels["contracting_out"] != "primary" {
			t.Fatalf("section = %+v", v)
		}
		text := docText(r.Document(nil, "nl"))
		for _, want := range []string{"Kwetsbare functies", "KF-1 Inkoop", "Primaire schakel", "Niet betrokken", "Hoog", "1: Vier-ogenprincipe (te weinig)", "01-01-2020"} {
			if !strings.Contains(text, want) {
				t.Errorf("document lacks %q", want)
			}
		}
	})
}

// docText is every text of a document, for looking things up.
func docText(d *report.Document) string {
	var b strings.Builder
	for _, s := range d.Sections {
		b.WriteString(s.Title + "\n" + s.Intro + "\n")
		for _, tb := range s.Tables {
			b.WriteString(tb.Caption + "\n" + strings.Join(tb.Headers, "|") + "\n")
			for _, row := range tb.Rows {
				b.WriteString(strings.Join(row, "|") + "\n")
			}
		}
	}
	return b.String()
}
