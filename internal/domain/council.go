package domain

import (
	"slices"
	"strings"
	"time"
)

// Political and administrative integrity (politiek-bestuurlijke
// integriteit), kept by the council clerk (griffie): councillors' integrity
// questions, screenings of candidates, and the codes of conduct. None of the
// three registers holds a name: a question records only what it led to, a
// screening carries a reference the clerk chooses.

var (
	// CouncilTopics are what a councillor's integrity question was about.
	CouncilTopics = []CouncilTopic{CouncilTopicOutsidePositions, CouncilTopicGifts, CouncilTopicConflictOfInterest,
		CouncilTopicConduct, CouncilTopicOther}
	// CandidateRoles are the offices a screened candidate stands for.
	CandidateRoles = []CandidateRole{CandidateRoleAlderman, CandidateRoleCouncillor}
	// ScreeningOutcomes are the conclusions of a screening or risk analysis.
	ScreeningOutcomes = []ScreeningOutcome{ScreeningOutcomeNoRisks, ScreeningOutcomeRisksMitigated, ScreeningOutcomeAdvisedAgainst}
	// ConductBodies are whose code of conduct a version is: the council's,
	// the aldermen's (college) or the mayor's.
	ConductBodies = []ConductBody{ConductBodyCouncil, ConductBodyExecutive, ConductBodyMayor}
)

// CouncilTopic is what a councillor's integrity question was about.
type CouncilTopic string

// The codes of CouncilTopic, in their list's order.
const (
	CouncilTopicOutsidePositions   CouncilTopic = "outside_positions"
	CouncilTopicGifts              CouncilTopic = "gifts"
	CouncilTopicConflictOfInterest CouncilTopic = "conflict_of_interest"
	CouncilTopicConduct            CouncilTopic = "conduct"
	CouncilTopicOther              CouncilTopic = "other"
)

// CandidateRole is an office a screened candidate stands for.
type CandidateRole string

// The codes of CandidateRole, in their list's order.
const (
	CandidateRoleAlderman   CandidateRole = "alderman"
	CandidateRoleCouncillor CandidateRole = "councillor"
)

// ScreeningOutcome is the conclusion of a screening or risk analysis.
type ScreeningOutcome string

// The codes of ScreeningOutcome, in their list's order.
const (
	ScreeningOutcomeNoRisks        ScreeningOutcome = "no_risks"
	ScreeningOutcomeRisksMitigated ScreeningOutcome = "risks_mitigated"
	ScreeningOutcomeAdvisedAgainst ScreeningOutcome = "advised_against"
)

// ConductBody is whose code of conduct a version is.
type ConductBody string

// The codes of ConductBody, in their list's order.
const (
	ConductBodyCouncil   ConductBody = "council"
	ConductBodyExecutive ConductBody = "executive"
	ConductBodyMayor     ConductBody = "mayor"
)

// Limits of the council registers' fields.
const (
	MaxCouncilShort = 200 // references, titles, versions, who performed
	MaxCouncilNote  = 1000
)

// CouncilQuestion is a councillor's integrity question to the clerk, with
// what it led to. It deliberately records no name and no content.
type CouncilQuestion struct {
	ID                 int64
	OrgID              int64
	Date               time.Time
	MayorConversation  bool         // led to a conversation with the mayor
	PreliminaryInquiry bool         // led to a preliminary inquiry (vooronderzoek)
	Topic              CouncilTopic // "" when not recorded
}

// Check returns every problem with a question, each a FieldError naming
// the form field.
func (q *CouncilQuestion) Check() []error {
	errs := councilDate("date", q.Date)
	if q.Topic != "" && !slices.Contains(CouncilTopics, q.Topic) {
		errs = append(errs, FieldError("topic", "err.choice_invalid"))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (q *CouncilQuestion) Validate() error { return firstError(q.Check()) }

// Screening is an integrity screening or risk analysis of a candidate
// alderman (or councillor). Reference is the clerk's own, never a name; the
// note is kept as short as possible and shown only on the clerk's pages.
type Screening struct {
	ID            int64
	OrgID         int64
	Date          time.Time
	Reference     string // e.g. "kandidaat-wethouder 2026-1"
	CandidateRole CandidateRole
	PerformedBy   string // e.g. "BING", "extern bureau"
	Outcome       ScreeningOutcome
	Note          string
}

// Check tidies a screening and returns every problem with it, each a
// FieldError naming the form field.
func (s *Screening) Check() []error {
	s.Reference, s.PerformedBy, s.Note = strings.TrimSpace(s.Reference), strings.TrimSpace(s.PerformedBy), strings.TrimSpace(s.Note)
	errs := councilDate("date", s.Date)
	errs = append(errs, requiredText("reference", s.Reference, MaxCouncilShort, "err.screening_reference_required")...)
	if !slices.Contains(CandidateRoles, s.CandidateRole) {
		errs = append(errs, FieldError("candidate_role", "err.screening_role_required"))
	}
	errs = append(errs, requiredText("performed_by", s.PerformedBy, MaxCouncilShort, "err.screening_performed_by_required")...)
	if !slices.Contains(ScreeningOutcomes, s.Outcome) {
		errs = append(errs, FieldError("outcome", "err.screening_outcome_required"))
	}
	if len([]rune(s.Note)) > MaxCouncilNote {
		errs = append(errs, FieldError("note", "err.screening_note_too_long", MaxCouncilNote))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (s *Screening) Validate() error { return firstError(s.Check()) }

// ConductCode is one adopted version of a code of conduct.
type ConductCode struct {
	ID          int64
	OrgID       int64
	Body        ConductBody
	Title       string
	Version     string
	AdoptedOn   time.Time
	PublishedAt string // where it is published: plain text, never followed as a link
}

// Check tidies a code of conduct and returns every problem with it, each a
// FieldError naming the form field.
func (c *ConductCode) Check() []error {
	c.Title, c.Version, c.PublishedAt = strings.TrimSpace(c.Title), strings.TrimSpace(c.Version), strings.TrimSpace(c.PublishedAt)
	var errs []error
	if !slices.Contains(ConductBodies, c.Body) {
		errs = append(errs, FieldError("body", "err.conduct_body_required"))
	}
	errs = append(errs, requiredText("title", c.Title, MaxCouncilShort, "err.conduct_title_required")...)
	errs = append(errs, requiredText("version", c.Version, MaxCouncilShort, "err.conduct_version_required")...)
	errs = append(errs, councilDate("adopted_on", c.AdoptedOn)...)
	if len([]rune(c.PublishedAt)) > MaxCouncilNote {
		errs = append(errs, FieldError("published_at", "err.too_long"))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (c *ConductCode) Validate() error { return firstError(c.Check()) }

// councilDate checks a register's date: given, in a valid year.
func councilDate(field string, t time.Time) []error {
	switch {
	case t.IsZero():
		return []error{FieldError(field, "err.council_date_required")}
	case !YearValid(t.Year()):
		return []error{FieldError(field, "err.date_invalid")}
	}
	return nil
}

// CouncilCounts are a year's figures of political and administrative
// integrity for the annual report.
type CouncilCounts struct {
	Year                 int
	Contacts             int // councillors' integrity questions to the clerk
	MayorConversations   int // of which led to a conversation with the mayor
	PreliminaryInquiries int // of which led to a preliminary inquiry
	Screenings           int
	ScreeningsByOutcome  map[string]int // every outcome, zero included
}
