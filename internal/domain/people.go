package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Employment kinds of a person in the people register.
var Employments = []string{"permanent", "temporary", "hired", "intern", "office_holder"}

// PoliticalOffices are the political positions (empty for officials).
var PoliticalOffices = []string{"councillor", "alderman", "mayor"}

// OathKinds: the oath (eed) or the affirmation (belofte).
var OathKinds = []string{"oath", "affirmation"}

// Position is a position in the organisation, also a political office.
// Designated positions publish their outside activities, or report their
// financial interests (Ambtenarenwet 2017 art. 5 and 8).
type Position struct {
	ID                    int64
	OrgID                 int64
	Ref                   string
	Title                 string
	Department            string
	DesignatedPublication bool
	DesignatedFinancial   bool
	Political             string // "", councillor, alderman, mayor
}

// Person is an employee, hired person or political office holder, with the
// dates of the onboarding items. A nil date means not (yet) done.
type Person struct {
	ID              int64
	OrgID           int64
	Ref             string // the HR system's number; the key of imports
	Name            string
	Employment      string
	PositionID      int64 // 0 = none
	Department      string
	StartOn         *time.Time
	EndOn           *time.Time
	VOGOn           *time.Time // certificate of conduct received
	OathOn          *time.Time
	OathKind        string     // oath or affirmation
	OathWitness     string     // in whose presence
	DeclarationOn   *time.Time // integrity declaration signed
	ConfidentialOn  *time.Time // confidentiality statement signed
	IntroTrainingOn *time.Time // introduction training attended
	UserID          int64      // the person's own account, for self-service; 0 = none
}

// OnboardingItems are the onboarding obligations, in the order shown.
var OnboardingItems = []string{"vog", "oath", "declaration", "confidentiality", "intro_training"}

// Owes reports whether a person of this employment kind owes the item.
// The oath or affirmation is for civil servants only: not for hired staff
// and interns, who are no civil servants, and office holders swear theirs
// before the council. Everyone who works here signs the integrity
// declaration and the confidentiality statement; everyone on the payroll
// attends the introduction training.
func Owes(employment, item string) bool {
	switch item {
	case "oath":
		return employment == "permanent" || employment == "temporary"
	case "vog":
		return employment != "office_holder"
	case "declaration", "confidentiality":
		return employment != "office_holder"
	case "intro_training":
		return employment == "permanent" || employment == "temporary" || employment == "intern"
	}
	return false
}

// Done returns the date the item was done, or nil.
func (p *Person) Done(item string) *time.Time {
	switch item {
	case "vog":
		return p.VOGOn
	case "oath":
		return p.OathOn
	case "declaration":
		return p.DeclarationOn
	case "confidentiality":
		return p.ConfidentialOn
	case "intro_training":
		return p.IntroTrainingOn
	}
	return nil
}

// Gap is an onboarding item a person owes and lacks, and since when
// (the start date; zero when unknown).
type Gap struct {
	Item  string
	Since *time.Time
}

// Gaps lists what the person owes and lacks. A person who has left owes
// nothing any more.
func (p *Person) Gaps(now time.Time) []Gap {
	if p.EndOn != nil && p.EndOn.Before(now) {
		return nil
	}
	var out []Gap
	for _, item := range OnboardingItems {
		if Owes(p.Employment, item) && p.Done(item) == nil {
			out = append(out, Gap{Item: item, Since: p.StartOn})
		}
	}
	return out
}

var refPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$`)

// Validate checks a person; errors name the form field.
func (p *Person) Validate() error {
	p.Ref, p.Name, p.Department = strings.TrimSpace(p.Ref), strings.TrimSpace(p.Name), strings.TrimSpace(p.Department)
	if !refPattern.MatchString(p.Ref) {
		return FieldError("ref", "err.ref_invalid")
	}
	if len(p.Name) > 200 || len(p.Department) > 200 {
		return FieldError("name", "err.too_long")
	}
	if !slices.Contains(Employments, p.Employment) {
		return FieldError("employment", "err.choice_invalid")
	}
	if p.OathKind != "" && !slices.Contains(OathKinds, p.OathKind) {
		return FieldError("oath_kind", "err.choice_invalid")
	}
	if p.OathOn != nil && p.OathKind == "" {
		return FieldError("oath_kind", "err.oath_kind_required")
	}
	if p.StartOn != nil && p.EndOn != nil && p.EndOn.Before(*p.StartOn) {
		return FieldError("end_on", "err.end_before_start")
	}
	return nil
}

// Validate checks a position; errors name the form field.
func (p *Position) Validate() error {
	p.Ref, p.Title, p.Department = strings.TrimSpace(p.Ref), strings.TrimSpace(p.Title), strings.TrimSpace(p.Department)
	if !refPattern.MatchString(p.Ref) {
		return FieldError("ref", "err.ref_invalid")
	}
	if p.Title == "" || len(p.Title) > 200 {
		return FieldError("title", "err.name_required")
	}
	if p.Political != "" && !slices.Contains(PoliticalOffices, p.Political) {
		return FieldError("political", "err.choice_invalid")
	}
	return nil
}
