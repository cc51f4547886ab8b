package report

import (
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
)

// Violation is a contradiction among the report's own figures: a relation
// that must hold between them (a breakdown adds up to its total, a part is
// not larger than the whole, a referred outcome has a referral) and does
// not. The report lists them instead of printing them silently; see Check.
type Violation struct {
	Code    string   `json:"code"`
	Figures []string `json:"figures"` // the JSON paths involved
	Values  []int    `json:"values"`  // their values, in the same order
	Message string   `json:"message"`
}

// invariant is one relation the figures must satisfy.
type invariant struct {
	code    string
	figures []string
	// values gives the two sides; ok says whether the relation holds.
	// applies is false when the figures are not in this report (a register
	// not kept).
	eval func(r *Report) (left, right int, ok, applies bool)
}

func sum(m map[string]Count) int {
	n := 0
	for _, c := range m {
		n += max(0, int(c))
	}
	return n
}

func equal(a, b int) (int, int, bool, bool)  { return a, b, a == b, true }
func atMost(a, b int) (int, int, bool, bool) { return a, b, a <= b, true }
func na() (int, int, bool, bool)             { return 0, 0, true, false }

// disciplinary are the measures that follow from a finding against a
// person, which needs an allegation found (partly) substantiated.
var disciplinary = []domain.MeasureKind{domain.MeasureKindWarning, domain.MeasureKindReprimand, domain.MeasureKindTransfer,
	domain.MeasureKindDemotion, domain.MeasureKindConditionalDismissal, domain.MeasureKindDismissal}

// invariants are the relations that hold in every honest report, one per
// code; TestDefect_ReportContradictsItself breaks each in turn.
var invariants = []invariant{
	{"categories_sum", []string{"reports.by_category", "reports.allegations"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		return equal(sum(r.Reports.ByCategory), int(r.Reports.Allegations))
	}},
	{"outcomes_sum", []string{"reports.by_outcome", "reports.allegations"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		return equal(sum(r.Reports.ByOutcome), int(r.Reports.Allegations))
	}},
	{"stop_reasons_sum", []string{"reports.stop_reasons", "reports.by_outcome.discontinued"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		return equal(sum(r.Reports.StopReasons), int(r.Reports.ByOutcome[string(domain.OutcomeDiscontinued)]))
	}},
	{"reporter_kinds_sum", []string{"reports.by_reporter_kind", "reports.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		return equal(sum(r.Reports.ByReporterKind), int(r.Reports.Total))
	}},
	{"channels_sum", []string{"reports.by_channel", "reports.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		return equal(sum(r.Reports.ByChannel), int(r.Reports.Total))
	}},
	{"contexts_sum", []string{"reports.by_context", "reports.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		return equal(sum(r.Reports.ByContext), int(r.Reports.Total))
	}},
	{"investigations_sum", []string{"reports.by_investigation", "reports.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		return equal(sum(r.Reports.ByInvestigation), int(r.Reports.Total))
	}},
	{"investigated", []string{"reports.investigated", "reports.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		return equal(int(r.Reports.Investigated), int(r.Reports.Total)-int(r.Reports.ByInvestigation[string(domain.InvestigationNone)]))
	}},
	{"investigations_open", []string{"reports.investigations_open", "reports.investigated"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		return atMost(int(r.Reports.InvestigationsOpen), int(r.Reports.Investigated))
	}},
	{"reports_parts", []string{"reports.anonymous", "reports.whistleblower", "reports.closed_in_year", "reports.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		rp := r.Reports
		return atMost(max(int(rp.Anonymous), int(rp.Whistleblower), int(rp.ClosedInYear)), int(rp.Total))
	}},
	{"acknowledgement_sum", []string{"reports.deadlines_met.acknowledgement", "reports.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		d := r.Reports.DeadlinesMet.Acknowledgement
		return equal(int(d.OnTime+d.Late+d.Pending), int(r.Reports.Total))
	}},
	{"feedback_sum", []string{"reports.deadlines_met.feedback", "reports.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		d := r.Reports.DeadlinesMet.Feedback
		return equal(int(d.OnTime+d.Late+d.Pending), int(r.Reports.Total))
	}},
	{"referrals", []string{"reports.with_referred_outcome", "reports.referrals"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		return atMost(int(r.Reports.WithReferredOutcome), sum(r.Reports.Referrals))
	}},
	{"measures_without_finding", []string{"reports.measures", "reports.by_outcome"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil {
			return na()
		}
		n := 0
		for _, k := range disciplinary {
			n += max(0, int(r.Reports.Measures[string(k)]))
		}
		found := int(r.Reports.ByOutcome[string(domain.OutcomeSubstantiated)] + r.Reports.ByOutcome[string(domain.OutcomePartlySubstantiated)])
		return n, found, n == 0 || found > 0, true
	}},
	{"trend_total", []string{"reports.trend", "reports.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Reports == nil || len(r.Reports.Trend) == 0 {
			return na()
		}
		last := r.Reports.Trend[len(r.Reports.Trend)-1]
		if last.Source != "records" {
			return na()
		}
		return equal(int(last.Count), int(r.Reports.Total))
	}},
	{"advice_answered", []string{"advice_requests.answered", "advice_requests.total"}, func(r *Report) (int, int, bool, bool) {
		if r.AdviceRequests == nil {
			return na()
		}
		return atMost(int(r.AdviceRequests.Answered), int(r.AdviceRequests.Total))
	}},
	{"advice_topics_sum", []string{"advice_requests.by_topic", "advice_requests.total"}, func(r *Report) (int, int, bool, bool) {
		if r.AdviceRequests == nil {
			return na()
		}
		return equal(sum(r.AdviceRequests.ByTopic), int(r.AdviceRequests.Total))
	}},
	{"first_contacts", []string{"confidential_advisers.first_contacts", "confidential_advisers.contacts_total"}, func(r *Report) (int, int, bool, bool) {
		a := r.ConfidentialAdvisers
		if a == nil || a.ContactsTotal == nil {
			return na()
		}
		return atMost(int(a.FirstContacts), int(a.ContactsTotal.Count))
	}},
	{"cases_without_contacts", []string{"confidential_advisers.cases", "confidential_advisers.contacts_total"}, func(r *Report) (int, int, bool, bool) {
		a := r.ConfidentialAdvisers
		if a == nil || a.ContactsTotal == nil || a.Cases < 0 {
			return na()
		}
		return int(a.Cases), int(a.ContactsTotal.Count), a.Cases == 0 || a.ContactsTotal.Count > 0, true
	}},
	{"formal_reports", []string{"confidential_advisers.formal_reports", "confidential_advisers.cases"}, func(r *Report) (int, int, bool, bool) {
		a := r.ConfidentialAdvisers
		if a == nil || a.Cases < 0 {
			return na()
		}
		return atMost(sum(a.FormalReports), int(a.Cases))
	}},
	{"aggression_parts", []string{"aggression.police_involved", "aggression.criminal_complaints", "aggression.total"}, func(r *Report) (int, int, bool, bool) {
		g := r.Aggression
		if g == nil {
			return na()
		}
		return atMost(max(int(g.PoliceInvolved), int(g.CriminalComplaints)), int(g.Total))
	}},
	{"aggression_kinds_sum", []string{"aggression.by_kind", "aggression.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Aggression == nil {
			return na()
		}
		return equal(sum(r.Aggression.ByKind), int(r.Aggression.Total))
	}},
	{"aggression_targets_sum", []string{"aggression.by_target", "aggression.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Aggression == nil {
			return na()
		}
		return equal(sum(r.Aggression.ByTarget), int(r.Aggression.Total))
	}},
	{"oaths_sum", []string{"people.oaths_only", "people.affirmations", "people.oaths"}, func(r *Report) (int, int, bool, bool) {
		if r.People == nil {
			return na()
		}
		return equal(int(r.People.OathsOnly+r.People.Affirmations), int(r.People.Oaths))
	}},
	{"council_parts", []string{"council.mayor_conversations", "council.preliminary_inquiries", "council.contacts"}, func(r *Report) (int, int, bool, bool) {
		c := r.Council
		if c == nil {
			return na()
		}
		return atMost(max(int(c.MayorConversations), int(c.PreliminaryInquiries)), int(c.Contacts))
	}},
	{"screenings_sum", []string{"council.screenings_by_outcome", "council.screenings"}, func(r *Report) (int, int, bool, bool) {
		if r.Council == nil {
			return na()
		}
		return equal(sum(r.Council.ScreeningsByOutcome), int(r.Council.Screenings))
	}},
	{"outside_sum", []string{"outside_activities.allowed", "outside_activities.allowed_with_conditions", "outside_activities.not_allowed", "outside_activities.pending", "outside_activities.reported"}, func(r *Report) (int, int, bool, bool) {
		o := r.OutsideActivities
		if o == nil {
			return na()
		}
		return equal(int(o.Allowed+o.AllowedWithConditions+o.NotAllowed+o.Pending), int(o.Reported))
	}},
	{"outside_published", []string{"outside_activities.published", "outside_activities.reported"}, func(r *Report) (int, int, bool, bool) {
		if r.OutsideActivities == nil {
			return na()
		}
		return atMost(int(r.OutsideActivities.Published), int(r.OutsideActivities.Reported))
	}},
	{"gift_decisions_sum", []string{"gifts.by_decision", "gifts.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Gifts == nil {
			return na()
		}
		return equal(sum(r.Gifts.ByDecision), int(r.Gifts.Total))
	}},
	{"gift_kinds_sum", []string{"gifts.by_kind", "gifts.total"}, func(r *Report) (int, int, bool, bool) {
		if r.Gifts == nil {
			return na()
		}
		return equal(sum(r.Gifts.ByKind), int(r.Gifts.Total))
	}},
	{"financial_kinds_sum", []string{"financial_interests.by_kind", "financial_interests.total"}, func(r *Report) (int, int, bool, bool) {
		if r.FinancialInterests == nil {
			return na()
		}
		return equal(sum(r.FinancialInterests.ByKind), int(r.FinancialInterests.Total))
	}},
	{"financial_assessments_sum", []string{"financial_interests.by_assessment", "financial_interests.total"}, func(r *Report) (int, int, bool, bool) {
		if r.FinancialInterests == nil {
			return na()
		}
		return equal(sum(r.FinancialInterests.ByAssessment), int(r.FinancialInterests.Total))
	}},
	{"activity_kinds_sum", []string{"activity_counts.by_kind", "activity_counts.total"}, func(r *Report) (int, int, bool, bool) {
		if r.ActivityCounts == nil {
			return na()
		}
		return equal(sum(r.ActivityCounts.ByKind), int(r.ActivityCounts.Total))
	}},
}

// InvariantCodes lists the code of every invariant the report checks.
func InvariantCodes() []string {
	out := make([]string, len(invariants))
	for i, inv := range invariants {
		out[i] = inv.code
	}
	return out
}

// Check returns every invariant the report's exact figures break (before
// small counts are hidden), with a message in lang; none: an empty list.
func Check(r *Report, cat *i18n.Catalog, lang string) []Violation {
	if cat == nil {
		cat = defaultCatalog()
	}
	out := []Violation{}
	for _, inv := range invariants {
		left, right, ok, applies := inv.eval(r)
		if !applies || ok {
			continue
		}
		out = append(out, Violation{Code: inv.code, Figures: inv.figures, Values: []int{left, right},
			Message: cat.T(lang, "annual.violation."+inv.code, left, right)})
	}
	return out
}
