package domain

import (
	"testing"
	"time"
)

// normCase is one row of a norm's table: the evidence and the status and
// messages the scorecard must show for it.
type normCase struct {
	name        string
	e           NormEvidence
	want        NormStatus
	wantMissing []string // message keys, in order
}

func runNorm(t *testing.T, n Norm, cases []normCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := AssessNorm(n, c.e)
			if got.Status != c.want {
				t.Errorf("status = %s, want %s", got.Status, c.want)
			}
			var keys []string
			for _, m := range got.Missing {
				keys = append(keys, m.Key)
			}
			if len(keys) != len(c.wantMissing) {
				t.Fatalf("missing = %v, want %v", keys, c.wantMissing)
			}
			for i := range keys {
				if keys[i] != c.wantMissing[i] {
					t.Errorf("missing = %v, want %v", keys, c.wantMissing)
				}
			}
			if got.Norm != n || (got.Fix == "") == (got.Keeper == "") {
				t.Errorf("norm %s: fix %q, keeper %q (exactly one)", got.Norm, got.Fix, got.Keeper)
			}
		})
	}
}

func aud(as ...ActivityAudience) map[ActivityAudience]bool {
	m := map[ActivityAudience]bool{}
	for _, a := range as {
		m[a] = true
	}
	return m
}

func TestNormAttention(t *testing.T) {
	runNorm(t, NormAttention, []normCase{
		{"register unknown", NormEvidence{}, NormNotRecorded, []string{"norms.miss_activities_register"}},
		{"stated none", NormEvidence{ActivitiesKnown: true}, NormNotMet, []string{"norms.miss_activities"}},
		{"every group", NormEvidence{ActivitiesKnown: true, Activities: 3, Audiences: aud(ActivityAudienceNewStaff, ActivityAudienceManagement, ActivityAudienceExecutive)}, NormMet, nil},
		{"staff only", NormEvidence{ActivitiesKnown: true, Activities: 1, Audiences: aud(ActivityAudienceStaff)}, NormPartly,
			[]string{"norms.miss_audience_management", "norms.miss_audience_politics"}},
	})
}

func recorded(n Norm, s NormStatus) map[Norm]*NormRecord {
	return map[Norm]*NormRecord{n: {Norm: n, Status: s, On: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Document: "B&W 2024/12"}}
}

func recordedCases(n Norm) []normCase {
	return []normCase{
		{"nothing recorded", NormEvidence{}, NormNotRecorded, []string{"norms.miss_record"}},
		{"another norm recorded", NormEvidence{Recorded: recorded(NormProcurement+"x", NormMet)}, NormNotRecorded, []string{"norms.miss_record"}},
		{"recorded met", NormEvidence{Recorded: recorded(n, NormMet)}, NormMet, nil},
		{"recorded partly", NormEvidence{Recorded: recorded(n, NormPartly)}, NormPartly, []string{"norms.miss_record_status"}},
		{"recorded not met", NormEvidence{Recorded: recorded(n, NormNotMet)}, NormNotMet, []string{"norms.miss_record_status"}},
	}
}

func TestNormCodes(t *testing.T) { runNorm(t, NormCodes, recordedCases(NormCodes)) }
func TestNormInfoSecurity(t *testing.T) {
	runNorm(t, NormInfoSecurity, recordedCases(NormInfoSecurity))
}
func TestNormProcurement(t *testing.T) { runNorm(t, NormProcurement, recordedCases(NormProcurement)) }

func TestNormScreening(t *testing.T) {
	runNorm(t, NormScreening, []normCase{
		{"people register unknown", NormEvidence{StartersOwingVOG: 3}, NormNotRecorded, []string{"norms.miss_no_starters"}},
		{"no starters", NormEvidence{PeopleKnown: true}, NormNotRecorded, []string{"norms.miss_no_starters"}},
		{"all", NormEvidence{PeopleKnown: true, StartersOwingVOG: 4, StartersWithVOG: 4}, NormMet, nil},
		{"some", NormEvidence{PeopleKnown: true, StartersOwingVOG: 4, StartersWithVOG: 1}, NormPartly, []string{"norms.miss_vog"}},
		{"none", NormEvidence{PeopleKnown: true, StartersOwingVOG: 4}, NormNotMet, []string{"norms.miss_vog"}},
	})
}

func TestNormVulnerable(t *testing.T) {
	runNorm(t, NormVulnerable, []normCase{
		{"no analysis", NormEvidence{}, NormNotRecorded, []string{"norms.miss_no_analysis"}},
		{"all current", NormEvidence{Analyses: 2, AnalysesCurrent: 2}, NormMet, nil},
		{"one older than three years", NormEvidence{Analyses: 2, AnalysesCurrent: 1}, NormPartly, []string{"norms.miss_analyses_old"}},
		{"all old", NormEvidence{Analyses: 2}, NormNotMet, []string{"norms.miss_analyses_old"}},
	})
}

func TestNormOath(t *testing.T) {
	runNorm(t, NormOath, []normCase{
		{"people register unknown", NormEvidence{NewOfficials: 2, OathWithin3Months: 2}, NormNotRecorded, []string{"norms.miss_no_officials"}},
		{"no new officials", NormEvidence{PeopleKnown: true}, NormNotRecorded, []string{"norms.miss_no_officials"}},
		{"all within three months", NormEvidence{PeopleKnown: true, NewOfficials: 2, OathWithin3Months: 2}, NormMet, nil},
		{"one late", NormEvidence{PeopleKnown: true, NewOfficials: 2, OathWithin3Months: 1}, NormPartly, []string{"norms.miss_oath"}},
		{"none", NormEvidence{PeopleKnown: true, NewOfficials: 2}, NormNotMet, []string{"norms.miss_oath"}},
	})
}

func TestNormOutside(t *testing.T) {
	runNorm(t, NormOutside, []normCase{
		{"neither", NormEvidence{}, NormNotRecorded, []string{"norms.miss_outside_register", "norms.miss_designated_publication"}},
		{"kept, none designated", NormEvidence{OutsideKnown: true}, NormPartly, []string{"norms.miss_designated_publication"}},
		{"designated, not kept", NormEvidence{DesignatedPublication: 3}, NormPartly, []string{"norms.miss_outside_register"}},
		{"both", NormEvidence{OutsideKnown: true, DesignatedPublication: 3}, NormMet, nil},
	})
}

func TestNormFinancial(t *testing.T) {
	runNorm(t, NormFinancial, []normCase{
		{"neither", NormEvidence{}, NormNotRecorded, []string{"norms.miss_financial_register", "norms.miss_designated_financial"}},
		{"kept, none designated", NormEvidence{FinancialKnown: true}, NormPartly, []string{"norms.miss_designated_financial"}},
		{"designated, not kept", NormEvidence{DesignatedFinancial: 1}, NormPartly, []string{"norms.miss_financial_register"}},
		{"both", NormEvidence{FinancialKnown: true, DesignatedFinancial: 1}, NormMet, nil},
	})
}

func TestNormGifts(t *testing.T) {
	runNorm(t, NormGifts, []normCase{
		{"register unknown", NormEvidence{GiftsPending: 2}, NormNotRecorded, []string{"norms.miss_gifts_register"}},
		{"kept, all decided", NormEvidence{GiftsKnown: true}, NormMet, nil},
		{"awaiting decisions", NormEvidence{GiftsKnown: true, GiftsPending: 2}, NormPartly, []string{"norms.miss_gifts_pending"}},
	})
}

func TestNormAdvisers(t *testing.T) {
	runNorm(t, NormAdvisers, []normCase{
		{"none appointed in Integer", NormEvidence{}, NormNotRecorded, []string{"norms.miss_no_advisers"}},
		{"internal and external", NormEvidence{AdvisersInternal: 2, AdvisersExternal: 1}, NormMet, nil},
		{"internal only", NormEvidence{AdvisersInternal: 2}, NormPartly, []string{"norms.miss_adviser_external"}},
		{"unset", NormEvidence{AdvisersExternal: 1, AdvisersUnset: 1}, NormPartly, []string{"norms.miss_adviser_internal", "norms.miss_adviser_unset"}},
	})
}

func TestNormReporting(t *testing.T) {
	runNorm(t, NormReporting, []normCase{
		{"register unknown", NormEvidence{AckLate: 3}, NormNotRecorded, []string{"norms.miss_reports_register"}},
		{"stated none", NormEvidence{ReportsKnown: true}, NormMet, nil},
		{"all on time", NormEvidence{ReportsKnown: true, AckOnTime: 5, FeedbackOnTime: 4}, NormMet, nil},
		{"feedback late once", NormEvidence{ReportsKnown: true, AckOnTime: 5, FeedbackOnTime: 4, FbLate: 1}, NormPartly, []string{"norms.miss_feedback_late"}},
		{"all late", NormEvidence{ReportsKnown: true, AckLate: 2, FbLate: 2}, NormNotMet, []string{"norms.miss_ack_late", "norms.miss_feedback_late"}},
	})
}

func TestNormInvestigations(t *testing.T) {
	runNorm(t, NormInvestigations, []normCase{
		{"register unknown", NormEvidence{InvestigationsClosed: 1}, NormNotRecorded, []string{"norms.miss_no_investigations"}},
		{"none closed yet", NormEvidence{ReportsKnown: true, InvestigationsStillRunning: 2}, NormNotRecorded, []string{"norms.miss_no_investigations"}},
		{"all with outcome", NormEvidence{ReportsKnown: true, InvestigationsClosed: 3, InvestigationsWithOutcome: 3}, NormMet, nil},
		{"one without", NormEvidence{ReportsKnown: true, InvestigationsClosed: 3, InvestigationsWithOutcome: 2}, NormPartly, []string{"norms.miss_investigations_outcome"}},
		{"none with", NormEvidence{ReportsKnown: true, InvestigationsClosed: 3}, NormNotMet, []string{"norms.miss_investigations_outcome"}},
	})
}

// TestAssessNormsCoversAll: every norm is assessed, in order, and with no
// evidence at all none is "not met".
func TestAssessNormsCoversAll(t *testing.T) {
	got := AssessNorms(NormEvidence{})
	if len(got) != 13 {
		t.Fatalf("%d norms, want 13", len(got))
	}
	for i, r := range got {
		if r.Norm != Norms[i] {
			t.Errorf("norm %d = %s, want %s", i, r.Norm, Norms[i])
		}
		if r.Status != NormNotRecorded {
			t.Errorf("%s without evidence = %s, want not_recorded", r.Norm, r.Status)
		}
	}
}

func TestNormRecordCheck(t *testing.T) {
	ok := NormRecord{Norm: NormCodes, Status: NormMet, On: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Document: " Gedragscode 2024 "}
	if errs := ok.Check(); len(errs) != 0 || ok.Document != "Gedragscode 2024" {
		t.Errorf("check = %v, document %q", errs, ok.Document)
	}
	bad := NormRecord{Norm: NormOath, Status: NormNotRecorded}
	fields := map[string]bool{}
	for _, err := range bad.Check() {
		fields[err.(*Error).Field] = true
	}
	for _, f := range []string{"norm", "status", "on", "document"} {
		if !fields[f] {
			t.Errorf("no problem at %s: %v", f, fields)
		}
	}
}
