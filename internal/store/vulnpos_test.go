package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func vpDay(y int, m time.Month, d int) *time.Time {
	t := domain.Day(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
	return &t
}

func TestVulnerablePositions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s) // 2 March 2026
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		u := mustUser(t, s, org, "ctl", domain.RoleController)
		actor := store.UserActor(u, "sess")
		pos := &domain.Position{OrgID: org.ID, Ref: "F-1", Title: "Inkoper", DesignatedFinancial: true}
		if err := s.SavePosition(ctx, store.CLI, pos); err != nil {
			t.Fatal(err)
		}
		nobody := &domain.Person{OrgID: org.ID, Ref: "E-1", Name: "Zonder VOG", Employment: domain.EmploymentPermanent, PositionID: pos.ID}
		fine := &domain.Person{OrgID: org.ID, Ref: "E-2", Name: "Compleet", Employment: domain.EmploymentPermanent, PositionID: pos.ID,
			VOGOn: vpDay(2020, 1, 1), OathOn: vpDay(2020, 1, 2), OathKind: domain.OathKindOath}
		if err := s.SavePeople(ctx, store.CLI, []*domain.Person{nobody, fine}); err != nil {
			t.Fatal(err)
		}

		v := &domain.VulnerablePosition{Ref: "KF-01", Name: "Inkoop", PositionID: pos.ID,
			Levels:     map[domain.VulnActivity]domain.VulnLevel{domain.VulnContracting: domain.VulnLevelPrimary, domain.VulnPayingOut: domain.VulnLevelPrimary},
			Measures:   []domain.VulnerableMeasure{{Measure: domain.MeasureSegregation, Owner: "Teamleider inkoop"}, {Measure: domain.MeasureFourEyes, Owner: "Controller", ReviewOn: vpDay(2026, 1, 15)}},
			LastReview: vpDay(2025, 1, 10), NextReview: vpDay(2026, 1, 10)}
		if err := s.SaveVulnerablePosition(ctx, actor, org.ID, v); err != nil {
			t.Fatal(err)
		}
		got, err := s.VulnerablePosition(ctx, org.ID, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Risk() != domain.RiskHigh || !got.HighThin() || len(got.Measures) != 2 || got.Measures[0].Measure != domain.MeasureFourEyes {
			t.Errorf("stored = %+v (risk %s)", got, got.Risk())
		}
		now := s.Now()
		if !got.ReviewOverdue(now) || len(got.OverdueMeasures(now)) != 1 {
			t.Errorf("overdue: review %v, measures %v", got.ReviewOverdue(now), got.OverdueMeasures(now))
		}
		if got.NextReview == nil || domain.DateOf(*got.NextReview).String() != "2026-01-10" {
			t.Errorf("next review = %v", got.NextReview)
		}

		// A ref twice is a conflict at the ref; another organisation's id is not found.
		dup := &domain.VulnerablePosition{Ref: "KF-01", Name: "Ander"}
		wantCode(t, s.SaveVulnerablePosition(ctx, actor, org.ID, dup), domain.ECONFLICT)
		if _, err := s.VulnerablePosition(ctx, other.ID, v.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("other organisation: %v", err)
		}
		foreign := &domain.VulnerablePosition{Ref: "X", Name: "X", PositionID: pos.ID}
		wantCode(t, s.SaveVulnerablePosition(ctx, actor, other.ID, foreign), domain.EINVALID)

		holders, err := s.VulnerableHolders(ctx, org.ID, []domain.VulnerablePosition{*got})
		if err != nil {
			t.Fatal(err)
		}
		if len(holders) != 1 || holders[0].Person.Ref != "E-1" || !holders[0].MissingVOG || !holders[0].MissingOath {
			t.Errorf("holders = %+v", holders)
		}

		// Replacing the measures: a third one ends "thin".
		got.Measures = append(got.Measures, domain.VulnerableMeasure{Measure: domain.MeasureRotation, Owner: "P&O"})
		if err := s.SaveVulnerablePosition(ctx, actor, org.ID, got); err != nil {
			t.Fatal(err)
		}
		list, err := s.VulnerablePositions(ctx, org.ID)
		if err != nil || len(list) != 1 || list[0].HighThin() || len(list[0].Measures) != 3 {
			t.Fatalf("list = %+v, %v", list, err)
		}
		if err := s.DeleteVulnerablePosition(ctx, actor, org.ID, v.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.VulnerablePositions(ctx, org.ID); len(list) != 0 {
			t.Errorf("after delete: %+v", list)
		}
		want := []string{"vulnpos.create", "vulnpos.delete", "vulnpos.update"}
		if got := acAuditActions(t, s, org.ID, "vulnpos."); len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("audit = %v, want %v", got, want)
		}
	})
}
