package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Employment is the kind of employment of a person in the people register.
type Employment string

// The employment kinds.
const (
	EmploymentPermanent    Employment = "permanent"
	EmploymentTemporary    Employment = "temporary"
	EmploymentHired        Employment = "hired"
	EmploymentIntern       Employment = "intern"
	EmploymentOfficeHolder Employment = "office_holder"
)

// Employments are the employment kinds, in the order shown.
var Employments = []Employment{EmploymentPermanent, EmploymentTemporary, EmploymentHired, EmploymentIntern, EmploymentOfficeHolder}

// PoliticalOffice is a political position; "" for an official.
type PoliticalOffice string

// The political offices.
const (
	PoliticalOfficeCouncillor PoliticalOffice = "councillor"
	PoliticalOfficeAlderman   PoliticalOffice = "alderman"
	PoliticalOfficeMayor      PoliticalOffice = "mayor"
)

// PoliticalOffices are the political positions (empty for officials).
var PoliticalOffices = []PoliticalOffice{PoliticalOfficeCouncillor, PoliticalOfficeAlderman, PoliticalOfficeMayor}

// OathKind is the oath (eed) or the affirmation (belofte).
type OathKind string

// The oath kinds.
const (
	OathKindOath        OathKind = "oath"
	OathKindAffirmation OathKind = "affirmation"
)

// OathKinds are the oath kinds, in the order shown.
var OathKinds = []OathKind{OathKindOath, OathKindAffirmation}

// The columns of the register template (people.csv and positions.csv), in
// the template's order. An import overwrites only the columns its file has,
// so a file without a name column keeps the names typed in by hand.
var (
	PeopleColumns   = []string{"ref", "name", "employment", "position_ref", "department", "start_on", "vog_on", "oath_on", "oath_kind", "declaration_on"}
	PositionColumns = []string{"ref", "title", "department", "designated_publication", "designated_financial", "political"}
	// The columns a file must have.
	PeopleRequiredColumns   = []string{"ref", "employment"}
	PositionRequiredColumns = []string{"ref", "title"}
)

// Limits of the register's free text.
const (
	MaxPersonNameRunes = 200
	MaxDepartmentRunes = 200
	MaxWitnessRunes    = 200
	MaxTitleRunes      = 200
)

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
	Political             PoliticalOffice // "" for an official
}

// Person is an employee, hired person or political office holder, with the
// dates of the onboarding items. A nil date means not (yet) done.
type Person struct {
	ID              int64
	OrgID           int64
	Ref             string // the HR system's number; the key of imports
	Name            string
	Employment      Employment
	PositionID      int64 // 0 = none
	Department      string
	StartOn         *time.Time
	EndOn           *time.Time
	VOGOn           *time.Time // certificate of conduct received
	OathOn          *time.Time
	OathKind        OathKind   // oath or affirmation
	OathWitness     string     // in whose presence
	DeclarationOn   *time.Time // integrity declaration signed
	ConfidentialOn  *time.Time // confidentiality statement signed
	IntroTrainingOn *time.Time // introduction training attended
	UserID          int64      // the person's own account, for self-service; 0 = none
	// OnboardingDestroyedAt is when the onboarding record was destroyed
	// under its retention term, for a person another register still
	// names (see docs/retention.md); nil otherwise.
	OnboardingDestroyedAt *time.Time
}

// OnboardingItem is one onboarding obligation.
type OnboardingItem string

// The onboarding items.
const (
	OnboardingItemVOG             OnboardingItem = "vog"
	OnboardingItemOath            OnboardingItem = "oath"
	OnboardingItemDeclaration     OnboardingItem = "declaration"
	OnboardingItemConfidentiality OnboardingItem = "confidentiality"
	OnboardingItemIntroTraining   OnboardingItem = "intro_training"
)

// OnboardingItems are the onboarding obligations, in the order shown.
var OnboardingItems = []OnboardingItem{OnboardingItemVOG, OnboardingItemOath, OnboardingItemDeclaration,
	OnboardingItemConfidentiality, OnboardingItemIntroTraining}

// Owes reports whether a person of this employment kind owes the item.
// The oath or affirmation is for civil servants only: not for hired staff
// and interns, who are no civil servants, and office holders swear theirs
// before the council. Everyone who works here signs the integrity
// declaration and the confidentiality statement; everyone on the payroll
// attends the introduction training.
func Owes(employment Employment, item OnboardingItem) bool {
	switch item {
	case OnboardingItemOath:
		return employment == EmploymentPermanent || employment == EmploymentTemporary
	case OnboardingItemVOG:
		return employment != EmploymentOfficeHolder
	case OnboardingItemDeclaration, OnboardingItemConfidentiality:
		return employment != EmploymentOfficeHolder
	case OnboardingItemIntroTraining:
		return employment == EmploymentPermanent || employment == EmploymentTemporary || employment == EmploymentIntern
	}
	return false
}

// MayTakeOath reports whether a person of this employment kind can have
// taken the oath or affirmation of a civil servant: hired staff and interns
// are no civil servants. Office holders swear before the council; their
// oath may be recorded here, though they owe none to HR.
func MayTakeOath(employment Employment) bool {
	return employment != EmploymentHired && employment != EmploymentIntern
}

// Done returns the date the item was done, or nil.
func (p *Person) Done(item OnboardingItem) *time.Time {
	switch item {
	case OnboardingItemVOG:
		return p.VOGOn
	case OnboardingItemOath:
		return p.OathOn
	case OnboardingItemDeclaration:
		return p.DeclarationOn
	case OnboardingItemConfidentiality:
		return p.ConfidentialOn
	case OnboardingItemIntroTraining:
		return p.IntroTrainingOn
	}
	return nil
}

// Left reports whether the person has left: their end date lies before the
// day of now.
func (p *Person) Left(now time.Time) bool { return p.EndOn != nil && p.EndOn.Before(Day(now)) }

// Gap is an onboarding item a person owes and lacks, and since when
// (the start date; zero when unknown).
type Gap struct {
	Item  OnboardingItem
	Since *time.Time
}

// Days is the number of days from the start date to the day of now:
// negative before the start, and ok false when the start is unknown.
func (g Gap) Days(now time.Time) (days int, ok bool) {
	if g.Since == nil {
		return 0, false
	}
	return DaysBetween(*g.Since, now), true
}

// DaysBetween counts the calendar days (in Amsterdam) from the day of a to
// the day of b; negative when b is earlier.
func DaysBetween(a, b time.Time) int { return DateOf(a).DaysUntil(DateOf(b)) }

// Gaps lists what the person owes and lacks. A person who has left owes
// nothing any more; on their last day they still do.
func (p *Person) Gaps(now time.Time) []Gap {
	if p.Left(now) {
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

// dates lists the person's dates by their form field.
func (p *Person) dates() []struct {
	field string
	d     **time.Time
} {
	return []struct {
		field string
		d     **time.Time
	}{
		{"start_on", &p.StartOn}, {"end_on", &p.EndOn}, {"vog_on", &p.VOGOn}, {"oath_on", &p.OathOn},
		{"declaration_on", &p.DeclarationOn}, {"confidential_on", &p.ConfidentialOn}, {"intro_training_on", &p.IntroTrainingOn},
	}
}

// Normalise trims the text and turns every date into a day (midnight in
// Europe/Amsterdam).
func (p *Person) Normalise() {
	p.Ref, p.Name, p.Department = strings.TrimSpace(p.Ref), strings.TrimSpace(p.Name), strings.TrimSpace(p.Department)
	p.Employment, p.OathKind = Employment(strings.TrimSpace(string(p.Employment))), OathKind(strings.TrimSpace(string(p.OathKind)))
	p.OathWitness = strings.TrimSpace(p.OathWitness)
	for _, d := range p.dates() {
		if *d.d != nil {
			day := Day(**d.d)
			*d.d = &day
		}
	}
}

var refPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$`)

// plausibleDay reports whether a date of the register can be meant: from
// PlausibleFirstYear (a start date of long ago) to LastYear.
func plausibleDay(t time.Time) bool { return t.Year() >= PlausibleFirstYear && t.Year() <= LastYear }

// Check returns every problem with the person, each a FieldError naming
// the form field (the template's column where there is one).
func (p *Person) Check() []error {
	p.Normalise()
	var errs []error
	if !refPattern.MatchString(p.Ref) {
		errs = append(errs, FieldError("ref", "err.ref_invalid"))
	}
	if utf8.RuneCountInString(p.Name) > MaxPersonNameRunes {
		errs = append(errs, FieldError("name", "err.too_long"))
	}
	if !slices.Contains(Employments, p.Employment) {
		errs = append(errs, FieldError("employment", "err.choice_invalid"))
	}
	if utf8.RuneCountInString(p.Department) > MaxDepartmentRunes {
		errs = append(errs, FieldError("department", "err.too_long"))
	}
	for _, d := range p.dates() {
		if *d.d != nil && !plausibleDay(**d.d) {
			errs = append(errs, FieldError(d.field, "err.date_invalid"))
		}
	}
	switch {
	case p.OathKind != "" && !slices.Contains(OathKinds, p.OathKind):
		errs = append(errs, FieldError("oath_kind", "err.choice_invalid"))
	case p.OathOn != nil && p.OathKind == "":
		errs = append(errs, FieldError("oath_kind", "err.oath_kind_required"))
	case p.OathOn == nil && p.OathKind != "":
		errs = append(errs, FieldError("oath_on", "err.oath_date_required"))
	}
	if (p.OathOn != nil || p.OathKind != "" || p.OathWitness != "") && slices.Contains(Employments, p.Employment) && !MayTakeOath(p.Employment) {
		errs = append(errs, FieldError("oath_on", "err.oath_not_civil_servant"))
	}
	if utf8.RuneCountInString(p.OathWitness) > MaxWitnessRunes {
		errs = append(errs, FieldError("oath_witness", "err.too_long"))
	}
	if p.StartOn != nil && p.EndOn != nil && p.EndOn.Before(*p.StartOn) {
		errs = append(errs, FieldError("end_on", "err.end_before_start"))
	}
	return errs
}

// Validate checks a person; the error names the form field. It is the
// first of Check's problems.
func (p *Person) Validate() error { return firstError(p.Check()) }

// Take copies from src the values of the template's columns named (the
// columns an import file has), leaving the rest of p as it is. The position
// (position_ref) is resolved by the caller and copied as PositionID.
func (p *Person) Take(src *Person, columns []string) {
	for _, c := range columns {
		switch c {
		case "ref":
			p.Ref = src.Ref
		case "name":
			p.Name = src.Name
		case "employment":
			p.Employment = src.Employment
		case "position_ref":
			p.PositionID = src.PositionID
		case "department":
			p.Department = src.Department
		case "start_on":
			p.StartOn = src.StartOn
		case "vog_on":
			p.VOGOn = src.VOGOn
		case "oath_on":
			p.OathOn = src.OathOn
		case "oath_kind":
			p.OathKind = src.OathKind
		case "declaration_on":
			p.DeclarationOn = src.DeclarationOn
		}
	}
}

// Check returns every problem with the position, each a FieldError naming
// the form field.
func (p *Position) Check() []error {
	p.Ref, p.Title, p.Department = strings.TrimSpace(p.Ref), strings.TrimSpace(p.Title), strings.TrimSpace(p.Department)
	p.Political = PoliticalOffice(strings.TrimSpace(string(p.Political)))
	var errs []error
	if !refPattern.MatchString(p.Ref) {
		errs = append(errs, FieldError("ref", "err.ref_invalid"))
	}
	if p.Title == "" || utf8.RuneCountInString(p.Title) > MaxTitleRunes {
		errs = append(errs, FieldError("title", "err.name_required"))
	}
	if utf8.RuneCountInString(p.Department) > MaxDepartmentRunes {
		errs = append(errs, FieldError("department", "err.too_long"))
	}
	if p.Political != "" && !slices.Contains(PoliticalOffices, p.Political) {
		errs = append(errs, FieldError("political", "err.choice_invalid"))
	}
	return errs
}

// Validate checks a position; the error names the form field.
func (p *Position) Validate() error { return firstError(p.Check()) }

// Take copies from src the values of the template's columns named.
func (p *Position) Take(src *Position, columns []string) {
	for _, c := range columns {
		switch c {
		case "ref":
			p.Ref = src.Ref
		case "title":
			p.Title = src.Title
		case "department":
			p.Department = src.Department
		case "designated_publication":
			p.DesignatedPublication = src.DesignatedPublication
		case "designated_financial":
			p.DesignatedFinancial = src.DesignatedFinancial
		case "political":
			p.Political = src.Political
		}
	}
}

// OnboardingCounts are the onboarding items done in one year (by their
// dates, in Amsterdam), for the annual report: "114 employees took the oath
// or affirmation" is Sworn.
type OnboardingCounts struct {
	Year            int
	Started         int // people who started that year
	Oaths           int // oaths (eed) taken
	Affirmations    int // affirmations (belofte) made
	Sworn           int // Oaths + Affirmations
	VOGs            int // certificates of conduct received
	Declarations    int // integrity declarations signed
	Confidentiality int // confidentiality statements signed
	IntroTrainings  int // introduction trainings attended
}

// Changed names the fields (the form's names) in which p differs from old.
func (p *Person) Changed(old *Person) []string {
	var out []string
	add := func(field string, same bool) {
		if !same {
			out = append(out, field)
		}
	}
	add("ref", p.Ref == old.Ref)
	add("name", p.Name == old.Name)
	add("employment", p.Employment == old.Employment)
	add("position", p.PositionID == old.PositionID)
	add("department", p.Department == old.Department)
	pd, od := p.dates(), old.dates()
	for i := range pd {
		add(pd[i].field, sameDay(*pd[i].d, *od[i].d))
	}
	add("oath_kind", p.OathKind == old.OathKind)
	add("oath_witness", p.OathWitness == old.OathWitness)
	add("account", p.UserID == old.UserID)
	return out
}

// Changed names the fields in which p differs from old.
func (p *Position) Changed(old *Position) []string {
	var out []string
	for _, c := range []struct {
		field string
		same  bool
	}{
		{"ref", p.Ref == old.Ref}, {"title", p.Title == old.Title}, {"department", p.Department == old.Department},
		{"designated_publication", p.DesignatedPublication == old.DesignatedPublication},
		{"designated_financial", p.DesignatedFinancial == old.DesignatedFinancial}, {"political", p.Political == old.Political},
	} {
		if !c.same {
			out = append(out, c.field)
		}
	}
	return out
}

func sameDay(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return Day(*a).Equal(Day(*b))
}
