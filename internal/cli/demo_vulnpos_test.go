package cli

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDemoVulnerablePositions checks that the demo shows every view of the
// vulnerable positions: high risk with thin measures, overdue reviews,
// holders lacking a VOG or the oath.
func TestDemoVulnerablePositions(t *testing.T) {
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
	list, err := s.VulnerablePositions(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	holders, err := s.VulnerableHolders(ctx, org.ID, list)
	if err != nil {
		t.Fatal(err)
	}
	sum := domain.NewVulnerableSummary(list, len(holders), s.Now())
	if sum.Total != len(demoVulnerables) || sum.HighThin == 0 || sum.ReviewsOverdue == 0 || sum.ByRisk["high"] < 3 || sum.ByRisk["low"] == 0 {
		t.Errorf("demo vulnerable positions: %+v", sum)
	}
	if len(holders) == 0 {
		t.Error("no demo holder of a vulnerable position lacks a VOG or the oath")
	}
}
