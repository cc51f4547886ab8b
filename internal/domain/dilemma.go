package domain

import (
	_ "embed"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Dilemma sessions (dilemmasessies): a team meets, the facilitator shows a
// dilemma on a shared screen, everyone votes anonymously from their phone
// for one of its options, and the screen then walks the team through the
// steps of moral deliberation. The deck ships with Integer (dilemmadeck.json,
// written for Dutch municipal practice); an organisation adds its own. A
// closed session is recorded as an integrity activity of kind
// ActivityKindDilemmaSession, so the annual report counts it.

// DilemmaAudience is who a dilemma is written for.
type DilemmaAudience string

// The codes of DilemmaAudience, in their list's order.
const (
	DilemmaOfficials     DilemmaAudience = "officials"      // ambtenaren
	DilemmaOfficeHolders DilemmaAudience = "office_holders" // bestuurders
	DilemmaBoth          DilemmaAudience = "both"
)

// DilemmaAudiences lists the audiences.
var DilemmaAudiences = []DilemmaAudience{DilemmaOfficials, DilemmaOfficeHolders, DilemmaBoth}

// DilemmaThemes are the themes of the deck, in the order the deck page
// shows them.
var DilemmaThemes = []string{"gifts", "outside", "confidential", "conduct", "undermining", "social_media",
	"political_pressure", "conflict_procurement", "conflict_permits", "finance"}

// DilemmaSteps is the number of steps of moral deliberation after the vote
// (facts and core problem … how it feels); their words are in the
// catalogue as dilemma.step.N.
const DilemmaSteps = 10

// DilemmaConclusionStep is the step at which the team writes its
// conclusion ("I do X because of Y, despite Z").
const DilemmaConclusionStep = 8

// Limits of an own dilemma and a session's texts.
const (
	MaxDilemmaTitle      = 120
	MaxDilemmaText       = 1500
	MaxDilemmaOption     = 200
	MinDilemmaOptions    = 2
	MaxDilemmaOptions    = 5
	MaxDilemmaConclusion = 1000
	DilemmaCodeLength    = 6 // the join code participants type
)

// DilemmaText is a dilemma in one language.
type DilemmaText struct {
	Title   string   `json:"title"`
	Text    string   `json:"text"`
	Options []string `json:"options"`
}

// Dilemma is one dilemma of the deck or of the organisation. Ref names it
// in a session: the deck's code ("D07") or "own-" and the own dilemma's id.
type Dilemma struct {
	Ref      string          `json:"code"`
	Audience DilemmaAudience `json:"audience"`
	Theme    string          `json:"theme"`
	NL       DilemmaText     `json:"nl"`
	EN       DilemmaText     `json:"en"`
	OwnID    int64           `json:"-"` // an own dilemma's id; 0 for the deck's
}

// In returns the dilemma in lang: the deck's in Dutch or English, an own
// dilemma as written.
func (d *Dilemma) In(lang string) DilemmaText {
	if lang == "en" && d.OwnID == 0 {
		return d.EN
	}
	return d.NL
}

// ForAudience reports whether the dilemma suits a session for audience.
func (d *Dilemma) ForAudience(a DilemmaAudience) bool {
	return a == DilemmaBoth || d.Audience == DilemmaBoth || d.Audience == a
}

// OwnDilemmaRef is the reference of an own dilemma in a session.
func OwnDilemmaRef(id int64) string { return "own-" + strconv.FormatInt(id, 10) }

// OwnDilemmaID returns the id in an own dilemma's reference.
func OwnDilemmaID(ref string) (int64, bool) {
	s, ok := strings.CutPrefix(ref, "own-")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

//go:embed dilemmadeck.json
var dilemmaDeckJSON []byte

var dilemmaDeck = sync.OnceValues(func() ([]Dilemma, error) {
	var deck []Dilemma
	err := json.Unmarshal(dilemmaDeckJSON, &deck)
	return deck, err
})

// DilemmaDeck returns the deck that ships with Integer (a test checks that
// it parses and is complete, so an error here is a build defect).
func DilemmaDeck() []Dilemma {
	deck, err := dilemmaDeck()
	if err != nil {
		panic("domain: dilemmadeck.json: " + err.Error())
	}
	return slices.Clone(deck)
}

// DeckDilemma returns the deck's dilemma with code ref.
func DeckDilemma(ref string) (Dilemma, bool) {
	for _, d := range DilemmaDeck() {
		if d.Ref == ref {
			return d, true
		}
	}
	return Dilemma{}, false
}

// Check tidies an own dilemma (written in the organisation's language, kept
// in NL) and returns every problem with it, each naming its form field.
func (d *Dilemma) Check() []error {
	d.NL.Title = strings.TrimSpace(d.NL.Title)
	d.NL.Text = strings.TrimSpace(d.NL.Text)
	var opts []string
	for _, o := range d.NL.Options {
		if o = strings.TrimSpace(o); o != "" {
			opts = append(opts, o)
		}
	}
	d.NL.Options = opts
	var errs []error
	switch {
	case d.NL.Title == "":
		errs = append(errs, FieldError("title", "err.dilemma_title_required"))
	case len([]rune(d.NL.Title)) > MaxDilemmaTitle:
		errs = append(errs, FieldError("title", "err.too_long"))
	}
	switch {
	case d.NL.Text == "":
		errs = append(errs, FieldError("text", "err.dilemma_text_required"))
	case len([]rune(d.NL.Text)) > MaxDilemmaText:
		errs = append(errs, FieldError("text", "err.too_long"))
	}
	switch {
	case len(opts) < MinDilemmaOptions || len(opts) > MaxDilemmaOptions:
		errs = append(errs, FieldError("options", "err.dilemma_options", MinDilemmaOptions, MaxDilemmaOptions))
	case slices.ContainsFunc(opts, func(o string) bool { return len([]rune(o)) > MaxDilemmaOption }):
		errs = append(errs, FieldError("options", "err.too_long"))
	}
	if !slices.Contains(DilemmaAudiences, d.Audience) {
		errs = append(errs, FieldError("audience", "err.choice_invalid"))
	}
	if !slices.Contains(DilemmaThemes, d.Theme) {
		errs = append(errs, FieldError("theme", "err.choice_invalid"))
	}
	return errs
}

// DilemmaSession is a session of the dilemma game. Nothing in it names a
// participant: a vote is kept with a hash of the participant's random
// browser token only while the session is open, to count one vote per
// phone per dilemma, and only the counts remain after it closes.
type DilemmaSession struct {
	ID            int64
	OrgID         int64
	Code          string // what participants type to join; unique among open sessions
	Title         string
	Audience      DilemmaAudience
	FacilitatorID int64
	StartedAt     time.Time
	ClosedAt      *time.Time
	ActivityID    int64 // the activity recorded at closing; 0 while open
	Round         int   // 1 for the first dilemma drawn; 0 before any
	Step          int   // 0 while voting, 1..DilemmaSteps while deliberating
	Version       int64 // grows with every change, for the screens that follow it
	Participants  int   // distinct phones that voted, counted at closing
	Rounds        []DilemmaRound
}

// DilemmaRound is one dilemma of a session with its votes per option and
// the conclusion the team kept.
type DilemmaRound struct {
	Round      int
	Ref        string
	Votes      map[int]int // option index (0-based) → votes
	Conclusion string
}

// Current returns the round being played, or nil before the first draw.
func (s *DilemmaSession) Current() *DilemmaRound {
	for i := range s.Rounds {
		if s.Rounds[i].Round == s.Round {
			return &s.Rounds[i]
		}
	}
	return nil
}

// Open reports whether the session still runs.
func (s *DilemmaSession) Open() bool { return s.ClosedAt == nil }

// Voting reports whether participants can vote now.
func (s *DilemmaSession) Voting() bool { return s.Open() && s.Round > 0 && s.Step == 0 }

// ActivityAudiences maps the session's audience to the annual report's.
func (a DilemmaAudience) ActivityAudiences() []ActivityAudience {
	switch a {
	case DilemmaOfficeHolders:
		return []ActivityAudience{ActivityAudienceExecutive}
	case DilemmaBoth:
		return []ActivityAudience{ActivityAudienceExecutive, ActivityAudienceStaff}
	}
	return []ActivityAudience{ActivityAudienceStaff}
}

// NormalizeDilemmaCode returns a typed join code in its stored form:
// capitals, without spaces or dashes.
func NormalizeDilemmaCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return -1
	}, s)
}
