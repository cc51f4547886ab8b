package domain

import (
	"slices"
	"strings"
	"time"
)

// Vulnerable positions (kwetsbare functies): per position or process the
// vulnerable activities it performs and at what level, the control measures
// in place with their owner and review date, and the risk level that
// follows by one documented rule (RiskOf). Kept by the controller, read by
// HR. Nothing in it is confidential: it names positions, not people.

// VulnActivity is a vulnerable activity a position or process performs.
type VulnActivity string

// The codes of VulnActivity, in their list's order.
const (
	VulnCollecting   VulnActivity = "collecting"      // innen: belastingen, boetes
	VulnPayingOut    VulnActivity = "paying_out"      // uitbetalen: facturen, subsidies, uitkeringen
	VulnGranting     VulnActivity = "granting"        // verlenen: vergunningen, subsidies
	VulnEnforcing    VulnActivity = "enforcing"       // toezicht en handhaving
	VulnContracting  VulnActivity = "contracting_out" // inkopen en aanbesteden
	VulnAssessing    VulnActivity = "assessing"       // beoordelen: bezwaren, klachten
	VulnConfidential VulnActivity = "confidential"    // vertrouwelijke of koersgevoelige informatie
	VulnMoneyGoods   VulnActivity = "money_goods"     // beheer van geld of goederen
)

// Limits of an analysis's text.
const (
	MaxVulnerableName  = 200
	MaxVulnerableRef   = 40
	MaxVulnerableOwner = 200
)

// VulnActivities are the vulnerable activities, in the order shown.
var VulnActivities = []VulnActivity{VulnCollecting, VulnPayingOut, VulnGranting, VulnEnforcing, VulnContracting,
	VulnAssessing, VulnConfidential, VulnMoneyGoods}

// VulnLevel is how closely a position is involved in an activity.
type VulnLevel string

// The codes of VulnLevel, from none to the closest.
const (
	VulnLevelNone      VulnLevel = "none"      // niet betrokken
	VulnLevelSecondary VulnLevel = "secondary" // secundaire schakel
	VulnLevelPrimary   VulnLevel = "primary"   // primaire schakel in de keten
)

// VulnLevels are the levels, from none to the closest.
var VulnLevels = []VulnLevel{VulnLevelNone, VulnLevelSecondary, VulnLevelPrimary}

// points is what a level adds to a position's exposure.
func (l VulnLevel) points() int {
	switch l {
	case VulnLevelPrimary:
		return 2
	case VulnLevelSecondary:
		return 1
	}
	return 0
}

// ControlMeasure is a control measure that lowers a position's risk.
type ControlMeasure string

// The codes of ControlMeasure, in their list's order.
const (
	MeasureFourEyes    ControlMeasure = "four_eyes"      // vier-ogenprincipe
	MeasureSegregation ControlMeasure = "segregation"    // functiescheiding
	MeasureRotation    ControlMeasure = "rotation"       // functieroulatie
	MeasureScreening   ControlMeasure = "screening"      // screening bij indiensttreding en periodiek
	MeasurePeerReview  ControlMeasure = "peer_review"    // collegiale toetsing
	MeasureLogging     ControlMeasure = "access_logging" // logging van toegang
	MeasureTraining    ControlMeasure = "training"       // training
)

// ControlMeasures are the control measures, in the order shown.
var ControlMeasures = []ControlMeasure{MeasureFourEyes, MeasureSegregation, MeasureRotation, MeasureScreening,
	MeasurePeerReview, MeasureLogging, MeasureTraining}

// RiskLevel is the risk level of a vulnerable position.
type RiskLevel string

// The codes of RiskLevel, from none to high.
const (
	RiskNone   RiskLevel = "none"
	RiskLow    RiskLevel = "low"
	RiskMedium RiskLevel = "medium"
	RiskHigh   RiskLevel = "high"
)

// RiskLevels are the risk levels, from none to high.
var RiskLevels = []RiskLevel{RiskNone, RiskLow, RiskMedium, RiskHigh}

// IsHigh reports whether the level is high (for templates).
func (r RiskLevel) IsHigh() bool { return r == RiskHigh }

// IsMedium reports whether the level is medium (for templates).
func (r RiskLevel) IsMedium() bool { return r == RiskMedium }

// RiskOf is the documented risk rule. Each activity adds its level's
// points: a primary link in the chain 2, a secondary link 1, not involved
// 0. The risk is
//   - high: two or more activities as a primary link, or 5 points or more;
//   - medium: one activity as a primary link, or 3 or 4 points;
//   - low: 1 or 2 points (secondary links only);
//   - none: not involved in any vulnerable activity.
func RiskOf(levels map[VulnActivity]VulnLevel) RiskLevel {
	points, primary := 0, 0
	for _, a := range VulnActivities {
		l := levels[a]
		points += l.points()
		if l == VulnLevelPrimary {
			primary++
		}
	}
	switch {
	case primary >= 2 || points >= 5:
		return RiskHigh
	case primary == 1 || points >= 3:
		return RiskMedium
	case points >= 1:
		return RiskLow
	}
	return RiskNone
}

// MeasuresNeeded is how many different control measures a risk level asks
// for: 3 for high, 2 for medium, 1 for low, none for none. A position with
// fewer has thin measures.
func MeasuresNeeded(r RiskLevel) int {
	switch r {
	case RiskHigh:
		return 3
	case RiskMedium:
		return 2
	case RiskLow:
		return 1
	}
	return 0
}

// VulnerableMeasure is one control measure in place for a position, with
// who owns it and when it is next reviewed.
type VulnerableMeasure struct {
	Measure  ControlMeasure
	Owner    string
	ReviewOn *time.Time // the day of the next review (midnight, Amsterdam); nil when none is planned
}

// VulnerablePosition is the analysis of one position or process.
type VulnerablePosition struct {
	ID         int64
	OrgID      int64
	Ref        string // the organisation's number; the key of imports
	Name       string // the position or process
	PositionID int64  // the position of the people register, 0 for a process
	Levels     map[VulnActivity]VulnLevel
	Measures   []VulnerableMeasure // at most one per control measure, in the order of ControlMeasures
	LastReview *time.Time          // the day of the last review of the analysis
	NextReview *time.Time          // the day of the next review
}

// Level returns the level of an activity (none when not set).
func (v *VulnerablePosition) Level(a VulnActivity) VulnLevel {
	if l, ok := v.Levels[a]; ok && l != "" {
		return l
	}
	return VulnLevelNone
}

// Risk is the position's risk level by RiskOf.
func (v *VulnerablePosition) Risk() RiskLevel { return RiskOf(v.Levels) }

// Thin reports whether the position has fewer control measures than its
// risk level needs (MeasuresNeeded).
func (v *VulnerablePosition) Thin() bool { return len(v.Measures) < MeasuresNeeded(v.Risk()) }

// HighThin reports whether the position is high-risk with thin measures.
func (v *VulnerablePosition) HighThin() bool { return v.Risk() == RiskHigh && v.Thin() }

// Has reports whether the measure is in place.
func (v *VulnerablePosition) Has(m ControlMeasure) bool {
	return slices.ContainsFunc(v.Measures, func(x VulnerableMeasure) bool { return x.Measure == m })
}

// ReviewOverdue reports whether the analysis's next review is before
// today (the day in Amsterdam of now).
func (v *VulnerablePosition) ReviewOverdue(now time.Time) bool {
	return v.NextReview != nil && Day(*v.NextReview).Before(Day(now))
}

// OverdueMeasures are the measures whose review date is before today.
func (v *VulnerablePosition) OverdueMeasures(now time.Time) []VulnerableMeasure {
	var out []VulnerableMeasure
	for _, m := range v.Measures {
		if m.ReviewOn != nil && Day(*m.ReviewOn).Before(Day(now)) {
			out = append(out, m)
		}
	}
	return out
}

// Check tidies the analysis and returns every problem with it, each a
// FieldError naming the form field: a_<activity> for a level, m_<measure>
// (and m_<measure>_owner) for a measure.
func (v *VulnerablePosition) Check() []error {
	v.Ref = strings.TrimSpace(v.Ref)
	v.Name = strings.TrimSpace(v.Name)
	var errs []error
	errs = append(errs, requiredText("ref", v.Ref, MaxVulnerableRef, "err.vulnpos_ref_required")...)
	errs = append(errs, requiredText("name", v.Name, MaxVulnerableName, "err.vulnpos_name_required")...)
	if v.Levels == nil {
		v.Levels = map[VulnActivity]VulnLevel{}
	}
	for a, l := range v.Levels {
		if !slices.Contains(VulnActivities, a) {
			errs = append(errs, FieldError("levels", "err.choice_invalid"))
			continue
		}
		if l == "" {
			v.Levels[a] = VulnLevelNone
		} else if !slices.Contains(VulnLevels, l) {
			errs = append(errs, FieldError("a_"+string(a), "err.choice_invalid"))
		}
	}
	seen := map[ControlMeasure]bool{}
	for i := range v.Measures {
		m := &v.Measures[i]
		m.Owner = strings.TrimSpace(m.Owner)
		switch {
		case !slices.Contains(ControlMeasures, m.Measure):
			errs = append(errs, FieldError("measures", "err.choice_invalid"))
			continue
		case seen[m.Measure]:
			errs = append(errs, FieldError("m_"+string(m.Measure), "err.vulnpos_measure_twice"))
		}
		seen[m.Measure] = true
		errs = append(errs, requiredText("m_"+string(m.Measure)+"_owner", m.Owner, MaxVulnerableOwner, "err.vulnpos_owner_required")...)
		if m.ReviewOn != nil && !YearValid(m.ReviewOn.Year()) {
			errs = append(errs, FieldError("m_"+string(m.Measure)+"_review", "err.date_invalid"))
		}
	}
	slices.SortStableFunc(v.Measures, func(a, b VulnerableMeasure) int {
		return slices.Index(ControlMeasures, a.Measure) - slices.Index(ControlMeasures, b.Measure)
	})
	for _, d := range []struct {
		field string
		at    *time.Time
	}{{"last_review", v.LastReview}, {"next_review", v.NextReview}} {
		if d.at != nil && !YearValid(d.at.Year()) {
			errs = append(errs, FieldError(d.field, "err.date_invalid"))
		}
	}
	if v.LastReview != nil && v.NextReview != nil && v.NextReview.Before(*v.LastReview) {
		errs = append(errs, FieldError("next_review", "err.vulnpos_next_before_last"))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (v *VulnerablePosition) Validate() error { return firstError(v.Check()) }

// EncodeLevels writes the levels as the store keeps them:
// "collecting=primary,granting=secondary", activities not involved left
// out, in the order of VulnActivities.
func EncodeLevels(levels map[VulnActivity]VulnLevel) string {
	var parts []string
	for _, a := range VulnActivities {
		if l := levels[a]; l != "" && l != VulnLevelNone {
			parts = append(parts, string(a)+"="+string(l))
		}
	}
	return strings.Join(parts, ",")
}

// DecodeLevels reads what EncodeLevels wrote.
func DecodeLevels(s string) map[VulnActivity]VulnLevel {
	out := map[VulnActivity]VulnLevel{}
	for _, part := range strings.Split(s, ",") {
		if a, l, ok := strings.Cut(part, "="); ok {
			out[VulnActivity(a)] = VulnLevel(l)
		}
	}
	return out
}

// VulnerableHolder is a person who holds a vulnerable position and lacks
// a certificate of conduct (VOG) or the oath they owe.
type VulnerableHolder struct {
	Person      Person
	PositionRef string // the vulnerable position's ref
	MissingVOG  bool
	MissingOath bool
}

// Lacks returns the holder of a vulnerable position p if they owe and lack
// the VOG or the oath, and whether they do.
func Lacks(p Person, ref string) (VulnerableHolder, bool) {
	h := VulnerableHolder{Person: p, PositionRef: ref,
		MissingVOG:  Owes(p.Employment, OnboardingItemVOG) && p.VOGOn == nil,
		MissingOath: Owes(p.Employment, OnboardingItemOath) && p.OathOn == nil}
	return h, h.MissingVOG || h.MissingOath
}

// VulnerableSummary are the analyses as the annual report counts them.
type VulnerableSummary struct {
	Total          int
	ByRisk         map[string]int // every risk level, zero included
	HighThin       int            // high risk with thin measures
	ReviewsOverdue int            // analyses whose next review has passed
	MeasuresByKind map[string]int // positions with each measure in place
	HoldersLacking int            // people in a vulnerable position without VOG or oath
}

// NewVulnerableSummary counts the analyses on the day of now; holders is
// the number of people in a vulnerable position lacking VOG or oath.
func NewVulnerableSummary(list []VulnerablePosition, holders int, now time.Time) VulnerableSummary {
	s := VulnerableSummary{ByRisk: map[string]int{}, MeasuresByKind: map[string]int{}, HoldersLacking: holders}
	for _, r := range RiskLevels {
		s.ByRisk[string(r)] = 0
	}
	for _, m := range ControlMeasures {
		s.MeasuresByKind[string(m)] = 0
	}
	for i := range list {
		v := &list[i]
		s.Total++
		s.ByRisk[string(v.Risk())]++
		if v.HighThin() {
			s.HighThin++
		}
		if v.ReviewOverdue(now) {
			s.ReviewsOverdue++
		}
		for _, m := range v.Measures {
			s.MeasuresByKind[string(m.Measure)]++
		}
	}
	return s
}
