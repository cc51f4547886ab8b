package domain

import (
	"testing"
	"time"
)

func TestOnboardingRulesPerEmployment(t *testing.T) {
	tests := []struct {
		employment string
		owes       map[string]bool
	}{
		{"permanent", map[string]bool{"vog": true, "oath": true, "declaration": true, "confidentiality": true, "intro_training": true}},
		{"temporary", map[string]bool{"vog": true, "oath": true, "declaration": true, "confidentiality": true, "intro_training": true}},
		{"hired", map[string]bool{"vog": true, "oath": false, "declaration": true, "confidentiality": true, "intro_training": false}},
		{"intern", map[string]bool{"vog": true, "oath": false, "declaration": true, "confidentiality": true, "intro_training": true}},
		{"office_holder", map[string]bool{"vog": false, "oath": false, "declaration": false, "confidentiality": false, "intro_training": false}},
	}
	for _, tc := range tests {
		for _, item := range OnboardingItems {
			if got := Owes(tc.employment, item); got != tc.owes[item] {
				t.Errorf("Owes(%s, %s) = %v, want %v", tc.employment, item, got, tc.owes[item])
			}
		}
	}
}

func TestGaps(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	hired := &Person{Employment: "hired", StartOn: &start, VOGOn: &start}
	gaps := hired.Gaps(now)
	if len(gaps) != 2 || gaps[0].Item != "declaration" || gaps[1].Item != "confidentiality" {
		t.Fatalf("hired gaps = %+v, want the declaration and confidentiality, not the oath", gaps)
	}
	left := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	gone := &Person{Employment: "permanent", StartOn: &start, EndOn: &left}
	if g := gone.Gaps(now); len(g) != 0 {
		t.Errorf("someone who left owes %v", g)
	}
}
