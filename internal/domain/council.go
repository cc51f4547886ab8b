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

// Validate checks a question; errors name the form field.
func (q *CouncilQuestion) Validate() error {
	if err := councilDate(q.Date); err != nil {
		return err
	}
	if q.Topic != "" && !slices.Contains(CouncilTopics, q.Topic) {
		return FieldError("topic", "err.choice_invalid")
	}
	return nil
}

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

// Validate checks and tidies a screening; errors name the form field.
func (s *Screening) Validate() error {
	s.Reference, s.PerformedBy, s.Note = strings.TrimSpace(s.Reference), strings.TrimSpace(s.PerformedBy), strings.TrimSpace(s.Note)
	if err := councilDate(s.Date); err != nil {
		return err
	}
	if s.Reference == "" {
		return FieldError("reference", "err.screening_reference_required")
	}
	if len([]rune(s.Reference)) > MaxCouncilShort {
		return FieldError("reference", "err.too_long")
	}
	if !slices.Contains(CandidateRoles, s.CandidateRole) {
		return FieldError("candidate_role", "err.screening_role_required")
	}
	if s.PerformedBy == "" {
		return FieldError("performed_by", "err.screening_performed_by_required")
	}
	if len([]rune(s.PerformedBy)) > MaxCouncilShort {
		return FieldError("performed_by", "err.too_long")
	}
	if !slices.Contains(ScreeningOutcomes, s.Outcome) {
		return FieldError("outcome", "err.screening_outcome_required")
	}
	if len([]rune(s.Note)) > MaxCouncilNote {
		return FieldError("note", "err.screening_note_too_long", MaxCouncilNote)
	}
	return nil
}

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

// Validate checks and tidies a code of conduct; errors name the form field.
func (c *ConductCode) Validate() error {
	c.Title, c.Version, c.PublishedAt = strings.TrimSpace(c.Title), strings.TrimSpace(c.Version), strings.TrimSpace(c.PublishedAt)
	if !slices.Contains(ConductBodies, c.Body) {
		return FieldError("body", "err.conduct_body_required")
	}
	if c.Title == "" {
		return FieldError("title", "err.conduct_title_required")
	}
	if len([]rune(c.Title)) > MaxCouncilShort {
		return FieldError("title", "err.too_long")
	}
	if c.Version == "" {
		return FieldError("version", "err.conduct_version_required")
	}
	if len([]rune(c.Version)) > MaxCouncilShort {
		return FieldError("version", "err.too_long")
	}
	if c.AdoptedOn.IsZero() {
		return FieldError("adopted_on", "err.council_date_required")
	}
	if !YearValid(c.AdoptedOn.Year()) {
		return FieldError("adopted_on", "err.date_invalid")
	}
	if len([]rune(c.PublishedAt)) > MaxCouncilNote {
		return FieldError("published_at", "err.too_long")
	}
	return nil
}

func councilDate(t time.Time) error {
	if t.IsZero() {
		return FieldError("date", "err.council_date_required")
	}
	if !YearValid(t.Year()) {
		return FieldError("date", "err.date_invalid")
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
