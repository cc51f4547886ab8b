// Package report builds the annual integrity report (jaarverslag integriteit)
// of an organisation from its records: every figure is computed when the
// report is generated, from the clear columns of the registers (never from
// sealed text), and historic figures imported for the years before the
// system was used. The report renders as JSON, HTML, XLSX and PDF; the
// definitions of its figures are part of it (the appendix).
package report

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/store"
)

// Options change how a report is built.
type Options struct {
	// SuppressBelow hides counts from 1 up to SuppressBelow-1: they become
	// null in JSON and "< N" in the other formats. 0 or 1: nothing hidden.
	SuppressBelow int
	// Lang is the language of the definitions and labels: "nl" (default) or "en".
	Lang string
	// Now is the moment of generation; zero: the store's clock.
	Now time.Time
	// Catalog gives the texts; nil: the embedded catalogues.
	Catalog *i18n.Catalog

	// deadlineFacts are the reports' deadlines of the year and the year
	// before as Build has read them, for the scorecard it builds within
	// (normReports): a year's facts read once.
	deadlineFacts map[int][]store.DeadlineFact
	// registers are the year's registers as Build read them, for the
	// scorecard's evidence of that year (normRegisters, normActivities;
	// not of the year before); nil: the scorecard reads them.
	registers *registerReads
}

// registerReads are the reads of one year's registers that both the
// report's chapters and the basic norms' scorecard count.
type registerReads struct {
	outside    domain.OutsideCounts
	gifts      domain.GiftCounts
	financial  []*domain.FinancialInterest
	activities []domain.Activity
}

// Count is a number of records. A suppressed count is Suppressed: null in
// JSON, "< N" elsewhere.
type Count int

// Suppressed marks a count hidden by Options.SuppressBelow; NotRegistered a
// count the organisation's register does not know (nothing recorded for the
// year, no statement that there was none). Both are null in JSON.
// Secret is a larger count hidden so that a small one cannot be computed
// from it (complementary suppression): null in JSON, "×" elsewhere.
const (
	Suppressed    Count = -1
	NotRegistered Count = -2
	Secret        Count = -3
)

// MarshalJSON writes the number, or null when suppressed.
func (c Count) MarshalJSON() ([]byte, error) {
	if c < 0 {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(c), 10), nil
}

// UnmarshalJSON reads a number, or null as Suppressed.
func (c *Count) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*c = Suppressed
		return nil
	}
	n, err := strconv.Atoi(string(b))
	*c = Count(n)
	return err
}

// YearCount is one year of a trend.
type YearCount struct {
	Year   int    `json:"year"`
	Count  Count  `json:"count"`
	Source string `json:"source"` // "records", "imported", "stated" (stated none: 0) or "none" (unknown: null)
}

// CountHours is a count with the hours spent.
type CountHours struct {
	Count Count   `json:"count"`
	Hours float64 `json:"hours"`
}

// Report is the annual integrity report of one organisation and year. Maps
// are keyed by the stable codes of internal/domain; every code is present,
// zero included.
type Report struct {
	Organisation Organisation `json:"organisation"`
	Year         int          `json:"year"`
	GeneratedAt  time.Time    `json:"generated_at"`
	Lang         string       `json:"lang"`
	Suppression  *Suppression `json:"suppression,omitempty"`

	Foreword string `json:"foreword"`
	Plans    string `json:"plans"`

	// Registers says per register (domain.ReportRegisters) whether it
	// holds records for the year ("records"), the organisation stated it
	// held none ("stated_none"), or neither ("not_registered"). A section
	// whose registers are all not registered is null.
	Registers map[string]domain.RegisterStatus `json:"registers"`

	// OrganisationFacts are the organisation's facts and the figures per
	// 1,000 employees; null when no fact is known for the year or before.
	OrganisationFacts *OrgFacts `json:"organisation_facts"`

	Reports              *Reports             `json:"reports"`
	AdviceRequests       *AdviceRequests      `json:"advice_requests"`
	ConfidentialAdvisers *Advisers            `json:"confidential_advisers"`
	Aggression           *Aggression          `json:"aggression"`
	People               *People              `json:"people"`
	Council              *Council             `json:"council"`
	Activities           []Activity           `json:"activities"`
	ActivityCounts       *ActivityCounts      `json:"activity_counts"`
	OutsideActivities    *Outside             `json:"outside_activities"`
	Gifts                *Gifts               `json:"gifts"`
	FinancialInterests   *Financial           `json:"financial_interests"`
	Survey               *Survey              `json:"survey"`
	VulnerablePositions  *VulnerablePositions `json:"vulnerable_positions"`
	BasicNorms           *BasicNorms          `json:"basic_norms"`
	ActionPlans          []ActionPlanState    `json:"action_plans"` // the plans that run in the year; null when none

	Definitions []Definition `json:"definitions"`

	// Violations are the contradictions among the figures (Check); a
	// report with any is a draft, marked as such in every format.
	Violations []Violation `json:"violations"`

	// Omit are the registers whose section is left out, not said to be
	// unregistered, when they hold nothing (the organisation's choice).
	Omit map[string]bool `json:"-"`
	// CategoryShows is what the report shows of the allegations'
	// categories: the national typology, the organisation's own
	// categories, or both (the organisation's choice). JSON has both.
	CategoryShows domain.CategoryShows `json:"-"`
}

// Organisation names the organisation.
type Organisation struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Suppression says that small counts were hidden.
type Suppression struct {
	Below      int  `json:"below"`
	Suppressed bool `json:"suppressed"` // at least one count is hidden
	Count      int  `json:"count"`      // how many counts are hidden
}

// Reports are the figures of the reporting point (meldpunt).
type Reports struct {
	Total       Count            `json:"total"`
	Allegations Count            `json:"allegations"`
	ByCategory  map[string]Count `json:"by_category"`
	// ByOwnLabel counts the allegations per own category of the
	// organisation (by label, every one of its list, zero included);
	// WithoutOwnCategory those that name none: absent when the
	// organisation has no own categories.
	ByOwnLabel         map[string]Count `json:"by_own_label"`
	WithoutOwnCategory *Count           `json:"without_own_category,omitempty"`
	// OwnCategories are the organisation's own categories in its order,
	// for the tables.
	OwnCategories  []OwnCategory    `json:"-"`
	ByReporterKind map[string]Count `json:"by_reporter_kind"`
	ByChannel      map[string]Count `json:"by_channel"`
	ByContext      map[string]Count `json:"by_context"`
	Anonymous      Count            `json:"anonymous"`
	Whistleblower  Count            `json:"whistleblower"`
	ByOutcome      map[string]Count `json:"by_outcome"`
	// StopReasons counts the allegations closed as discontinued by why
	// the investigation stopped (domain.StopReasons), and "not_recorded"
	// for those closed before the reason was asked; they add up to
	// ByOutcome["discontinued"].
	StopReasons        map[string]Count `json:"stop_reasons"`
	ByInvestigation    map[string]Count `json:"by_investigation"`
	Investigated       Count            `json:"investigated"`
	InvestigationsOpen Count            `json:"investigations_open"`
	ClosedInYear       Count            `json:"closed_in_year"`
	Measures           map[string]Count `json:"measures"`
	Referrals          map[string]Count `json:"referrals"`
	// WithReferredOutcome counts the reports with an allegation whose
	// outcome is "referred": each needs a referral.
	WithReferredOutcome Count       `json:"with_referred_outcome"`
	DeadlinesMet        Deadlines   `json:"deadlines_met"`
	Trend               []YearCount `json:"trend"`
	// TrendByOutcome and TrendByCategory are the allegations per year by
	// outcome and by category, records and imported years combined (see
	// YearCodes).
	TrendByOutcome  []YearCodes `json:"trend_by_outcome"`
	TrendByCategory []YearCodes `json:"trend_by_category"`
	// TrendByOwnLabel is the same by the organisation's own category
	// (yearly_counts.csv: reports_by_own_label); absent when it has no own
	// categories and imported none.
	TrendByOwnLabel []YearCodes `json:"trend_by_own_label,omitempty"`
	// Dismissed is how many of the year's reports a coordinator marked as
	// spam or duplicate: none of the figures above counts them.
	Dismissed Count `json:"dismissed"`

	// ByReporterKindCategory counts the allegations by the reporter's kind
	// and category (kind → category → count); ByCategoryOutcome by
	// category and outcome (category → outcome → count, "open" without
	// one). Their margins are ByCategory and ByOutcome.
	ByReporterKindCategory map[string]map[string]Count `json:"by_reporter_kind_category"`
	ByCategoryOutcome      map[string]map[string]Count `json:"by_category_outcome"`
}

// StopNotRecorded counts, among the stop reasons, the discontinued
// allegations whose reason was not recorded (closed before it was asked).
const StopNotRecorded = "not_recorded"

// StopReasonCodes are the codes of Reports.StopReasons in their order.
func StopReasonCodes() []string { return append(domain.Strings(domain.StopReasons), StopNotRecorded) }

// OwnCategory is one of the organisation's own categories: its label and
// the national type it belongs to.
type OwnCategory struct {
	Label    string
	Category domain.Category
}

// Deadlines are the legal deadlines of the year's reports.
type Deadlines struct {
	Acknowledgement Deadline `json:"acknowledgement"`
	Feedback        Deadline `json:"feedback"`
}

// Deadline counts one deadline over the year's reports.
type Deadline struct {
	OnTime  Count `json:"on_time"`
	Late    Count `json:"late"`
	Pending Count `json:"pending"` // not yet done and not yet due
}

// AdviceRequests are the questions to the reporting point that are no report.
type AdviceRequests struct {
	Total    Count            `json:"total"`
	Answered Count            `json:"answered"`
	ByTopic  map[string]Count `json:"by_topic"`
	Trend    []YearCount      `json:"trend"`
}

// Advisers are the confidential advisers' figures (vertrouwenspersonen),
// from three registers: contacts (first contacts, contacts), cases (cases,
// issue kinds, relations, formal reports) and other activities (hours).
// The figures of a register not registered in the year are null.
type Advisers struct {
	FirstContacts      Count                 `json:"first_contacts"`
	FirstContactsTrend []YearCount           `json:"first_contacts_trend"`
	Cases              Count                 `json:"cases"`
	Contacts           map[string]CountHours `json:"contacts"`
	ContactsTotal      *CountHours           `json:"contacts_total"`
	ActivityHours      map[string]float64    `json:"activity_hours"`
	ActivityHoursTotal *float64              `json:"activity_hours_total"`
	IssueKinds         map[string]Count      `json:"issue_kinds"`
	Relations          map[string]Count      `json:"relations"`
	FormalReports      map[string]Count      `json:"formal_reports"`

	// CasesByAdviserKind counts the cases per group of advisers:
	// "internal", "external", and "unset" for advisers who have not said
	// which they are (only when they have cases).
	CasesByAdviserKind map[string]Count `json:"cases_by_adviser_kind"`
}

// Aggression is aggression against officials and office holders.
type Aggression struct {
	Total              Count            `json:"total"`
	PreviousYear       Count            `json:"previous_year"`
	PoliceInvolved     Count            `json:"police_involved"`
	CriminalComplaints Count            `json:"criminal_complaints"`
	ByKind             map[string]Count `json:"by_kind"`
	ByTarget           map[string]Count `json:"by_target"`
	Trend              []YearCount      `json:"trend"`
}

// People is the onboarding of staff.
type People struct {
	Started         Count `json:"started"`
	Oaths           Count `json:"oaths"` // oaths and affirmations
	OathsOnly       Count `json:"oaths_only"`
	Affirmations    Count `json:"affirmations"`
	VOGs            Count `json:"vogs"`
	Declarations    Count `json:"declarations"`
	Confidentiality Count `json:"confidentiality"`
	IntroTrainings  Count `json:"intro_trainings"`
}

// Council is the political integrity of the council.
type Council struct {
	Contacts             Count            `json:"contacts"`
	MayorConversations   Count            `json:"mayor_conversations"`
	PreliminaryInquiries Count            `json:"preliminary_inquiries"`
	Screenings           Count            `json:"screenings"`
	ScreeningsByOutcome  map[string]Count `json:"screenings_by_outcome"`
}

// Activity is one integrity activity or training of the year.
type Activity struct {
	Date       string   `json:"date"` // YYYY-MM-DD
	Title      string   `json:"title"`
	Kind       string   `json:"kind"`
	Audiences  []string `json:"audiences"`
	Attendance *int     `json:"attendance"`
}

// ActivityCounts count the activities.
type ActivityCounts struct {
	Total      Count            `json:"total"`
	Attendance int              `json:"attendance"`
	ByKind     map[string]Count `json:"by_kind"`
	ByAudience map[string]Count `json:"by_audience"`
}

// Outside is the register of outside activities (nevenwerkzaamheden).
type Outside struct {
	Reported              Count `json:"reported"`
	Pending               Count `json:"pending"`
	Allowed               Count `json:"allowed"`
	AllowedWithConditions Count `json:"allowed_with_conditions"`
	NotAllowed            Count `json:"not_allowed"`
	Published             Count `json:"published"`
}

// Financial is the register of financial interests of designated
// positions: those reported in the year.
type Financial struct {
	Total        Count            `json:"total"`
	ByKind       map[string]Count `json:"by_kind"`
	ByAssessment map[string]Count `json:"by_assessment"`
}

// Gifts is the register of gifts and invitations.
type Gifts struct {
	Total      Count            `json:"total"`
	TotalEUR   float64          `json:"total_eur"`
	ByDecision map[string]Count `json:"by_decision"`
	ByKind     map[string]Count `json:"by_kind"`
}

// Definition says how a figure is computed (the appendix).
type Definition struct {
	Figure string `json:"figure"` // the JSON path
	Text   string `json:"text"`
}

var (
	catOnce sync.Once
	catalog *i18n.Catalog
)

func defaultCatalog() *i18n.Catalog {
	catOnce.Do(func() { catalog = i18n.MustLoad() })
	return catalog
}

// builder puts the figures together. Counts are exact here; the
// suppression of small counts is applied to the finished report.
type builder struct{}

func (b *builder) c(n int) Count { return Count(n) }

func (b *builder) m(codes []string, counts map[string]int) map[string]Count {
	out := make(map[string]Count, len(codes))
	for _, k := range codes {
		out[k] = b.c(counts[k])
	}
	for k, v := range counts { // a code outside the list still counts
		if _, ok := out[k]; !ok && k != "" {
			out[k] = b.c(v)
		}
	}
	return out
}

// trend is a register's trend up to year: per year the count of the
// records where there are any, else the imported count, else 0 where the
// organisation stated there was none, else unknown (NotRegistered, source
// "none"). It runs from the first year with any of these to year.
func trend(year int, imported, computed map[int]int, stated map[int]bool) []YearCount {
	first := year
	for y := range imported {
		first = min(first, y)
	}
	for y, n := range computed {
		if n > 0 {
			first = min(first, y)
		}
	}
	for y := range stated {
		first = min(first, y)
	}
	out := []YearCount{}
	for y := first; y <= year; y++ {
		out = append(out, yearValue(y, imported, computed, stated))
	}
	return out
}

// yearValue is one year of a trend; see trend.
func yearValue(y int, imported, computed map[int]int, stated map[int]bool) YearCount {
	if n := computed[y]; n > 0 {
		return YearCount{Year: y, Count: Count(n), Source: "records"}
	}
	if n, ok := imported[y]; ok {
		return YearCount{Year: y, Count: Count(n), Source: "imported"}
	}
	if stated[y] {
		return YearCount{Year: y, Count: 0, Source: "stated"}
	}
	return YearCount{Year: y, Count: NotRegistered, Source: "none"}
}

// status is what the report knows of a register in the year.
func (r *Report) status(reg domain.ReportRegister, has bool, stated map[string]map[int]bool) bool {
	switch {
	case has:
		r.Registers[string(reg)] = domain.RegisterRecords
	case stated[string(reg)][r.Year]:
		r.Registers[string(reg)] = domain.RegisterStatedNone
	default:
		r.Registers[string(reg)] = domain.RegisterNotRegistered
		return false
	}
	return true
}

// Build computes the annual report of the organisation for year. Errors:
// ENOTFOUND for an unknown organisation, EINVALID for a year out of range.
func Build(ctx context.Context, st *store.Store, orgID int64, year int, opt Options) (*Report, error) {
	if !domain.YearValid(year) {
		return nil, domain.FieldError("year", "err.date_invalid")
	}
	org, err := st.OrganisationByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	lang := i18n.Supported(opt.Lang)
	cat := opt.Catalog
	if cat == nil {
		cat = defaultCatalog()
	}
	now := opt.Now
	if now.IsZero() {
		now = st.Now()
	}
	b := &builder{}
	r := &Report{
		Organisation: Organisation{Slug: org.Slug, Name: org.Name},
		Year:         year,
		GeneratedAt:  now.UTC().Truncate(time.Second),
		Lang:         lang,
		Registers:    map[string]domain.RegisterStatus{},
	}
	stated, err := st.RegisterStatements(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if r.Omit, err = st.AnnualReportOmit(ctx, orgID); err != nil {
		return nil, err
	}
	if r.CategoryShows, err = st.ReportCategoryShows(ctx, orgID); err != nil {
		return nil, err
	}
	imported := func(measure string) (map[int]int, error) { return st.YearlyCounts(ctx, orgID, measure) }

	texts, err := st.AnnualReportTexts(ctx, orgID, year)
	if err != nil {
		return nil, err
	}
	r.Foreword, r.Plans = texts["foreword"], texts["plans"]

	// The reads are cancelled when Build returns early (an error, or no
	// reports register), so that waiting for them takes no 15 years' reads.
	readCtx, cancelReads := context.WithCancel(ctx)
	rd := startReads(readCtx, st, orgID, year)
	defer rd.wait()
	defer cancelReads()
	var counted yearCodeCounts
	if err := buildReports(ctx, st, b, r, orgID, year, now, stated, rd, &counted); err != nil {
		return nil, err
	}
	if err := buildAdvice(ctx, st, b, r, orgID, imported, stated); err != nil {
		return nil, err
	}
	if err := buildAdvisers(ctx, st, b, r, orgID, imported, stated); err != nil {
		return nil, err
	}
	if err := buildAggression(ctx, st, b, r, orgID, imported, stated); err != nil {
		return nil, err
	}
	if err := buildPeopleCouncil(ctx, st, b, r, orgID, stated); err != nil {
		return nil, err
	}
	regs := &registerReads{}
	if err := buildActivities(ctx, st, b, r, orgID, stated, regs); err != nil {
		return nil, err
	}
	if err := buildRegisters(ctx, st, b, r, orgID, stated, regs); err != nil {
		return nil, err
	}
	if err := buildSurvey(ctx, st, r, orgID); err != nil {
		return nil, err
	}
	if err := buildVulnerable(ctx, st, b, r, orgID); err != nil {
		return nil, err
	}
	if err := buildReportTrends(ctx, st, r, orgID, year, imported, stated, rd, counted); err != nil {
		return nil, err
	}
	facts, err := rd.facts.get() // as buildReports counted them
	if err != nil {
		return nil, err
	}
	deadlines := make([]store.DeadlineFact, len(facts))
	for i, f := range facts {
		deadlines[i] = f.DeadlineFact()
	}
	before, err := rd.before.get()
	if err != nil {
		return nil, err
	}
	if r.BasicNorms, err = Scorecard(ctx, st, orgID, org.Slug, year, Options{SuppressBelow: opt.SuppressBelow, Lang: lang,
		Now: now, Catalog: cat, deadlineFacts: map[int][]store.DeadlineFact{year: deadlines, year - 1: before}, registers: regs}); err != nil {
		return nil, err
	}
	if err := buildPlans(ctx, st, r, orgID, year, domain.Today(now)); err != nil {
		return nil, err
	}

	r.Violations = Check(r, cat, lang)
	if opt.SuppressBelow > 1 {
		n := suppress(r, opt.SuppressBelow)
		r.Suppression = &Suppression{Below: opt.SuppressBelow, Suppressed: n > 0, Count: n}
	}
	if err := buildOrgFacts(ctx, st, r, orgID); err != nil { // after suppression: rates of shown figures only
		return nil, err
	}
	if r.OrganisationFacts != nil {
		for _, f := range []string{"organisation_facts.facts", "organisation_facts.per_1000_employees"} {
			r.Definitions = append(r.Definitions, Definition{Figure: f, Text: cat.T(lang, "annual.def."+f)})
		}
	}
	for _, f := range definedFigures {
		r.Definitions = append(r.Definitions, Definition{Figure: f, Text: cat.T(lang, "annual.def."+f)})
		if f == "reports.by_category" && r.Reports != nil && len(r.Reports.ByOwnLabel) > 0 {
			f = "reports.by_own_label"
			r.Definitions = append(r.Definitions, Definition{Figure: f, Text: cat.T(lang, "annual.def."+f)})
		}
		if f == "reports.trend_by_category" && r.Reports != nil && len(r.Reports.TrendByOwnLabel) > 0 {
			f = "reports.trend_by_own_label"
			r.Definitions = append(r.Definitions, Definition{Figure: f, Text: cat.T(lang, "annual.def."+f)})
		}
	}
	return r, nil
}

func buildAdvice(ctx context.Context, st *store.Store, b *builder, r *Report, orgID int64,
	imported func(string) (map[int]int, error), stated map[string]map[int]bool) error {
	ac, err := st.AdviceCounts(ctx, orgID, r.Year)
	if err != nil {
		return err
	}
	if !r.status(domain.ReportRegisterAdviceRequests, ac.Total > 0, stated) {
		return nil
	}
	comp, err := st.AdviceTotalsByYear(ctx, orgID)
	if err != nil {
		return err
	}
	imp, err := imported("advice_requests")
	if err != nil {
		return err
	}
	r.AdviceRequests = &AdviceRequests{Total: b.c(ac.Total), Answered: b.c(ac.Answered),
		ByTopic: b.m(domain.Strings(domain.AdviceTopics), ac.ByTopic),
		Trend:   trend(r.Year, imp, comp, stated[string(domain.ReportRegisterAdviceRequests)])}
	return nil
}

func buildAdvisers(ctx context.Context, st *store.Store, b *builder, r *Report, orgID int64,
	imported func(string) (map[int]int, error), stated map[string]map[int]bool) error {
	af, byKind, err := st.AdviserOverview(ctx, orgID, r.Year)
	if err != nil {
		return err
	}
	var contacts int
	var hours float64
	for _, k := range domain.AdviserContactKinds {
		contacts += af.Contacts[string(k)].Count
	}
	for _, k := range domain.AdviserActivityKinds {
		hours += af.ActivityHours[string(k)]
	}
	hasContacts := r.status(domain.ReportRegisterAdviserContacts, contacts > 0, stated)
	hasCases := r.status(domain.ReportRegisterAdviserCases, af.Cases > 0, stated)
	hasActs := r.status(domain.ReportRegisterAdviserActivities, hours > 0, stated)
	if !hasContacts && !hasCases && !hasActs {
		return nil
	}
	adv := &Advisers{FirstContacts: NotRegistered, Cases: NotRegistered}
	if hasContacts {
		comp := map[int]int{}
		for _, c := range af.FirstContactsTrend {
			comp[c.Year] = c.Count
		}
		comp[r.Year] = af.FirstContacts
		imp, err := imported("adviser_first_contacts")
		if err != nil {
			return err
		}
		adv.FirstContacts = b.c(af.FirstContacts)
		adv.FirstContactsTrend = trend(r.Year, imp, comp, stated[string(domain.ReportRegisterAdviserContacts)])
		adv.Contacts = map[string]CountHours{}
		adv.ContactsTotal = &CountHours{Count: b.c(contacts)}
		for _, k := range domain.AdviserContactKinds {
			ch := af.Contacts[string(k)]
			adv.Contacts[string(k)] = CountHours{Count: b.c(ch.Count), Hours: ch.Hours}
			adv.ContactsTotal.Hours += ch.Hours
		}
	}
	if hasCases {
		adv.Cases = b.c(af.Cases)
		adv.IssueKinds = b.m(domain.AdviserIssueKinds(), af.IssueKinds)
		adv.Relations = b.m(domain.Strings(domain.AdviserRelations), af.Relations)
		adv.FormalReports = b.m([]string{"via_adviser", "by_adviser"}, af.FormalReports)
		delete(adv.FormalReports, "none")
		adv.CasesByAdviserKind = casesByAdviserKind(b, byKind)
	}
	if hasActs {
		adv.ActivityHours = map[string]float64{}
		for _, k := range domain.AdviserActivityKinds {
			adv.ActivityHours[string(k)] = af.ActivityHours[string(k)]
		}
		adv.ActivityHoursTotal = &hours
	}
	r.ConfidentialAdvisers = adv
	return nil
}

func buildAggression(ctx context.Context, st *store.Store, b *builder, r *Report, orgID int64,
	imported func(string) (map[int]int, error), stated map[string]map[int]bool) error {
	year := r.Year
	gc, err := st.AggressionCounts(ctx, orgID, year)
	if err != nil {
		return err
	}
	if !r.status(domain.ReportRegisterAggression, gc.Total > 0, stated) {
		return nil
	}
	comp, err := st.AggressionTotalsByYear(ctx, orgID)
	if err != nil {
		return err
	}
	imp, err := imported("aggression_incidents")
	if err != nil {
		return err
	}
	own := stated[string(domain.ReportRegisterAggression)]
	r.Aggression = &Aggression{Total: b.c(gc.Total), PreviousYear: yearValue(year-1, imp, comp, own).Count,
		PoliceInvolved: b.c(gc.PoliceInvolved), CriminalComplaints: b.c(gc.CriminalComplaints),
		ByKind:   b.m(domain.Strings(domain.AggressionKinds), gc.ByKind),
		ByTarget: b.m(domain.Strings(domain.AggressionTargets), gc.ByTarget), Trend: trend(year, imp, comp, own)}
	return nil
}

func buildPeopleCouncil(ctx context.Context, st *store.Store, b *builder, r *Report, orgID int64, stated map[string]map[int]bool) error {
	oc, err := st.OnboardingCounts(ctx, orgID, r.Year)
	if err != nil {
		return err
	}
	any := oc.Started+oc.Sworn+oc.VOGs+oc.Declarations+oc.Confidentiality+oc.IntroTrainings > 0
	if r.status(domain.ReportRegisterPeople, any, stated) {
		r.People = &People{Started: b.c(oc.Started), Oaths: b.c(oc.Sworn), OathsOnly: b.c(oc.Oaths), Affirmations: b.c(oc.Affirmations),
			VOGs: b.c(oc.VOGs), Declarations: b.c(oc.Declarations), Confidentiality: b.c(oc.Confidentiality), IntroTrainings: b.c(oc.IntroTrainings)}
	}
	cc, err := st.CouncilCounts(ctx, orgID, r.Year)
	if err != nil {
		return err
	}
	if r.status(domain.ReportRegisterCouncil, cc.Contacts+cc.Screenings > 0, stated) {
		r.Council = &Council{Contacts: b.c(cc.Contacts), MayorConversations: b.c(cc.MayorConversations),
			PreliminaryInquiries: b.c(cc.PreliminaryInquiries), Screenings: b.c(cc.Screenings),
			ScreeningsByOutcome: b.m(slices.Sorted(maps.Keys(cc.ScreeningsByOutcome)), cc.ScreeningsByOutcome)}
	}
	return nil
}

func buildActivities(ctx context.Context, st *store.Store, b *builder, r *Report, orgID int64, stated map[string]map[int]bool,
	regs *registerReads) error {
	acts, err := st.Activities(ctx, orgID, r.Year)
	if err != nil {
		return err
	}
	regs.activities = acts
	if !r.status(domain.ReportRegisterActivities, len(acts) > 0, stated) {
		return nil
	}
	r.Activities = []Activity{}
	for _, a := range acts {
		r.Activities = append(r.Activities, Activity{Date: domain.DateOf(a.Date).String(), Title: a.Title, Kind: string(a.Kind),
			Audiences: append([]string{}, domain.Strings(a.Audiences)...), Attendance: a.Attendance})
	}
	acc := domain.NewActivityCounts(r.Year, acts)
	r.ActivityCounts = &ActivityCounts{Total: b.c(acc.Total), Attendance: acc.Attendance,
		ByKind: b.m(domain.Strings(domain.ActivityKinds), acc.ByKind), ByAudience: b.m(domain.Strings(domain.ActivityAudiences), acc.ByAudience)}
	return nil
}

func buildRegisters(ctx context.Context, st *store.Store, b *builder, r *Report, orgID int64, stated map[string]map[int]bool,
	regs *registerReads) error {
	os, err := st.OutsideActivityCounts(ctx, orgID, r.Year)
	if err != nil {
		return err
	}
	regs.outside = os
	if r.status(domain.ReportRegisterOutsideActivities, os.Reported > 0, stated) {
		r.OutsideActivities = &Outside{Reported: b.c(os.Reported), Pending: b.c(os.Pending), Allowed: b.c(os.Allowed),
			AllowedWithConditions: b.c(os.AllowedWithConditions), NotAllowed: b.c(os.NotAllowed), Published: b.c(os.Published)}
	}
	gf, err := st.GiftCounts(ctx, orgID, r.Year)
	if err != nil {
		return err
	}
	regs.gifts = gf
	if r.status(domain.ReportRegisterGifts, gf.Total > 0, stated) {
		r.Gifts = &Gifts{Total: b.c(gf.Total), TotalEUR: float64(gf.TotalCents) / 100,
			ByDecision: b.m(domain.Strings(domain.GiftDecisions), gf.ByDecision), ByKind: b.m(domain.Strings(domain.GiftKinds), gf.ByKind)}
	}
	fis, err := st.FinancialInterests(ctx, orgID, store.FinancialFilter{Year: r.Year})
	if err != nil {
		return err
	}
	regs.financial = fis
	if !r.status(domain.ReportRegisterFinancialInterests, len(fis) > 0, stated) {
		return nil
	}
	fk, fa := map[string]int{}, map[string]int{}
	for _, f := range fis {
		fk[string(f.Kind)]++
		fa[string(f.Assessment)]++
	}
	r.FinancialInterests = &Financial{Total: b.c(len(fis)), ByKind: b.m(domain.Strings(domain.FinancialKinds), fk),
		ByAssessment: b.m(domain.Strings(domain.FinancialAssessments), fa)}
	return nil
}

func buildReports(ctx context.Context, st *store.Store, b *builder, r *Report, orgID int64, year int, now time.Time,
	stated map[string]map[int]bool, rd *reads, counted *yearCodeCounts) error {
	facts, err := rd.facts.get()
	if err != nil {
		return err
	}
	if !r.status(domain.ReportRegisterReports, len(facts) > 0, stated) {
		return nil
	}
	_, yearEnd := domain.YearBounds(year)
	today := domain.Day(now)
	cat, kind, source, context_, outcome, inv, measures, referrals :=
		map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	stops := map[string]int{}
	own := map[string]int{}
	var withoutOwn int
	kindCat, catOutcome := crossCounts{}, crossCounts{}
	var allegations, anonymous, whistle, investigated, open, closed, referredOutcome int
	var ack, fb [3]int // on time, late, pending
	for _, f := range facts {
		kind[f.ReporterKind]++
		source[f.Source]++
		context_[f.Channel]++
		inv[f.Investigation]++
		if f.Anonymous {
			anonymous++
		}
		if f.Whistleblower {
			whistle++
		}
		referred := false
		for _, a := range f.Allegations {
			allegations++
			referred = referred || a.Outcome == string(domain.OutcomeReferred)
			cat[a.Category]++
			if a.OwnLabel != "" {
				own[a.OwnLabel]++
			} else {
				withoutOwn++
			}
			o := a.Outcome
			if o == "" {
				o = "open"
			}
			outcome[o]++
			if o == string(domain.OutcomeDiscontinued) {
				stops[cmp.Or(a.StopReason, StopNotRecorded)]++
			}
			kindCat.add(f.ReporterKind, a.Category)
			catOutcome.add(a.Category, o)
		}
		for _, m := range f.Measures {
			measures[m]++
		}
		if referred {
			referredOutcome++
		}
		if f.ReferredTo != "" {
			referrals[f.ReferredTo]++
		}
		closedByEnd := f.ClosedAt != nil && f.ClosedAt.Before(yearEnd)
		if closedByEnd {
			closed++
		}
		if f.Investigation != "" && f.Investigation != string(domain.InvestigationNone) {
			investigated++
			if !closedByEnd {
				open++
			}
		}
		due := domain.AcknowledgementDue(f.ReceivedAt)
		ack[deadlineState(f.AcknowledgedAt, due, today)]++
		fb[deadlineState(f.FeedbackAt, domain.FeedbackDue(f.ReceivedAt, f.AcknowledgedAt), today)]++
	}
	contexts := slices.Sorted(maps.Keys(context_))
	for _, c := range domain.DefaultChannels {
		if !slices.Contains(contexts, c.Code) {
			contexts = append(contexts, c.Code)
		}
	}
	rep := &Reports{
		Total:               b.c(len(facts)),
		Allegations:         b.c(allegations),
		ByCategory:          b.m(domain.Strings(domain.Categories), cat),
		ByReporterKind:      b.m(domain.Strings(domain.ReporterKinds), kind),
		ByChannel:           b.m(domain.Strings(domain.Sources), source),
		ByContext:           b.m(contexts, context_),
		Anonymous:           b.c(anonymous),
		Whistleblower:       b.c(whistle),
		ByOutcome:           b.m(append(domain.Strings(domain.Outcomes), "open"), outcome),
		StopReasons:         b.m(StopReasonCodes(), stops),
		ByInvestigation:     b.m(domain.Strings(domain.Investigations), inv),
		Investigated:        b.c(investigated),
		InvestigationsOpen:  b.c(open),
		ClosedInYear:        b.c(closed),
		Measures:            b.m(domain.Strings(domain.MeasureKinds), measures),
		Referrals:           b.m(domain.Strings(domain.Referrals), referrals),
		WithReferredOutcome: b.c(referredOutcome),
		DeadlinesMet: Deadlines{
			Acknowledgement: Deadline{OnTime: b.c(ack[0]), Late: b.c(ack[1]), Pending: b.c(ack[2])},
			Feedback:        Deadline{OnTime: b.c(fb[0]), Late: b.c(fb[1]), Pending: b.c(fb[2])},
		},
	}
	if err := ownCategories(ctx, st, b, rep, orgID, own, withoutOwn); err != nil {
		return err
	}
	rep.ByReporterKindCategory = b.cross(domain.Strings(domain.ReporterKinds), domain.Strings(domain.Categories), kindCat)
	rep.ByCategoryOutcome = b.cross(domain.Strings(domain.Categories), outcomeCodes(), catOutcome)
	dismissed, err := st.DismissedReports(ctx, orgID, year)
	if err != nil {
		return err
	}
	rep.Dismissed = b.c(dismissed)
	r.Reports = rep
	*counted = yearCodeCounts{byOutcome: outcome, byCategory: cat, byOwn: own}
	return nil
}

// buildReportTrends adds the reports' trends to what buildReports counted
// (nothing when the report has no reports chapter). Build calls it after
// the other registers, so that the trend's counts of the years before,
// the longest of the reads startReads began, run beside those registers'
// reads instead of before them.
func buildReportTrends(ctx context.Context, st *store.Store, r *Report, orgID int64, year int,
	imported func(string) (map[int]int, error), stated map[string]map[int]bool, rd *reads, counted yearCodeCounts) error {
	rep := r.Reports
	if rep == nil {
		return nil
	}
	counts, err := rd.trend.get()
	if err != nil {
		return err
	}
	imp, err := imported("reports")
	if err != nil {
		return err
	}
	rep.Trend = trend(year, imp, counts.perYear, stated[string(domain.ReportRegisterReports)])
	return buildCodeTrends(ctx, st, rep, orgID, year, counted, counts, stated[string(domain.ReportRegisterReports)])
}

// ownCategories counts the allegations per own category of the
// organisation, in its order; those without one apart, when it has any.
func ownCategories(ctx context.Context, st *store.Store, b *builder, rep *Reports, orgID int64, own map[string]int, without int) error {
	list, err := st.OwnCategories(ctx, orgID)
	if err != nil {
		return err
	}
	var labels []string
	for _, c := range list {
		labels = append(labels, c.Label)
		rep.OwnCategories = append(rep.OwnCategories, OwnCategory{Label: c.Label, Category: c.Category})
	}
	rep.ByOwnLabel = b.m(labels, own)
	if len(list) > 0 || len(own) > 0 {
		n := b.c(without)
		rep.WithoutOwnCategory = &n
	}
	return nil
}

// deadlineState is 0 when done on or before the due day, 1 when done later
// or not done and overdue today, 2 when not done and not yet due.
func deadlineState(done *time.Time, due, today time.Time) int {
	switch {
	case done != nil && !domain.Day(*done).After(due):
		return 0
	case done != nil || today.After(due):
		return 1
	}
	return 2
}

// definedFigures are the figures the appendix defines, in its order.
var definedFigures = []string{
	"reports.total", "reports.by_category", "reports.by_reporter_kind",
	"reports.by_reporter_kind_category", "reports.by_category_outcome", "reports.by_channel", "reports.by_context",
	"reports.by_outcome", "reports.stop_reasons", "reports.investigated", "reports.investigations_open", "reports.closed_in_year",
	"reports.measures", "reports.referrals", "reports.deadlines_met", "reports.trend",
	"reports.trend_by_outcome", "reports.trend_by_category",
	"advice_requests.total", "advice_requests.by_topic",
	"confidential_advisers.first_contacts", "confidential_advisers.first_contacts_trend", "confidential_advisers.cases",
	"confidential_advisers.contacts", "confidential_advisers.activity_hours", "confidential_advisers.issue_kinds",
	"confidential_advisers.relations", "confidential_advisers.formal_reports", "confidential_advisers.cases_by_adviser_kind",
	"aggression.total", "aggression.police_involved", "aggression.previous_year",
	"people.oaths", "council.contacts", "activities", "outside_activities", "gifts", "suppression",
}

// JSON writes the report as indented JSON.
func (r *Report) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("report: json: %w", err)
	}
	return append(b, '\n'), nil
}
