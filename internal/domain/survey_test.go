package domain

import (
	"fmt"
	"testing"
)

// TestSurveyReportingRatio computes the reporting ratio on a fixture: ten
// respondents who observed 12 breaches and reported 3 of them (a reported
// count above the observed one counts as the observed one).
func TestSurveyReportingRatio(t *testing.T) {
	var responses []SurveyResponse
	for _, ar := range [][2]int{{0, 0}, {0, 0}, {4, 1}, {2, 0}, {1, 1}, {3, 0}, {0, 0}, {2, 1}, {0, 0}, {0, 0}} {
		responses = append(responses, SurveyResponse{Answers: map[string]int{QObserved: ar[0], QReported: ar[1]}})
	}
	f := NewSurveyFigures(StandardSurvey, responses)
	if f.Observed != 12 || f.Reported != 3 || f.Observers != 5 {
		t.Errorf("observed %d reported %d observers %d, want 12, 3, 5", f.Observed, f.Reported, f.Observers)
	}
	if r, ok := f.ReportingRatio(); !ok || r != 250 {
		t.Errorf("reporting ratio %d‰ (%t), want 250‰", r, ok)
	}
	if _, ok := NewSurveyFigures(StandardSurvey, responses[:2]).ReportingRatio(); ok {
		t.Error("a ratio without observed breaches")
	}
}

// TestSurveyGroupShown: groups below the minimum show no figures, and when
// the hidden groups together stay below it, the smallest shown group is
// hidden too so that no subtraction gives them away.
func TestSurveyGroupShown(t *testing.T) {
	for _, tc := range []struct {
		counts map[string]int
		min    int
		want   map[string]bool
	}{
		{map[string]int{"A": 12, "B": 10}, 10, map[string]bool{"A": true, "B": true}},
		{map[string]int{"A": 12, "B": 3}, 10, map[string]bool{"A": false, "B": false}},
		{map[string]int{"A": 12, "B": 11, "C": 3}, 10, map[string]bool{"A": true, "B": false, "C": false}},
		{map[string]int{"A": 20, "B": 6, "C": 5}, 10, map[string]bool{"A": true, "B": false, "C": false}},
		{map[string]int{"A": 5, "B": 5}, 5, map[string]bool{"A": true, "B": true}},
		{map[string]int{"A": 4}, 5, map[string]bool{"A": false}},
	} {
		t.Run(fmt.Sprint(tc.counts), func(t *testing.T) {
			got := SurveyGroupShown(tc.counts, tc.min)
			for g, w := range tc.want {
				if got[g] != w {
					t.Errorf("group %s shown %t, want %t", g, got[g], w)
				}
			}
		})
	}
}

// TestSurveyResultsBelowMinimum: a group below the minimum has no figures,
// nor has the total below it.
func TestSurveyResultsBelowMinimum(t *testing.T) {
	sv := &Survey{Template: SurveyTemplateStandard, MinGroup: 5}
	var rs []SurveyResponse
	for i := 0; i < 4; i++ {
		rs = append(rs, SurveyResponse{Group: "Klein", Answers: map[string]int{"climate_safe": 5, QObserved: 2}})
	}
	res := NewSurveyResults(sv, []SurveyGroupCount{{"Klein", 6}}, rs)
	if res.Shown || res.Total.Responses != 0 || res.Groups[0].Shown || res.Groups[0].Figures.Observed != 0 {
		t.Errorf("figures of fewer than 5 shown: %+v", res)
	}
	rs = append(rs, SurveyResponse{Group: "Klein", Answers: map[string]int{"climate_safe": 1}})
	res = NewSurveyResults(sv, []SurveyGroupCount{{"Klein", 6}}, rs)
	if !res.Shown || res.Total.Likert["climate_safe"].AgreePerM != 800 || res.ResponseRatePerM() != 833 {
		t.Errorf("five responses: %+v", res)
	}
}

func TestSurveyCheck(t *testing.T) {
	for _, tc := range []struct {
		sv   Survey
		errs int
	}{
		{Survey{Title: "x", Year: 2026, MinGroup: 10}, 0},
		{Survey{Title: "x", Year: 2026, MinGroup: 4}, 1},
		{Survey{Title: " ", Year: 1, MinGroup: 5}, 2},
	} {
		if got := tc.sv.Check(); len(got) != tc.errs {
			t.Errorf("%+v: %v", tc.sv, got)
		}
	}
}
