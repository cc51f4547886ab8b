package cli

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDemoActionPlan checks that the demo's plan shows what the module is
// for: six action lines, actions in every status, some past their period,
// progress notes, and an action the employee owns.
func TestDemoActionPlan(t *testing.T) {
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := SeedDemo(ctx, s, testParams); err != nil {
		t.Fatal(err)
	}
	org, _ := s.OrganisationBySlug(ctx, DemoSlug)
	plans, err := s.Plans(ctx, org.ID)
	if err != nil || len(plans) != 1 {
		t.Fatalf("plans = %d, %v", len(plans), err)
	}
	// On 1 December 2026 (the demo ages with the clock; this is the day
	// the plan was written for).
	st := plans[0].StateOn(domain.Date{Year: 2026, Month: 12, Day: 1})
	if len(st.Lines) != 6 || st.Total != len(demoActions) || st.Overdue < 2 {
		t.Errorf("state = %+v", st)
	}
	for _, status := range domain.ActionStatuses {
		if st.ByStatus[string(status)] == 0 {
			t.Errorf("no demo action is %s", status)
		}
	}
	emp, _ := s.UserByUsername(ctx, org.ID, "employee")
	if mine, err := s.ActionsOwnedBy(ctx, org.ID, emp.ID); err != nil || len(mine) != 1 {
		t.Errorf("the employee owns %d actions, %v", len(mine), err)
	}
	a, err := s.PlanAction(ctx, org.ID, plans[0].Actions[0].ID)
	if err != nil || len(a.Notes) != 2 || a.Status != domain.ActionRunning {
		t.Errorf("action 1 = %+v, %v", a, err)
	}
}
