package cli

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDemoGifts checks the demo's gifts: 40 in the past year, values
// around the threshold, every decision, givers who show up often, and the
// employee's own reports when the account has a person.
func TestDemoGifts(t *testing.T) {
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
	now := time.Now()
	yearAgo := domain.Day(now).AddDate(-1, 0, 0)
	gifts, err := s.Gifts(ctx, org.ID, store.GiftFilter{})
	if err != nil {
		t.Fatal(err)
	}
	threshold, _ := s.GiftThreshold(ctx, org.ID)
	decisions, values, givers := map[string]int{}, map[int64]bool{}, map[string]int{}
	for _, g := range gifts {
		if g.OfferedOn.Before(yearAgo) || g.OfferedOn.After(now) {
			t.Errorf("gift of %v is not in the past year", g.OfferedOn)
		}
		if !domain.GiftDecisionAllowed(g.Decision, g.ValueCents, threshold) {
			t.Errorf("gift %d: %s at %s", g.ID, g.Decision, g.Value())
		}
		if (g.Decision == "pending") != (g.DecidedAt == nil) {
			t.Errorf("gift %d: decision %s decided at %v", g.ID, g.Decision, g.DecidedAt)
		}
		decisions[string(g.Decision)]++
		values[g.ValueCents/100] = true
		givers[domain.GiverKey(g.Giver)]++
	}
	if len(gifts) != 40 || len(decisions) != len(domain.GiftDecisions) {
		t.Errorf("demo gifts: %d, decisions %v", len(gifts), decisions)
	}
	for _, v := range []int64{25, 45, 50, 55, 75, 150} {
		if !values[v] {
			t.Errorf("no gift of € %d", v)
		}
	}
	frequent := 0
	for _, n := range givers {
		if n >= domain.FrequentGiverCount {
			frequent++
		}
	}
	if frequent < 3 {
		t.Errorf("givers who show up often: %d (%v)", frequent, givers)
	}
	employee, _ := s.UserByUsername(ctx, org.ID, "employee")
	if _, err := s.PersonForUser(ctx, org.ID, employee.ID); err == nil {
		own, err := s.OwnGifts(ctx, org.ID, employee.ID)
		if err != nil || len(own) != 3 {
			t.Fatalf("the employee's own gifts: %d, %v", len(own), err)
		}
		for _, g := range own {
			if !g.SelfReported {
				t.Errorf("the employee's gift %d was recorded by HR", g.ID)
			}
		}
	}
}
