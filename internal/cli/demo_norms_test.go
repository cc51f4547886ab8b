package cli

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestDemoNorms checks that the demo's scorecard of last year shows more
// than one status, and that the recorded code of conduct is met.
func TestDemoNorms(t *testing.T) {
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
	card, err := report.Scorecard(ctx, s, org.ID, org.Slug, domain.ThisYear(s.Now())-1, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, n := range card.ByStatus {
		if n > 0 {
			seen++
		}
	}
	if seen < 3 || card.Norms[1].Status != string(domain.NormMet) || card.Norms[1].PreviousStatus != string(domain.NormPartly) {
		t.Errorf("demo scorecard: %v; codes %s (before %s)", card.ByStatus, card.Norms[1].Status, card.Norms[1].PreviousStatus)
	}
}
