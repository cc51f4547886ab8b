package domain

import (
	"strings"
	"time"
)

// The scorecard of the 13 basic integrity norms (Modelaanpak basisnormen
// integriteit). Each norm is assessed from evidence computed from the
// organisation's own records (NormEvidence, filled by the annual report's
// package), or, where Integer holds none (codes of conduct adopted,
// information security, procurement), from what the controller recorded
// with a date and a document reference (NormRecord). Lack of data is always
// NormNotRecorded, never NormNotMet: "not met" needs records that show it.

// Norm is one of the 13 basic norms.
type Norm string

// The basic norms, in the order of the Modelaanpak.
const (
	NormAttention      Norm = "attention"
	NormCodes          Norm = "codes_of_conduct"
	NormScreening      Norm = "screening"
	NormVulnerable     Norm = "vulnerable_positions"
	NormOath           Norm = "oath"
	NormOutside        Norm = "outside_activities"
	NormFinancial      Norm = "financial_interests"
	NormInfoSecurity   Norm = "information_security"
	NormGifts          Norm = "gifts"
	NormProcurement    Norm = "procurement"
	NormAdvisers       Norm = "confidential_advisers"
	NormReporting      Norm = "reporting"
	NormInvestigations Norm = "investigations"
)

// Norms are the 13 basic norms in the order of the Modelaanpak.
var Norms = []Norm{NormAttention, NormCodes, NormScreening, NormVulnerable, NormOath, NormOutside, NormFinancial,
	NormInfoSecurity, NormGifts, NormProcurement, NormAdvisers, NormReporting, NormInvestigations}

// RecordedNorms are the norms whose evidence is not in Integer's registers:
// the controller records it (NormRecord).
var RecordedNorms = []Norm{NormCodes, NormInfoSecurity, NormProcurement}

// Recorded reports whether the norm's evidence is recorded by the
// controller rather than computed.
func (n Norm) Recorded() bool {
	for _, r := range RecordedNorms {
		if r == n {
			return true
		}
	}
	return false
}

// NormStatus is where the organisation stands on a norm.
type NormStatus string

// The statuses of a norm.
const (
	NormMet         NormStatus = "met"
	NormPartly      NormStatus = "partly"
	NormNotMet      NormStatus = "not_met"
	NormNotRecorded NormStatus = "not_recorded"
)

// NormStatuses are the statuses, best first.
var NormStatuses = []NormStatus{NormMet, NormPartly, NormNotMet, NormNotRecorded}

// RecordStatuses are the statuses the controller may record.
var RecordStatuses = []NormStatus{NormMet, NormPartly, NormNotMet}

// NormRecord is evidence the controller recorded for a norm Integer cannot
// compute: the state it was in from a day on, and the document that shows
// it (a decision's number, a policy's title and version).
type NormRecord struct {
	ID       int64
	OrgID    int64
	Norm     Norm
	Status   NormStatus
	On       time.Time // the day the state began (Amsterdam midnight)
	Document string
	Note     string
}

// Check tidies the record and returns every problem at its field.
func (r *NormRecord) Check() []error {
	r.Document, r.Note = strings.TrimSpace(r.Document), strings.TrimSpace(r.Note)
	var errs []error
	if !r.Norm.Recorded() {
		errs = append(errs, FieldError("norm", "err.choice_invalid"))
	}
	switch r.Status {
	case NormMet, NormPartly, NormNotMet:
	default:
		errs = append(errs, FieldError("status", "err.choice_invalid"))
	}
	if r.On.IsZero() {
		errs = append(errs, FieldError("on", "err.norm_on_required"))
	} else if y := r.On.Year(); y < RecordFirstYear || y > LastYear {
		errs = append(errs, FieldError("on", "err.date_invalid"))
	}
	errs = append(errs, requiredText("document", r.Document, 300, "err.norm_document_required")...)
	if len([]rune(r.Note)) > 2000 {
		errs = append(errs, FieldError("note", "err.too_long"))
	}
	return errs
}

// Validate is Check's first problem, for the store.
func (r *NormRecord) Validate() error { return firstError(r.Check()) }

// NormEvidence is what the records of one year show about the norms. A
// register's Known flag is false when it holds nothing for the year and
// the organisation did not state it held nothing: then its norm is not
// recorded.
type NormEvidence struct {
	Year int

	// Attention: the year's integrity activities and who they reached.
	ActivitiesKnown bool
	Activities      int
	Audiences       map[ActivityAudience]bool

	// Screening and oath: people who started in the year and owe the item.
	PeopleKnown       bool
	StartersOwingVOG  int
	StartersWithVOG   int
	NewOfficials      int // starters who owe the oath
	OathWithin3Months int

	// Vulnerable positions: analyses reviewed by the end of the year, and
	// those whose last review lies within three years of it.
	Analyses        int
	AnalysesCurrent int

	// Outside activities and financial interests: the registers and the
	// positions designated for them.
	OutsideKnown          bool
	DesignatedPublication int
	FinancialKnown        bool
	DesignatedFinancial   int

	// Gifts: the register, and the gifts still awaiting a decision.
	GiftsKnown   bool
	GiftsPending int

	// Confidential advisers appointed (accounts with the adviser role) by
	// what they said they are.
	AdvisersInternal, AdvisersExternal, AdvisersUnset int

	// Reporting: the year's reports and their two legal deadlines.
	ReportsKnown               bool
	AckOnTime, AckLate         int
	FeedbackOnTime, FbLate     int
	InvestigationsClosed       int // of the year's reports with an investigation
	InvestigationsWithOutcome  int // of those closed: every allegation has an outcome
	InvestigationsStillRunning int

	// Recorded holds the controller's latest record per recorded norm on or
	// before the end of the year.
	Recorded map[Norm]*NormRecord
}

// Phrase is a message key with its arguments, translated where shown.
type Phrase struct {
	Key  string
	Args []any
}

func phrase(key string, args ...any) Phrase { return Phrase{Key: key, Args: args} }

// NormResult is the assessment of one norm: its status, what the evidence
// shows and what is missing (message keys under "norms."), and the page of
// the organisation where the controller fixes it (a path below /{org}/),
// or the message key of who keeps its evidence.
type NormResult struct {
	Norm     Norm
	Status   NormStatus
	Evidence []Phrase
	Missing  []Phrase
	Fix      string
	Keeper   string
}

// NormFix is the page below /{org}/ where the controller completes the
// norm's evidence: only pages the controller may open. A norm whose
// evidence another role keeps has none; NormKeeper names that role.
var NormFix = map[Norm]string{
	NormCodes: "norms#record", NormVulnerable: "vulnerable-positions", NormInfoSecurity: "norms#record",
	NormGifts: "gifts", NormProcurement: "norms#record", NormReporting: "reports", NormInvestigations: "reports",
}

// NormKeeper is the message key naming who keeps the evidence of a norm
// the controller cannot complete: the coordinator, HR or clerk
// (activities), HR (people, registers), the administrator (advisers'
// accounts).
var NormKeeper = map[Norm]string{
	NormAttention: "norms.keeper.activities", NormScreening: "norms.keeper.hr", NormOath: "norms.keeper.hr",
	NormOutside: "norms.keeper.hr", NormFinancial: "norms.keeper.hr", NormAdvisers: "norms.keeper.admin",
}

// AssessNorms assesses every norm from the year's evidence, in the order of
// Norms.
func AssessNorms(e NormEvidence) []NormResult {
	out := make([]NormResult, 0, len(Norms))
	for _, n := range Norms {
		out = append(out, AssessNorm(n, e))
	}
	return out
}

// AssessNorm assesses one norm; see the rules in docs/report.md.
func AssessNorm(n Norm, e NormEvidence) NormResult {
	var r NormResult
	switch n {
	case NormAttention:
		r = assessAttention(e)
	case NormScreening:
		r = share(e.PeopleKnown, e.StartersOwingVOG, e.StartersWithVOG, "norms.ev_vog", "norms.miss_vog", "norms.miss_no_starters")
	case NormVulnerable:
		r = share(e.Analyses > 0, e.Analyses, e.AnalysesCurrent, "norms.ev_analyses", "norms.miss_analyses_old", "norms.miss_no_analysis")
	case NormOath:
		r = share(e.PeopleKnown, e.NewOfficials, e.OathWithin3Months, "norms.ev_oath", "norms.miss_oath", "norms.miss_no_officials")
	case NormOutside:
		r = designated(e.OutsideKnown, e.DesignatedPublication, "norms.ev_outside", "norms.miss_outside_register", "norms.miss_designated_publication")
	case NormFinancial:
		r = designated(e.FinancialKnown, e.DesignatedFinancial, "norms.ev_financial", "norms.miss_financial_register", "norms.miss_designated_financial")
	case NormGifts:
		r = assessGifts(e)
	case NormAdvisers:
		r = assessAdvisers(e)
	case NormReporting:
		r = assessReporting(e)
	case NormInvestigations:
		r = assessInvestigations(e)
	default:
		r = assessRecorded(e.Recorded[n])
	}
	r.Norm, r.Fix, r.Keeper = n, NormFix[n], NormKeeper[n]
	return r
}

// share rates a share of done among owed: all met, some partly, none not
// met; nothing owed (or the register unknown) is not recorded.
func share(known bool, owed, done int, evKey, missKey, emptyKey string) NormResult {
	if !known || owed == 0 {
		return NormResult{Status: NormNotRecorded, Missing: []Phrase{phrase(emptyKey)}}
	}
	r := NormResult{Evidence: []Phrase{phrase(evKey, done, owed)}}
	switch {
	case done >= owed:
		r.Status = NormMet
	case done > 0:
		r.Status = NormPartly
	default:
		r.Status = NormNotMet
	}
	if done < owed {
		r.Missing = []Phrase{phrase(missKey, owed-done)}
	}
	return r
}

// attentionAudiences are the groups the norm asks to reach: staff,
// management, and the council or the executive.
var attentionAudiences = [][]ActivityAudience{
	{ActivityAudienceStaff, ActivityAudienceNewStaff},
	{ActivityAudienceManagement},
	{ActivityAudienceCouncil, ActivityAudienceExecutive},
}

var attentionGroupKeys = []string{"norms.miss_audience_staff", "norms.miss_audience_management", "norms.miss_audience_politics"}

func assessAttention(e NormEvidence) NormResult {
	if !e.ActivitiesKnown {
		return NormResult{Status: NormNotRecorded, Missing: []Phrase{phrase("norms.miss_activities_register")}}
	}
	if e.Activities == 0 {
		return NormResult{Status: NormNotMet, Evidence: []Phrase{phrase("norms.ev_activities_none")}, Missing: []Phrase{phrase("norms.miss_activities")}}
	}
	r := NormResult{Evidence: []Phrase{phrase("norms.ev_activities", e.Activities)}}
	for i, group := range attentionAudiences {
		reached := false
		for _, a := range group {
			reached = reached || e.Audiences[a]
		}
		if !reached {
			r.Missing = append(r.Missing, phrase(attentionGroupKeys[i]))
		}
	}
	r.Status = NormMet
	if len(r.Missing) > 0 {
		r.Status = NormPartly
	}
	return r
}

// designated rates a register that must be kept for designated positions:
// met with both, partly with one, not recorded with neither.
func designated(known bool, positions int, evKey, missRegister, missDesignated string) NormResult {
	if !known && positions == 0 {
		return NormResult{Status: NormNotRecorded, Missing: []Phrase{phrase(missRegister), phrase(missDesignated)}}
	}
	r := NormResult{Status: NormMet, Evidence: []Phrase{phrase(evKey, positions)}}
	if !known {
		r.Status, r.Missing = NormPartly, append(r.Missing, phrase(missRegister))
	}
	if positions == 0 {
		r.Status, r.Missing = NormPartly, append(r.Missing, phrase(missDesignated))
	}
	return r
}

func assessGifts(e NormEvidence) NormResult {
	if !e.GiftsKnown {
		return NormResult{Status: NormNotRecorded, Missing: []Phrase{phrase("norms.miss_gifts_register")}}
	}
	r := NormResult{Status: NormMet, Evidence: []Phrase{phrase("norms.ev_gifts")}}
	if e.GiftsPending > 0 {
		r.Status, r.Missing = NormPartly, []Phrase{phrase("norms.miss_gifts_pending", e.GiftsPending)}
	}
	return r
}

func assessAdvisers(e NormEvidence) NormResult {
	total := e.AdvisersInternal + e.AdvisersExternal + e.AdvisersUnset
	if total == 0 {
		return NormResult{Status: NormNotRecorded, Missing: []Phrase{phrase("norms.miss_no_advisers")}}
	}
	r := NormResult{Status: NormMet, Evidence: []Phrase{phrase("norms.ev_advisers", e.AdvisersInternal, e.AdvisersExternal)}}
	if e.AdvisersInternal == 0 {
		r.Missing = append(r.Missing, phrase("norms.miss_adviser_internal"))
	}
	if e.AdvisersExternal == 0 {
		r.Missing = append(r.Missing, phrase("norms.miss_adviser_external"))
	}
	if e.AdvisersUnset > 0 {
		r.Missing = append(r.Missing, phrase("norms.miss_adviser_unset", e.AdvisersUnset))
	}
	if len(r.Missing) > 0 {
		r.Status = NormPartly
	}
	return r
}

func assessReporting(e NormEvidence) NormResult {
	if !e.ReportsKnown {
		return NormResult{Status: NormNotRecorded, Missing: []Phrase{phrase("norms.miss_reports_register")}}
	}
	onTime, late := e.AckOnTime+e.FeedbackOnTime, e.AckLate+e.FbLate
	r := NormResult{Status: NormMet, Evidence: []Phrase{phrase("norms.ev_ack", e.AckOnTime, e.AckOnTime+e.AckLate),
		phrase("norms.ev_feedback", e.FeedbackOnTime, e.FeedbackOnTime+e.FbLate)}}
	if e.AckLate > 0 {
		r.Missing = append(r.Missing, phrase("norms.miss_ack_late", e.AckLate))
	}
	if e.FbLate > 0 {
		r.Missing = append(r.Missing, phrase("norms.miss_feedback_late", e.FbLate))
	}
	switch {
	case late > 0 && onTime == 0:
		r.Status = NormNotMet
	case late > 0:
		r.Status = NormPartly
	}
	return r
}

func assessInvestigations(e NormEvidence) NormResult {
	if !e.ReportsKnown || e.InvestigationsClosed == 0 {
		r := NormResult{Status: NormNotRecorded, Missing: []Phrase{phrase("norms.miss_no_investigations")}}
		if e.InvestigationsStillRunning > 0 {
			r.Evidence = []Phrase{phrase("norms.ev_investigations_running", e.InvestigationsStillRunning)}
		}
		return r
	}
	r := share(true, e.InvestigationsClosed, e.InvestigationsWithOutcome, "norms.ev_investigations", "norms.miss_investigations_outcome", "")
	if e.InvestigationsStillRunning > 0 {
		r.Evidence = append(r.Evidence, phrase("norms.ev_investigations_running", e.InvestigationsStillRunning))
	}
	return r
}

func assessRecorded(rec *NormRecord) NormResult {
	if rec == nil {
		return NormResult{Status: NormNotRecorded, Missing: []Phrase{phrase("norms.miss_record")}}
	}
	r := NormResult{Status: rec.Status, Evidence: []Phrase{phrase("norms.ev_record", DateOf(rec.On).Display(), rec.Document)}}
	if rec.Status != NormMet {
		r.Missing = []Phrase{phrase("norms.miss_record_status")}
	}
	return r
}
