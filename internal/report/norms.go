package report

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/store"
)

// BasicNorms is the scorecard of the 13 basic integrity norms for the year,
// with each norm's status in the year before beside it. Evidence and
// missing items are sentences in the report's language; a count in them
// below the suppression threshold is written "< N".
type BasicNorms struct {
	Year         int              `json:"year"`
	PreviousYear int              `json:"previous_year"`
	ByStatus     map[string]int   `json:"by_status"`
	Norms        []BasicNormState `json:"norms"`
}

// BasicNormState is one norm on the scorecard.
type BasicNormState struct {
	Norm           string   `json:"norm"`
	Status         string   `json:"status"`
	PreviousStatus string   `json:"previous_status"`
	Evidence       []string `json:"evidence"`
	Missing        []string `json:"missing"`
	Fix            string   `json:"fix,omitempty"`     // the controller's page that completes the evidence
	KeptBy         string   `json:"kept_by,omitempty"` // else who keeps it

	evidence, missing []domain.Phrase // for a document in another language
}

// Scorecard builds the basic norms' scorecard of the organisation for year
// (and, beside it, the year before) from its records. Errors: only
// internal.
func Scorecard(ctx context.Context, st *store.Store, orgID int64, slug string, year int, opt Options) (*BasicNorms, error) {
	now := opt.Now
	if now.IsZero() {
		now = st.Now()
	}
	cat := opt.Catalog
	if cat == nil {
		cat = defaultCatalog()
	}
	lang := i18n.Supported(opt.Lang)
	cur, err := collectNormEvidence(ctx, st, orgID, year, now, opt)
	if err != nil {
		return nil, err
	}
	prevOpt := opt
	prevOpt.registers = nil // Build's registers are the year's
	prev, err := collectNormEvidence(ctx, st, orgID, year-1, now, prevOpt)
	if err != nil {
		return nil, err
	}
	before := domain.AssessNorms(prev)
	b := &BasicNorms{Year: year, PreviousYear: year - 1, ByStatus: map[string]int{}, Norms: []BasicNormState{}}
	for _, s := range domain.NormStatuses {
		b.ByStatus[string(s)] = 0
	}
	for i, res := range domain.AssessNorms(cur) {
		n := BasicNormState{Norm: string(res.Norm), Status: string(res.Status), PreviousStatus: string(before[i].Status),
			Evidence: []string{}, Missing: []string{},
			evidence: suppressArgs(res.Evidence, opt.SuppressBelow), missing: suppressArgs(res.Missing, opt.SuppressBelow)}
		n.Evidence, n.Missing = phrases(cat, lang, n.evidence), phrases(cat, lang, n.missing)
		if res.Fix != "" {
			n.Fix = "/" + slug + "/" + res.Fix
		} else {
			n.KeptBy = cat.T(lang, res.Keeper)
		}
		b.ByStatus[n.Status]++
		b.Norms = append(b.Norms, n)
	}
	return b, nil
}

// suppressArgs writes a count from 1 to below-1 in a phrase as "< below".
func suppressArgs(list []domain.Phrase, below int) []domain.Phrase {
	out := make([]domain.Phrase, len(list))
	for i, p := range list {
		args := make([]any, len(p.Args))
		for j, a := range p.Args {
			if n, ok := a.(int); ok && below > 1 && n > 0 && n < below {
				a = "< " + strconv.Itoa(below)
			}
			args[j] = a
		}
		out[i] = domain.Phrase{Key: p.Key, Args: args}
	}
	return out
}

func phrases(cat *i18n.Catalog, lang string, list []domain.Phrase) []string {
	out := []string{}
	for _, p := range list {
		out = append(out, cat.T(lang, p.Key, p.Args...))
	}
	return out
}

// CollectNormEvidence computes what the organisation's records show about
// the basic norms in year; now decides which deadlines have passed.
func CollectNormEvidence(ctx context.Context, st *store.Store, orgID int64, year int, now time.Time) (domain.NormEvidence, error) {
	return collectNormEvidence(ctx, st, orgID, year, now, Options{})
}

// collectNormEvidence is CollectNormEvidence with what Build has read
// already (Options.deadlineFacts by year, Options.registers of year),
// which it does not read again.
func collectNormEvidence(ctx context.Context, st *store.Store, orgID int64, year int, now time.Time,
	read Options) (domain.NormEvidence, error) {
	e := domain.NormEvidence{Year: year, Audiences: map[domain.ActivityAudience]bool{}}
	stated, err := st.RegisterStatements(ctx, orgID)
	if err != nil {
		return e, err
	}
	said := func(reg domain.ReportRegister) bool { return stated[string(reg)][year] }
	_, yearEnd := domain.YearBounds(year)
	steps := []func() error{
		func() error {
			return normActivities(ctx, st, orgID, &e, said(domain.ReportRegisterActivities), read.registers)
		},
		func() error { return normPeople(ctx, st, orgID, &e, said(domain.ReportRegisterPeople), now) },
		func() error { return normVulnerable(ctx, st, orgID, &e, yearEnd) },
		func() error { return normRegisters(ctx, st, orgID, &e, said, read.registers) },
		func() error { return normAdvisers(ctx, st, orgID, &e, yearEnd) },
		func() error { return normReports(ctx, st, orgID, &e, said(domain.ReportRegisterReports), now, read) },
		func() (err error) { e.Recorded, err = st.NormRecordsAt(ctx, orgID, yearEnd); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return e, err
		}
	}
	return e, nil
}

func normActivities(ctx context.Context, st *store.Store, orgID int64, e *domain.NormEvidence, stated bool, regs *registerReads) error {
	var acts []domain.Activity
	if regs != nil {
		acts = regs.activities
	} else {
		var err error
		if acts, err = st.Activities(ctx, orgID, e.Year); err != nil {
			return err
		}
	}
	e.ActivitiesKnown, e.Activities = len(acts) > 0 || stated, len(acts)
	for _, a := range acts {
		for _, au := range a.Audiences {
			e.Audiences[au] = true
		}
	}
	return nil
}

// normPeople counts the year's starters: those owing a VOG and having one,
// those owing the oath and having taken it within three months of
// starting. A starter whose three months have not yet passed and who has
// not yet sworn is not counted: nothing is late yet.
func normPeople(ctx context.Context, st *store.Store, orgID int64, e *domain.NormEvidence, stated bool, now time.Time) error {
	people, err := st.Starters(ctx, orgID, e.Year)
	if err != nil {
		return err
	}
	kept, err := st.RetainedOnboarding(ctx, orgID) // those whose onboarding record was destroyed still started that year
	if err != nil {
		return err
	}
	people = append(people, kept...)
	today := domain.Today(now)
	starters := 0
	for _, p := range people {
		if p.StartOn == nil || domain.DateOf(*p.StartOn).Year != e.Year {
			continue
		}
		starters++
		if domain.Owes(p.Employment, domain.OnboardingItemVOG) {
			e.StartersOwingVOG++
			if p.VOGOn != nil {
				e.StartersWithVOG++
			}
		}
		if !domain.Owes(p.Employment, domain.OnboardingItemOath) {
			continue
		}
		due := domain.DateOf(p.StartOn.AddDate(0, 3, 0))
		switch {
		case p.OathOn != nil && !domain.DateOf(*p.OathOn).After(due):
			e.NewOfficials++
			e.OathWithin3Months++
		case p.OathOn != nil || today.After(due):
			e.NewOfficials++
		}
	}
	e.PeopleKnown = starters > 0 || stated
	return nil
}

// normVulnerable counts the analyses last reviewed before the end of the
// year, and those of them reviewed within the three years before it.
func normVulnerable(ctx context.Context, st *store.Store, orgID int64, e *domain.NormEvidence, yearEnd time.Time) error {
	list, err := st.VulnerablePositions(ctx, orgID)
	if err != nil {
		return err
	}
	for _, v := range list {
		if v.LastReview == nil || !v.LastReview.Before(yearEnd) {
			continue
		}
		e.Analyses++
		if !v.LastReview.Before(yearEnd.AddDate(-3, 0, 0)) {
			e.AnalysesCurrent++
		}
	}
	return nil
}

func normRegisters(ctx context.Context, st *store.Store, orgID int64, e *domain.NormEvidence, said func(domain.ReportRegister) bool,
	regs *registerReads) error {
	positions, err := st.Positions(ctx, orgID)
	if err != nil {
		return err
	}
	for _, p := range positions {
		if p.DesignatedPublication {
			e.DesignatedPublication++
		}
		if p.DesignatedFinancial {
			e.DesignatedFinancial++
		}
	}
	if regs == nil {
		regs = &registerReads{}
		if regs.outside, err = st.OutsideActivityCounts(ctx, orgID, e.Year); err != nil {
			return err
		}
		if regs.financial, err = st.FinancialInterests(ctx, orgID, store.FinancialFilter{Year: e.Year}); err != nil {
			return err
		}
		if regs.gifts, err = st.GiftCounts(ctx, orgID, e.Year); err != nil {
			return err
		}
	}
	oc, fis, gc := regs.outside, regs.financial, regs.gifts
	e.OutsideKnown = oc.Reported > 0 || said(domain.ReportRegisterOutsideActivities)
	e.FinancialKnown = len(fis) > 0 || said(domain.ReportRegisterFinancialInterests)
	e.GiftsKnown, e.GiftsPending = gc.Total > 0 || said(domain.ReportRegisterGifts), gc.ByDecision[string(domain.GiftDecisionPending)]
	return nil
}

func normAdvisers(ctx context.Context, st *store.Store, orgID int64, e *domain.NormEvidence, yearEnd time.Time) error {
	kinds, err := st.AdviserAppointments(ctx, orgID, yearEnd)
	if err != nil {
		return err
	}
	e.AdvisersInternal, e.AdvisersExternal = kinds[string(domain.AdviserKindInternal)], kinds[string(domain.AdviserKindExternal)]
	for k, n := range kinds {
		if k != string(domain.AdviserKindInternal) && k != string(domain.AdviserKindExternal) {
			e.AdvisersUnset += n
		}
	}
	return nil
}

// normReports counts the year's deadlines (as the annual report does) and
// its investigations: closed with an outcome on every allegation, closed
// without, still running.
func normReports(ctx context.Context, st *store.Store, orgID int64, e *domain.NormEvidence, stated bool, now time.Time,
	read Options) error {
	facts, ok := read.deadlineFacts[e.Year]
	if !ok {
		var err error
		if facts, err = st.DeadlineFacts(ctx, orgID, e.Year); err != nil {
			return err
		}
	}
	e.ReportsKnown = len(facts) > 0 || stated
	today := domain.Day(now)
	for _, f := range facts {
		switch deadlineState(f.AcknowledgedAt, domain.AcknowledgementDue(f.ReceivedAt), today) {
		case 0:
			e.AckOnTime++
		case 1:
			e.AckLate++
		}
		switch deadlineState(f.FeedbackAt, domain.FeedbackDue(f.ReceivedAt, f.AcknowledgedAt), today) {
		case 0:
			e.FeedbackOnTime++
		case 1:
			e.FbLate++
		}
		if f.Investigation == "" || f.Investigation == string(domain.InvestigationNone) {
			continue
		}
		if f.ClosedAt == nil {
			e.InvestigationsStillRunning++
			continue
		}
		e.InvestigationsClosed++
		if f.AllDecided {
			e.InvestigationsWithOutcome++
		}
	}
	return nil
}

// basicNorms is the scorecard's section: one row per norm with its status
// this year and last, what the records show and what is missing.
func (l *layout) basicNorms() (Section, bool) {
	b := l.r.BasicNorms
	if b == nil {
		return Section{}, false
	}
	t := Table{Plain: true, Sheet: "Basisnormen", Caption: l.t("annual.cap.basic_norms", b.Year),
		Headers: []string{l.t("norms.col.norm"), l.t("norms.col.status", b.Year), l.t("norms.col.status", b.PreviousYear),
			l.t("norms.col.evidence"), l.t("norms.col.missing")}}
	for _, n := range b.Norms {
		ev, miss := n.Evidence, n.Missing
		if l.lang != l.r.Lang && (n.evidence != nil || n.missing != nil) {
			ev, miss = phrases(l.cat, l.lang, n.evidence), phrases(l.cat, l.lang, n.missing)
		}
		t.Rows = append(t.Rows, []string{l.t("norms.norm." + n.Norm), l.t("norms.status." + n.Status), l.t("norms.status." + n.PreviousStatus),
			joinOr(ev, "–"), joinOr(miss, "–")})
	}
	sum := Table{Sheet: "Basisnormen telling", Caption: l.t("annual.cap.basic_norms_count", b.Year),
		Headers: []string{l.t("norms.col.status", b.Year), l.t("annual.col.count")}, Rows: [][]string{{l.t("norms.status.met"), strconv.Itoa(b.ByStatus["met"])},
			{l.t("norms.status.partly"), strconv.Itoa(b.ByStatus["partly"])},
			{l.t("norms.status.not_met"), strconv.Itoa(b.ByStatus["not_met"])},
			{l.t("norms.status.not_recorded"), strconv.Itoa(b.ByStatus["not_recorded"])}}}
	return Section{ID: "basic_norms", Title: l.t("annual.sec.basic_norms"), Intro: l.t("annual.basic_norms_intro"), Tables: []Table{sum, t}}, true
}

func joinOr(list []string, empty string) string {
	if len(list) == 0 {
		return empty
	}
	return strings.Join(list, " ")
}
