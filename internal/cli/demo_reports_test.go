package cli

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The demo files its reports as real ones are numbered: in the order of
// receipt, so within a year a later number was never received earlier.
func TestDefect_DemoNumbersReportsInOrderOfReceipt(t *testing.T) {
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
	var all []*domain.Report
	for _, username := range []string{"coordinator", "burgemeester", "griffier"} {
		u, err := s.UserByUsername(ctx, org.ID, username)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []domain.ReportState{"", domain.StateClosed} {
			reps, err := s.ReportsForHandler(ctx, org.ID, u.ID, store.ReportFilter{State: st, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, reps...)
		}
	}
	if len(all) < len(demoReports) {
		t.Fatalf("found %d demo reports, want %d", len(all), len(demoReports))
	}
	slices.SortFunc(all, func(a, b *domain.Report) int { return a.ReceivedAt.Compare(b.ReceivedAt) })
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if a.Number[:4] == b.Number[:4] && a.Number > b.Number {
			t.Errorf("%s received %s, before %s received %s", a.Number, a.ReceivedAt.Format("2006-01-02"), b.Number, b.ReceivedAt.Format("2006-01-02"))
		}
	}
}
