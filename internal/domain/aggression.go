package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Aggression against officials (Veilige Publieke Taak): incidents of
// aggression, threats or violence by outsiders against employees, office
// holders or councillors. The annual report counts them against the
// previous year. Nothing here is sealed, so nothing here may name a person.
var (
	// AggressionKinds are the kinds of incident, in the order forms and
	// tables show them.
	AggressionKinds = []AggressionKind{AggressionKindVerbal, AggressionKindThreat, AggressionKindPhysical,
		AggressionKindIntimidation, AggressionKindOnline}
	// AggressionTargets are against whom the incident was directed.
	AggressionTargets = []AggressionTarget{AggressionTargetEmployee, AggressionTargetOfficeHolder, AggressionTargetCouncillor}
)

// AggressionKind is a kind of incident.
type AggressionKind string

// The codes of AggressionKind, in their list's order.
const (
	AggressionKindVerbal       AggressionKind = "verbal"
	AggressionKindThreat       AggressionKind = "threat"
	AggressionKindPhysical     AggressionKind = "physical"
	AggressionKindIntimidation AggressionKind = "intimidation"
	AggressionKindOnline       AggressionKind = "online"
)

// AggressionTarget is against whom an incident was directed.
type AggressionTarget string

// The codes of AggressionTarget, in their list's order.
const (
	AggressionTargetEmployee     AggressionTarget = "employee"
	AggressionTargetOfficeHolder AggressionTarget = "office_holder"
	AggressionTargetCouncillor   AggressionTarget = "councillor"
)

// Limits of an incident's free text.
const (
	MaxAggressionDepartmentRunes  = 200
	MaxAggressionDescriptionRunes = 1000
)

// AggressionIncident is one incident.
type AggressionIncident struct {
	ID                  int64
	OrgID               int64
	OccurredOn          time.Time // a day: midnight in Europe/Amsterdam
	Kind                AggressionKind
	Target              AggressionTarget
	Department          string // optional
	PoliceInvolved      bool
	CriminalComplaint   bool // aangifte gedaan
	AftercareOffered    bool
	AftercareFollowedUp bool
	Description         string // optional, short, without names
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Normalise trims the text fields and turns the date into a day.
func (a *AggressionIncident) Normalise() {
	a.Kind, a.Target = AggressionKind(strings.TrimSpace(string(a.Kind))), AggressionTarget(strings.TrimSpace(string(a.Target)))
	a.Department, a.Description = strings.TrimSpace(a.Department), strings.TrimSpace(a.Description)
	if !a.OccurredOn.IsZero() {
		a.OccurredOn = Day(a.OccurredOn)
	}
}

// Check returns every problem with the incident as of the day today, each a
// FieldError naming the form field.
func (a *AggressionIncident) Check(today time.Time) []error {
	a.Normalise()
	var errs []error
	switch {
	case a.OccurredOn.IsZero():
		errs = append(errs, FieldError("occurred_on", "aggression.err_date"))
	case a.OccurredOn.After(Day(today)):
		errs = append(errs, FieldError("occurred_on", "aggression.err_future"))
	case a.OccurredOn.Year() < RecordFirstYear:
		errs = append(errs, FieldError("occurred_on", "err.date_invalid"))
	}
	if !slices.Contains(AggressionKinds, a.Kind) {
		errs = append(errs, FieldError("kind", "aggression.err_kind"))
	}
	if !slices.Contains(AggressionTargets, a.Target) {
		errs = append(errs, FieldError("target", "aggression.err_target"))
	}
	if utf8.RuneCountInString(a.Department) > MaxAggressionDepartmentRunes {
		errs = append(errs, FieldError("department", "err.too_long"))
	}
	if utf8.RuneCountInString(a.Description) > MaxAggressionDescriptionRunes {
		errs = append(errs, FieldError("description", "aggression.err_description_long", MaxAggressionDescriptionRunes))
	}
	if a.AftercareFollowedUp && !a.AftercareOffered {
		errs = append(errs, FieldError("aftercare_followed_up", "aggression.err_followup"))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (a *AggressionIncident) Validate(today time.Time) error { return firstError(a.Check(today)) }

// AggressionCounts are the figures of one year's incidents (by the day they
// happened) with the previous year's total, for the annual report and the
// list page.
type AggressionCounts struct {
	Year                int
	Total               int
	Previous            int // the total of Year-1
	PoliceInvolved      int
	CriminalComplaints  int
	PoliceOrComplaint   int // the police were involved or a complaint was filed
	AftercareOffered    int
	AftercareFollowedUp int
	ByKind              map[string]int // every code of AggressionKinds, zero included
	ByTarget            map[string]int // every code of AggressionTargets, zero included
}

// Change is the difference with the previous year: positive for more.
func (c AggressionCounts) Change() int { return c.Total - c.Previous }

// NewAggressionCounts returns zero counts for year with every code present.
func NewAggressionCounts(year int) AggressionCounts {
	c := AggressionCounts{Year: year, ByKind: map[string]int{}, ByTarget: map[string]int{}}
	for _, k := range AggressionKinds {
		c.ByKind[string(k)] = 0
	}
	for _, t := range AggressionTargets {
		c.ByTarget[string(t)] = 0
	}
	return c
}

// Add counts one incident.
func (c *AggressionCounts) Add(a *AggressionIncident) {
	c.Total++
	c.ByKind[string(a.Kind)]++
	c.ByTarget[string(a.Target)]++
	if a.PoliceInvolved {
		c.PoliceInvolved++
	}
	if a.CriminalComplaint {
		c.CriminalComplaints++
	}
	if a.PoliceInvolved || a.CriminalComplaint {
		c.PoliceOrComplaint++
	}
	if a.AftercareOffered {
		c.AftercareOffered++
	}
	if a.AftercareFollowedUp {
		c.AftercareFollowedUp++
	}
}
