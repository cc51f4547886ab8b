package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// demoVulnerable is one fictional analysis of a vulnerable position: its
// activities as "activity=level", its measures as "measure:owner:months"
// (the review that many months from today; negative is overdue), and the
// months until the analysis's next review (negative: overdue).
type demoVulnerable struct {
	ref, name, position string
	levels              map[domain.VulnActivity]domain.VulnLevel
	measures            []demoMeasure
	nextReview          int
}

type demoMeasure struct {
	measure domain.ControlMeasure
	owner   string
	months  int
}

const (
	vPrim = domain.VulnLevelPrimary
	vSec  = domain.VulnLevelSecondary
)

// demoVulnerables are eight analyses that show every view: high risk with
// thin measures (procurement, land and property), overdue reviews of an
// analysis and of a measure, a process without a position, and positions
// whose holders include people without a VOG or the oath.
var demoVulnerables = []demoVulnerable{
	{"KF-01", "Inkoop en aanbesteden", "F-INK", map[domain.VulnActivity]domain.VulnLevel{domain.VulnContracting: vPrim, domain.VulnPayingOut: vSec, domain.VulnConfidential: vPrim},
		[]demoMeasure{{domain.MeasureFourEyes, "Teamleider Inkoop", 6}, {domain.MeasureScreening, "HR-adviseur", -2}}, 4},
	{"KF-02", "Grondzaken en vastgoed", "F-GRZ", map[domain.VulnActivity]domain.VulnLevel{domain.VulnContracting: vPrim, domain.VulnConfidential: vPrim, domain.VulnMoneyGoods: vSec},
		[]demoMeasure{{domain.MeasureFourEyes, "Afdelingsmanager Ruimtelijke Ontwikkeling", 8}}, -3},
	{"KF-03", "Vergunningverlening", "F-VERG", map[domain.VulnActivity]domain.VulnLevel{domain.VulnGranting: vPrim, domain.VulnAssessing: vSec, domain.VulnConfidential: vSec},
		[]demoMeasure{{domain.MeasureFourEyes, "Teamleider Vergunningen", 5}, {domain.MeasurePeerReview, "Teamleider Vergunningen", 5}, {domain.MeasureTraining, "Integriteitscoördinator", 10}}, 9},
	{"KF-04", "Toezicht en handhaving (boa)", "F-BOA", map[domain.VulnActivity]domain.VulnLevel{domain.VulnEnforcing: vPrim, domain.VulnCollecting: vSec},
		[]demoMeasure{{domain.MeasureRotation, "Teamleider Handhaving", 12}, {domain.MeasureTraining, "Integriteitscoördinator", 3}}, 7},
	{"KF-05", "Werk en inkomen", "F-CWI", map[domain.VulnActivity]domain.VulnLevel{domain.VulnPayingOut: vPrim, domain.VulnConfidential: vPrim, domain.VulnAssessing: vSec},
		[]demoMeasure{{domain.MeasureSegregation, "Afdelingsmanager Sociaal Domein", 6}, {domain.MeasureLogging, "Informatieadviseur", -1}, {domain.MeasureFourEyes, "Teamleider Inkomen", 6}}, 2},
	{"KF-06", "Financiële administratie en betalingen", "F-FIN", map[domain.VulnActivity]domain.VulnLevel{domain.VulnPayingOut: vPrim, domain.VulnMoneyGoods: vPrim},
		[]demoMeasure{{domain.MeasureSegregation, "Concerncontroller", 9}, {domain.MeasureFourEyes, "Concerncontroller", 9}, {domain.MeasureLogging, "Informatieadviseur", 9}, {domain.MeasureScreening, "HR-adviseur", 9}}, 11},
	{"KF-07", "Kassa Publiekszaken", "F-PUB", map[domain.VulnActivity]domain.VulnLevel{domain.VulnCollecting: vSec, domain.VulnMoneyGoods: vSec},
		[]demoMeasure{{domain.MeasureFourEyes, "Teamleider Publiekszaken", 4}}, 5},
	{"KF-08", "Proces subsidieverlening", "", map[domain.VulnActivity]domain.VulnLevel{domain.VulnGranting: vPrim, domain.VulnPayingOut: vSec},
		[]demoMeasure{{domain.MeasureSegregation, "Concerncontroller", 6}}, 6},
}

// demoMonths is the day months from now (midnight in Amsterdam).
func demoMonths(now time.Time, months int) *time.Time {
	t := domain.Day(now.AddDate(0, months, 0))
	return &t
}

// seedDemoVulnerable records the demo's vulnerable positions, as the
// controller; it runs after the people register (the positions).
func seedDemoVulnerable(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	u, err := s.UserByUsername(ctx, org.ID, "controller")
	if err != nil {
		return err
	}
	actor := store.UserActor(u, "demo")
	positions, err := s.Positions(ctx, org.ID)
	if err != nil {
		return err
	}
	byRef := map[string]int64{}
	for _, p := range positions {
		byRef[p.Ref] = p.ID
	}
	now := s.Now()
	for _, d := range demoVulnerables {
		v := &domain.VulnerablePosition{Ref: d.ref, Name: d.name, PositionID: byRef[d.position], Levels: d.levels,
			LastReview: demoMonths(now, d.nextReview-12), NextReview: demoMonths(now, d.nextReview)}
		for _, m := range d.measures {
			v.Measures = append(v.Measures, domain.VulnerableMeasure{Measure: m.measure, Owner: m.owner, ReviewOn: demoMonths(now, m.months)})
		}
		if err := s.SaveVulnerablePosition(ctx, actor, org.ID, v); err != nil {
			return fmt.Errorf("demo vulnerable position %s: %w", d.ref, err)
		}
	}
	return nil
}
