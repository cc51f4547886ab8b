package domain

import (
	"testing"
	"time"
)

func TestRiskRule(t *testing.T) {
	p, s, n := VulnLevelPrimary, VulnLevelSecondary, VulnLevelNone
	tests := []struct {
		name   string
		levels map[VulnActivity]VulnLevel
		want   RiskLevel
	}{
		{"nothing", nil, RiskNone},
		{"all not involved", map[VulnActivity]VulnLevel{VulnCollecting: n, VulnGranting: n}, RiskNone},
		{"one secondary link", map[VulnActivity]VulnLevel{VulnAssessing: s}, RiskLow},
		{"two secondary links", map[VulnActivity]VulnLevel{VulnAssessing: s, VulnConfidential: s}, RiskLow},
		{"three secondary links", map[VulnActivity]VulnLevel{VulnAssessing: s, VulnConfidential: s, VulnGranting: s}, RiskMedium},
		{"one primary link", map[VulnActivity]VulnLevel{VulnGranting: p}, RiskMedium},
		{"one primary and two secondary (4 points)", map[VulnActivity]VulnLevel{VulnGranting: p, VulnAssessing: s, VulnConfidential: s}, RiskMedium},
		{"one primary and three secondary (5 points)", map[VulnActivity]VulnLevel{VulnGranting: p, VulnAssessing: s, VulnConfidential: s, VulnEnforcing: s}, RiskHigh},
		{"five secondary links", map[VulnActivity]VulnLevel{VulnCollecting: s, VulnPayingOut: s, VulnGranting: s, VulnEnforcing: s, VulnAssessing: s}, RiskHigh},
		{"two primary links", map[VulnActivity]VulnLevel{VulnPayingOut: p, VulnMoneyGoods: p}, RiskHigh},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RiskOf(tt.levels); got != tt.want {
				t.Errorf("RiskOf(%v) = %s, want %s", tt.levels, got, tt.want)
			}
		})
	}
}

func TestHighRiskThinMeasures(t *testing.T) {
	high := map[VulnActivity]VulnLevel{VulnContracting: VulnLevelPrimary, VulnPayingOut: VulnLevelPrimary}
	medium := map[VulnActivity]VulnLevel{VulnGranting: VulnLevelPrimary}
	ms := func(codes ...ControlMeasure) []VulnerableMeasure {
		var out []VulnerableMeasure
		for _, c := range codes {
			out = append(out, VulnerableMeasure{Measure: c, Owner: "Teamleider"})
		}
		return out
	}
	tests := []struct {
		name               string
		levels             map[VulnActivity]VulnLevel
		measures           []VulnerableMeasure
		wantThin, wantHigh bool
	}{
		{"high, no measures", high, nil, true, true},
		{"high, two measures", high, ms(MeasureFourEyes, MeasureSegregation), true, true},
		{"high, three measures", high, ms(MeasureFourEyes, MeasureSegregation, MeasureRotation), false, false},
		{"medium, one measure: thin but not high", medium, ms(MeasureFourEyes), true, false},
		{"medium, two measures", medium, ms(MeasureFourEyes, MeasureTraining), false, false},
		{"no risk, no measures", nil, nil, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := VulnerablePosition{Ref: "KF-1", Name: "x", Levels: tt.levels, Measures: tt.measures}
			if got := v.Thin(); got != tt.wantThin {
				t.Errorf("Thin() = %v, want %v", got, tt.wantThin)
			}
			if got := v.HighThin(); got != tt.wantHigh {
				t.Errorf("HighThin() = %v, want %v", got, tt.wantHigh)
			}
		})
	}
}

func TestVulnerablePositionCheck(t *testing.T) {
	last := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	before := last.AddDate(0, -1, 0)
	v := VulnerablePosition{Levels: map[VulnActivity]VulnLevel{VulnGranting: "very"},
		Measures:   []VulnerableMeasure{{Measure: MeasureFourEyes}, {Measure: "magic", Owner: "x"}},
		LastReview: &last, NextReview: &before}
	fields := map[string]bool{}
	for _, err := range v.Check() {
		fields[AsError(err).Field] = true
	}
	for _, f := range []string{"ref", "name", "a_granting", "m_four_eyes_owner", "measures", "next_review"} {
		if !fields[f] {
			t.Errorf("Check: no problem at %s (got %v)", f, fields)
		}
	}
}

func TestLevelsRoundTrip(t *testing.T) {
	in := map[VulnActivity]VulnLevel{VulnGranting: VulnLevelPrimary, VulnAssessing: VulnLevelSecondary, VulnCollecting: VulnLevelNone}
	s := EncodeLevels(in)
	if s != "granting=primary,assessing=secondary" {
		t.Fatalf("EncodeLevels = %q", s)
	}
	out := DecodeLevels(s)
	if RiskOf(out) != RiskOf(in) || out[VulnGranting] != VulnLevelPrimary || out[VulnAssessing] != VulnLevelSecondary {
		t.Errorf("DecodeLevels(%q) = %v", s, out)
	}
}
