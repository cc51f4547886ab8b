package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestActionPlans(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s) // 2 March 2026
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		ctl := mustUser(t, s, org, "ctl", domain.RoleController)
		owner := mustUser(t, s, org, "eigenaar", domain.RoleEmployee)
		stranger := mustUser(t, s, other, "vreemde", domain.RoleEmployee)
		actor := store.UserActor(ctl, "sess")

		plan := &domain.ActionPlan{Ref: "PVA-2025", Title: "Plan van aanpak integriteit 2025–2026", FromYear: 2025, UntilYear: 2026}
		if err := s.SavePlan(ctx, actor, org.ID, plan); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.SavePlan(ctx, actor, org.ID, &domain.ActionPlan{Ref: "PVA-2025", Title: "Dubbel", FromYear: 2025, UntilYear: 2025}), domain.ECONFLICT)
		wantCode(t, s.SavePlan(ctx, actor, org.ID, &domain.ActionPlan{Ref: "X", Title: "Omgekeerd", FromYear: 2026, UntilYear: 2025}), domain.EINVALID)

		line := &domain.ActionLine{PlanID: plan.ID, Number: 1, Title: "Bewustwording"}
		if err := s.SaveActionLine(ctx, actor, org.ID, line); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.SaveActionLine(ctx, actor, org.ID, &domain.ActionLine{PlanID: plan.ID, Number: 1, Title: "Dubbel"}), domain.ECONFLICT)
		wantCode(t, s.SaveActionLine(ctx, actor, other.ID, &domain.ActionLine{PlanID: plan.ID, Number: 2, Title: "Vreemd"}), domain.ENOTFOUND)

		q := func(y, n int) domain.Quarter { return domain.Quarter{Year: y, Q: n} }
		late := &domain.PlanAction{PlanID: plan.ID, LineID: line.ID, Number: 1, Description: "Dilemmatraining voor alle teams",
			Kind: domain.ActionNew, From: q(2025, 1), Until: q(2025, 4), OwnerID: owner.ID, Status: domain.ActionRunning}
		onTime := &domain.PlanAction{PlanID: plan.ID, LineID: line.ID, Number: 2, Description: "Gedragscode herzien",
			Kind: domain.ActionContinued, From: q(2026, 1), Until: q(2026, 2), Status: domain.ActionPlanned}
		for _, a := range []*domain.PlanAction{late, onTime} {
			if err := s.SaveAction(ctx, actor, org.ID, a); err != nil {
				t.Fatal(err)
			}
		}
		// The number is unique in the plan; an owner of another organisation
		// and a dropped action without a reason are refused.
		dup := *onTime
		dup.ID = 0
		wantCode(t, s.SaveAction(ctx, actor, org.ID, &dup), domain.ECONFLICT)
		foreign := *onTime
		foreign.ID, foreign.Number, foreign.OwnerID = 0, 3, stranger.ID
		wantCode(t, s.SaveAction(ctx, actor, org.ID, &foreign), domain.EINVALID)
		dropped := *onTime
		dropped.Status = domain.ActionDropped
		wantCode(t, s.SaveAction(ctx, actor, org.ID, &dropped), domain.EINVALID)

		got, err := s.Plan(ctx, org.ID, plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Lines) != 1 || len(got.Actions) != 2 || got.Actions[0].OwnerName != "eigenaar" || got.Actions[0].Until != q(2025, 4) {
			t.Fatalf("plan = %+v", got)
		}
		today := domain.Today(s.Now())
		st := got.StateOn(today)
		if st.Total != 2 || st.Overdue != 1 || st.ByStatus["running"] != 1 || st.ByStatus["planned"] != 1 || st.Lines[0].Overdue != 1 {
			t.Errorf("state = %+v", st)
		}
		if _, err := s.Plan(ctx, other.ID, plan.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("other organisation's plan: %v", err)
		}

		// The owner reports progress: done, with a note dated today.
		if err := s.ReportProgress(ctx, store.UserActor(owner, "s2"), org.ID, late.ID,
			&domain.Progress{Status: domain.ActionDone, Note: "Alle teams getraind."}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.ReportProgress(ctx, actor, org.ID, late.ID, &domain.Progress{Status: domain.ActionDropped}), domain.EINVALID)
		wantCode(t, s.ReportProgress(ctx, actor, org.ID, late.ID,
			&domain.Progress{Status: domain.ActionDone, Note: "x", Day: domain.Date{Year: 2026, Month: 3, Day: 3}}), domain.EINVALID)
		wantCode(t, s.ReportProgress(ctx, actor, other.ID, late.ID, &domain.Progress{Status: domain.ActionDone}), domain.ENOTFOUND)
		a, err := s.PlanAction(ctx, org.ID, late.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != domain.ActionDone || len(a.Notes) != 1 || a.Notes[0].Day != today || a.Notes[0].AuthorName != "eigenaar" || a.OverdueOn(today) {
			t.Errorf("after progress: %+v", a)
		}
		mine, err := s.ActionsOwnedBy(ctx, org.ID, owner.ID)
		if err != nil || len(mine) != 1 || mine[0].ID != late.ID {
			t.Errorf("owned = %+v, %v", mine, err)
		}

		// A line with actions is not deleted; deleting the plan takes all.
		wantCode(t, s.DeleteActionLine(ctx, actor, org.ID, plan.ID, line.ID), domain.ECONFLICT)
		if err := s.DeleteAction(ctx, actor, org.ID, onTime.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeletePlan(ctx, actor, org.ID, plan.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.Plans(ctx, org.ID); len(list) != 0 {
			t.Errorf("after delete: %+v", list)
		}
		if mine, _ := s.ActionsOwnedBy(ctx, org.ID, owner.ID); len(mine) != 0 {
			t.Errorf("actions after the plan's delete: %+v", mine)
		}
		want := []string{"plan.action_create", "plan.action_create", "plan.action_delete", "plan.create", "plan.delete", "plan.line_create", "plan.progress"}
		if got := acAuditActions(t, s, org.ID, "plan."); !slices.Equal(got, want) {
			t.Errorf("audit = %v, want %v", got, want)
		}
	})
}
