package domain

import (
	"strings"
	"testing"
	"time"
)

func TestOnboardingRulesPerEmployment(t *testing.T) {
	tests := []struct {
		employment Employment
		owes       map[OnboardingItem]bool
	}{
		{"permanent", map[OnboardingItem]bool{"vog": true, "oath": true, "declaration": true, "confidentiality": true, "intro_training": true}},
		{"temporary", map[OnboardingItem]bool{"vog": true, "oath": true, "declaration": true, "confidentiality": true, "intro_training": true}},
		{"hired", map[OnboardingItem]bool{"vog": true, "oath": false, "declaration": true, "confidentiality": true, "intro_training": false}},
		{"intern", map[OnboardingItem]bool{"vog": true, "oath": false, "declaration": true, "confidentiality": true, "intro_training": true}},
		{"office_holder", map[OnboardingItem]bool{"vog": false, "oath": false, "declaration": false, "confidentiality": false, "intro_training": false}},
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

func TestGapsOnTheLastDay(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	last := Day(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	p := &Person{Employment: "permanent", StartOn: &start, EndOn: &last}
	if g := p.Gaps(time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)); len(g) != 5 {
		t.Errorf("on the last day: %d gaps, want 5", len(g))
	}
	if g := p.Gaps(time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)); len(g) != 0 {
		t.Errorf("the day after: %v", g)
	}
	if d, ok := (Gap{Item: "vog", Since: &start}).Days(time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC)); !ok || d != 31 {
		// 23:30 UTC on 31 March is 1 April in Amsterdam: 31 days.
		t.Errorf("days = %d, %v", d, ok)
	}
	if _, ok := (Gap{Item: "vog"}).Days(start); ok {
		t.Error("days known without a start date")
	}
}

func TestPersonCheck(t *testing.T) {
	day := func(y, m, d int) *time.Time { t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC); return &t }
	tests := []struct {
		name   string
		p      Person
		fields []string
	}{
		{"fine", Person{Ref: "E-1", Employment: "permanent", OathOn: day(2026, 1, 5), OathKind: "affirmation"}, nil},
		{"office holder may record an oath", Person{Ref: "R-1", Employment: "office_holder", OathOn: day(2026, 1, 5), OathKind: "oath"}, nil},
		{"bad ref and employment", Person{Ref: " ", Employment: "astronaut"}, []string{"ref", "employment"}},
		{"oath without kind", Person{Ref: "1", Employment: "temporary", OathOn: day(2026, 1, 5)}, []string{"oath_kind"}},
		{"kind without date", Person{Ref: "1", Employment: "temporary", OathKind: "oath"}, []string{"oath_on"}},
		{"unknown kind", Person{Ref: "1", Employment: "temporary", OathOn: day(2026, 1, 5), OathKind: "pledge"}, []string{"oath_kind"}},
		{"hired staff take no oath", Person{Ref: "1", Employment: "hired", OathOn: day(2026, 1, 5), OathKind: "oath"}, []string{"oath_on"}},
		{"interns take no oath", Person{Ref: "1", Employment: "intern", OathWitness: "de burgemeester"}, []string{"oath_on"}},
		{"end before start", Person{Ref: "1", Employment: "hired", StartOn: day(2026, 2, 1), EndOn: day(2026, 1, 31)}, []string{"end_on"}},
		{"implausible date", Person{Ref: "1", Employment: "hired", VOGOn: day(1021, 2, 1)}, []string{"vog_on"}},
	}
	for _, tc := range tests {
		var got []string
		for _, err := range tc.p.Check() {
			got = append(got, AsError(err).Field)
		}
		if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
			t.Errorf("%s: problems at %v, want %v", tc.name, got, tc.fields)
		}
	}
}

func TestPersonTakeAndChanged(t *testing.T) {
	start := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	stored := &Person{Ref: "7", Name: "Eva Jansen", Employment: "temporary", EndOn: &end, UserID: 9, OathWitness: "de secretaris"}
	file := &Person{Ref: "7", Employment: "permanent", StartOn: &start}
	merged := *stored
	merged.Take(file, []string{"ref", "employment", "start_on"})
	if merged.Name != "Eva Jansen" || merged.EndOn != &end || merged.UserID != 9 || merged.Employment != "permanent" || merged.StartOn != &start {
		t.Fatalf("merged = %+v", merged)
	}
	if got := strings.Join(merged.Changed(stored), ","); got != "employment,start_on" {
		t.Errorf("changed = %s", got)
	}
	same := *stored
	amsterdam := Day(end) // the same day at another instant
	same.EndOn = &amsterdam
	if c := same.Changed(stored); len(c) != 0 {
		t.Errorf("the same day counts as a change: %v", c)
	}
}
