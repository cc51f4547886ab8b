package cli

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDemoOutside checks the demo's outside activities: every assessment,
// some to confirm again, a public register with office holders and their
// income, and financial interests of designated positions only.
func TestDemoOutside(t *testing.T) {
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
	list, err := s.OutsideActivities(ctx, org.ID, store.OutsideFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byAssessment, intended := map[string]int{}, 0
	for _, a := range list {
		byAssessment[string(a.Assessment)]++
		if a.Status == "intended" {
			intended++
		}
	}
	for _, as := range domain.OutsideAssessments {
		if byAssessment[string(as)] < 3 {
			t.Errorf("demo: %d activities %s", byAssessment[string(as)], as)
		}
	}
	if len(list) < 40 || intended == 0 {
		t.Errorf("demo: %d activities, %d intended", len(list), intended)
	}
	due, _ := s.OutsideToReconfirm(ctx, org.ID)
	if len(due) < 3 {
		t.Errorf("demo: %d to confirm again", len(due))
	}
	reg, _ := s.OutsideRegister(ctx, org.ID)
	offices, incomes, officials := map[string]int{}, 0, 0
	for _, e := range reg {
		if e.Office == "" {
			officials++
			continue
		}
		offices[string(e.Office)]++
		if e.IncomeEUR != nil {
			incomes++
		}
	}
	if offices["mayor"] == 0 || offices["alderman"] == 0 || offices["councillor"] == 0 || incomes == 0 || officials < 3 {
		t.Errorf("demo register: %v offices, %d incomes, %d officials", offices, incomes, officials)
	}
	fin, _ := s.FinancialInterests(ctx, org.ID, store.FinancialFilter{})
	if len(fin) < 4 {
		t.Errorf("demo: %d financial interests", len(fin))
	}
}
