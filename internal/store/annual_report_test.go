package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestAnnualReportTexts stores, changes and clears the prose of an annual
// report, audits each change, keeps organisations and years apart and
// refuses what does not fit.
func TestAnnualReportTexts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s)
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		set := func(orgID int64, year int, texts map[string]string) error {
			return s.SetAnnualReportTexts(ctx, store.CLI, orgID, year, texts)
		}
		if err := set(org.ID, 2025, map[string]string{"foreword": "  Woord vooraf.\r\n\r\nTweede alinea.  ", "plans": "Plannen."}); err != nil {
			t.Fatal(err)
		}
		got, err := s.AnnualReportTexts(ctx, org.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if got["foreword"] != "Woord vooraf.\n\nTweede alinea." || got["plans"] != "Plannen." {
			t.Errorf("texts: %q", got)
		}
		// Unchanged text is not written again; an empty one clears.
		if err := set(org.ID, 2025, map[string]string{"foreword": "Woord vooraf.\n\nTweede alinea.", "plans": ""}); err != nil {
			t.Fatal(err)
		}
		got, _ = s.AnnualReportTexts(ctx, org.ID, 2025)
		if _, ok := got["plans"]; ok || len(got) != 1 {
			t.Errorf("after clearing: %q", got)
		}
		entries, err := s.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "annual_report.text"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 3 {
			t.Errorf("%d audit entries, want 3", len(entries))
		}
		for _, e := range entries {
			if strings.Contains(e.Detail, "vooraf") {
				t.Errorf("the audit log holds the text: %q", e.Detail)
			}
		}
		if got, _ := s.AnnualReportTexts(ctx, other.ID, 2025); len(got) != 0 {
			t.Errorf("another organisation reads %q", got)
		}
		if got, _ := s.AnnualReportTexts(ctx, org.ID, 2024); len(got) != 0 {
			t.Errorf("another year reads %q", got)
		}
		wantCode(t, set(org.ID, 2025, map[string]string{"summary": "x"}), domain.EINVALID)
		wantCode(t, set(org.ID, 2025, map[string]string{"plans": strings.Repeat("é", store.MaxAnnualReportText+1)}), domain.EINVALID)
		wantCode(t, set(org.ID, 1800, map[string]string{"plans": "x"}), domain.EINVALID)
		if got, _ := s.AnnualReportTexts(ctx, org.ID, 2025); got["plans"] != "" {
			t.Errorf("stored after a refusal: %q", got)
		}
	})
}

// TestReportFacts reads only the organisation's reports of the year.
func TestReportFacts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		facts, err := s.ReportFacts(ctx, org.ID, 2025)
		if err != nil || len(facts) != 0 {
			t.Fatalf("facts of an empty organisation: %v %v", facts, err)
		}
		counts, err := s.ReportCountsByYear(ctx, other.ID)
		if err != nil || len(counts) != 0 {
			t.Fatalf("counts: %v %v", counts, err)
		}
	})
}
