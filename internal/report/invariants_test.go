package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_ReportContradictsItself: the report checks the relations its
// figures must satisfy. The Helmond report satisfies all of them; breaking
// one figure breaks exactly its invariant, one case per invariant, and
// every invariant has a case.
func TestDefect_ReportContradictsItself(t *testing.T) {
	st, err := store.Open(context.Background(), t.TempDir()+"/integer.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	base, err := report.Build(context.Background(), st, importHelmond(t, st), 2021, report.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(base.Violations) != 0 {
		t.Fatalf("the Helmond report contradicts itself: %+v", base.Violations)
	}
	// The registers Helmond does not keep, consistent.
	base.OutsideActivities = &report.Outside{Reported: 3, Allowed: 2, Pending: 1, Published: 1}
	base.Gifts = &report.Gifts{Total: 2, ByDecision: map[string]report.Count{"accepted": 2}, ByKind: map[string]report.Count{"gift": 2}}
	base.FinancialInterests = &report.Financial{Total: 1, ByKind: map[string]report.Count{"shares": 1}, ByAssessment: map[string]report.Count{"no_conflict": 1}}
	if v := report.Check(base, nil, "nl"); len(v) != 0 {
		t.Fatalf("the base contradicts itself: %+v", v)
	}
	cases := []struct {
		code   string
		break_ func(r *report.Report)
	}{
		{"categories_sum", func(r *report.Report) { r.Reports.ByCategory["financial"]++ }},
		{"outcomes_sum", func(r *report.Report) { r.Reports.ByOutcome["open"]++ }},
		{"stop_reasons_sum", func(r *report.Report) { r.Reports.StopReasons["person_left"]++ }},
		{"reporter_kinds_sum", func(r *report.Report) { r.Reports.ByReporterKind["resident"]++ }},
		{"channels_sum", func(r *report.Report) { r.Reports.ByChannel["letter"]++ }},
		{"contexts_sum", func(r *report.Report) { r.Reports.ByContext["mayor"]++ }},
		{"investigations_sum", func(r *report.Report) { r.Reports.ByInvestigation["internal"]++ }},
		{"investigated", func(r *report.Report) { r.Reports.Investigated-- }},
		{"investigations_open", func(r *report.Report) {
			r.Reports.InvestigationsOpen = r.Reports.Investigated + 1
		}},
		{"reports_parts", func(r *report.Report) { r.Reports.Anonymous = r.Reports.Total + 1 }},
		{"acknowledgement_sum", func(r *report.Report) { r.Reports.DeadlinesMet.Acknowledgement.Late++ }},
		{"feedback_sum", func(r *report.Report) { r.Reports.DeadlinesMet.Feedback.Pending++ }},
		{"referrals", func(r *report.Report) { r.Reports.Referrals = map[string]report.Count{"police": 0} }},
		{"measures_without_finding", func(r *report.Report) {
			r.Reports.Measures["reprimand"] = 1
			r.Reports.ByOutcome["open"] += r.Reports.ByOutcome["substantiated"] + r.Reports.ByOutcome["partly_substantiated"]
			r.Reports.ByOutcome["substantiated"], r.Reports.ByOutcome["partly_substantiated"] = 0, 0
		}},
		{"trend_total", func(r *report.Report) { r.Reports.Trend[len(r.Reports.Trend)-1].Count++ }},
		{"advice_answered", func(r *report.Report) { r.AdviceRequests.Answered = r.AdviceRequests.Total + 1 }},
		{"advice_topics_sum", func(r *report.Report) { r.AdviceRequests.ByTopic["gifts"]++ }},
		{"first_contacts", func(r *report.Report) {
			r.ConfidentialAdvisers.FirstContacts = r.ConfidentialAdvisers.ContactsTotal.Count + 1
		}},
		{"cases_without_contacts", func(r *report.Report) {
			r.ConfidentialAdvisers.ContactsTotal.Count, r.ConfidentialAdvisers.FirstContacts = 0, 0
		}},
		{"formal_reports", func(r *report.Report) {
			r.ConfidentialAdvisers.FormalReports["via_adviser"] = r.ConfidentialAdvisers.Cases + 1
		}},
		{"aggression_parts", func(r *report.Report) { r.Aggression.PoliceInvolved = r.Aggression.Total + 1 }},
		{"aggression_kinds_sum", func(r *report.Report) { r.Aggression.ByKind["verbal"]++ }},
		{"aggression_targets_sum", func(r *report.Report) { r.Aggression.ByTarget["employee"]++ }},
		{"oaths_sum", func(r *report.Report) { r.People.Affirmations++ }},
		{"council_parts", func(r *report.Report) { r.Council.MayorConversations = r.Council.Contacts + 1 }},
		{"screenings_sum", func(r *report.Report) { r.Council.ScreeningsByOutcome["no_risks"]++ }},
		{"outside_sum", func(r *report.Report) { r.OutsideActivities.NotAllowed++ }},
		{"outside_published", func(r *report.Report) {
			r.OutsideActivities.Published = r.OutsideActivities.Reported + 1
		}},
		{"gift_decisions_sum", func(r *report.Report) { r.Gifts.ByDecision["declined"]++ }},
		{"gift_kinds_sum", func(r *report.Report) { r.Gifts.ByKind["invitation"]++ }},
		{"financial_kinds_sum", func(r *report.Report) { r.FinancialInterests.ByKind["bonds"]++ }},
		{"financial_assessments_sum", func(r *report.Report) { r.FinancialInterests.ByAssessment["conflict"]++ }},
		{"activity_kinds_sum", func(r *report.Report) { r.ActivityCounts.ByKind["webinar"]++ }},
	}
	var covered []string
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			r := clone(t, base)
			tc.break_(r)
			v := report.Check(r, nil, "nl")
			if len(v) != 1 || v[0].Code != tc.code || v[0].Message == "" || v[0].Message[0] == '[' {
				t.Errorf("violations %+v, want exactly %s with a message", v, tc.code)
			}
		})
		covered = append(covered, tc.code)
	}
	for _, code := range report.InvariantCodes() {
		if !slices.Contains(covered, code) {
			t.Errorf("invariant %s has no case", code)
		}
	}
}

// clone copies a report through its JSON.
func clone(t *testing.T, r *report.Report) *report.Report {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var out report.Report
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// TestDefect_ContradictionMarksDraft: a referred outcome without a referral
// (as old data may hold) is listed in JSON's violations and makes every
// format a marked draft; the figures are still shown.
func TestDefect_ContradictionMarksDraft(t *testing.T) {
	st, err := store.Open(context.Background(), t.TempDir()+"/integer.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	org := mustOrg(t, st, "tegenstad")
	insertReports(t, st, org.ID, []fact{{received: "2026-03-01", investigation: "preliminary", categories: []string{"information_misuse"}, outcomes: []string{"referred"}}})
	r, doc := build(t, st, org.ID, 2026, report.Options{})
	if v, _ := doc["violations"].([]any); len(v) != 1 || v[0].(map[string]any)["code"] != "referrals" {
		t.Fatalf("violations = %v", doc["violations"])
	}
	d := r.Document(nil, "nl")
	var html bytes.Buffer
	if err := d.WriteHTML(&html, "nl", "Inhoudsopgave", nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html.String(), "CONCEPT – niet publiceren") || !strings.Contains(html.String(), "maar er zijn maar 0 doorverwijzingen") {
		t.Error("the HTML is not marked as a draft with the contradiction")
	}
	var pdf bytes.Buffer
	if err := d.WritePDF(t, &pdf, "Inhoudsopgave", "pagina %d van %d"); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, pdf.Bytes()); strings.Count(text, "CONCEPT – niet publiceren") < 3 {
		t.Error("the PDF is not marked as a draft on the cover and every page")
	}
}
