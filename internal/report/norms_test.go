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

func noon(y int, m time.Month, d int) *time.Time {
	t := domain.Day(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
	return &t
}

// TestNormEvidenceFromRecords: the evidence the scorecard reads is computed
// from the registers of the year asked (people, activities, vulnerable
// positions, advisers) on both engines, and the annual report carries the
// scorecard as its last section.
func TestNormEvidenceFromRecords(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "normen")
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		people := []*domain.Person{
			// 2025: sworn in time with a VOG; sworn four months after starting without one; a hired person (no oath owed) with a VOG.
			{OrgID: org.ID, Ref: "P1", Name: "Op tijd", Employment: domain.EmploymentPermanent, StartOn: noon(2025, 2, 1), VOGOn: noon(2025, 1, 20), OathOn: noon(2025, 4, 1), OathKind: domain.OathKindOath},
			{OrgID: org.ID, Ref: "P2", Name: "Te laat", Employment: domain.EmploymentTemporary, StartOn: noon(2025, 3, 1), OathOn: noon(2025, 7, 2), OathKind: domain.OathKindAffirmation},
			{OrgID: org.ID, Ref: "P3", Name: "Ingehuurd", Employment: domain.EmploymentHired, StartOn: noon(2025, 5, 1), VOGOn: noon(2025, 5, 1)},
			// Started in December 2025, not yet sworn, three months not yet over on 2 March 2026: not counted.
			{OrgID: org.ID, Ref: "P4", Name: "Nog niet", Employment: domain.EmploymentPermanent, StartOn: noon(2025, 12, 15), VOGOn: noon(2025, 12, 1)},
		}
		if err := s.SavePeople(ctx, store.CLI, people); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateActivity(ctx, store.CLI, org.ID, &domain.Activity{Date: *noon(2025, 6, 1), Title: "Dilemmasessie",
			Kind: domain.ActivityKinds[0], Audiences: []domain.ActivityAudience{domain.ActivityAudienceStaff, domain.ActivityAudienceCouncil}}); err != nil {
			t.Fatal(err)
		}
		for _, v := range []*domain.VulnerablePosition{
			{Ref: "KF-1", Name: "Inkoop", LastReview: noon(2024, 5, 1)},
			{Ref: "KF-2", Name: "Kassa", LastReview: noon(2021, 5, 1)},
			{Ref: "KF-3", Name: "Nieuw", LastReview: noon(2026, 1, 10)}, // after 2025: not evidence for 2025
		} {
			if err := s.SaveVulnerablePosition(ctx, store.CLI, org.ID, v); err != nil {
				t.Fatal(err)
			}
		}
		e, err := report.CollectNormEvidence(ctx, s, org.ID, 2025, now)
		if err != nil {
			t.Fatal(err)
		}
		if !e.PeopleKnown || e.StartersOwingVOG != 4 || e.StartersWithVOG != 3 || e.NewOfficials != 2 || e.OathWithin3Months != 1 {
			t.Errorf("people evidence = %+v", e)
		}
		if !e.ActivitiesKnown || e.Activities != 1 || !e.Audiences[domain.ActivityAudienceCouncil] || e.Audiences[domain.ActivityAudienceManagement] {
			t.Errorf("activities evidence = %+v", e)
		}
		if e.Analyses != 2 || e.AnalysesCurrent != 1 {
			t.Errorf("analyses = %d, current %d; want 2, 1", e.Analyses, e.AnalysesCurrent)
		}
		if e.ReportsKnown || e.OutsideKnown || e.GiftsKnown {
			t.Errorf("registers without records known: %+v", e)
		}

		r, err := report.Build(ctx, s, org.ID, 2025, report.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if r.BasicNorms == nil || len(r.BasicNorms.Norms) != 13 {
			t.Fatalf("basic norms = %+v", r.BasicNorms)
		}
		want := map[string]string{"attention": "partly", "screening": "partly", "oath": "partly", "vulnerable_positions": "partly",
			"reporting": "not_recorded", "codes_of_conduct": "not_recorded"}
		for _, n := range r.BasicNorms.Norms {
			if w, ok := want[n.Norm]; ok && n.Status != w {
				t.Errorf("%s = %s, want %s", n.Norm, n.Status, w)
			}
			if n.PreviousStatus != "not_recorded" && n.Norm != "vulnerable_positions" {
				t.Errorf("%s in 2024 = %s, want not_recorded", n.Norm, n.PreviousStatus)
			}
		}
		doc := r.Document(nil, "en")
		last := doc.Sections[len(doc.Sections)-2] // the definitions close the report
		if last.ID != "basic_norms" || !strings.Contains(docText(doc), "1 of the 2 new officials took the oath") {
			t.Errorf("section %q; text lacks the oath evidence in English", last.ID)
		}
	})
}
