package register

import (
	"fmt"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The files of the prevention modules: the analyses of vulnerable
// positions and the actions of an action plan.
const (
	VulnerablePositionsFile = "vulnerable_positions.csv"
	ActionsFile             = "actions.csv"
)

// vulnerableColumns: the analysis, a level per vulnerable activity, an
// owner and review date per control measure (an owner means the measure is
// in place), and the analysis's reviews.
func vulnerableColumns() []Column {
	cols := []Column{
		text("ref", true, "uw nummer van de analyse; de sleutel bij een nieuwe import", "KF-01"),
		text("name", true, "de functie of het proces", "Inkoop en aanbesteden"),
		text("position_ref", false, "nummer van de functie in het personeelsregister (positions.csv of al bekend); leeg voor een proces", "F-101"),
	}
	examples := map[domain.VulnActivity]string{domain.VulnContracting: "primary", domain.VulnPayingOut: "secondary"}
	for _, a := range domain.VulnActivities {
		cols = append(cols, code(string(a), false, domain.Strings(domain.VulnLevels), []string{"vulnpos.level."},
			"betrokkenheid bij de handeling ‘"+strings.ToLower(catalog().T("nl", "vulnpos.activity."+string(a)))+"’; leeg = none", examples[a]))
	}
	ownerExamples := map[domain.ControlMeasure]string{domain.MeasureFourEyes: "Teamleider Inkoop"}
	for _, m := range domain.ControlMeasures {
		label := strings.ToLower(catalog().T("nl", "vulnpos.measure."+string(m)))
		cols = append(cols,
			text(string(m)+"_owner", false, "eigenaar van de maatregel ‘"+label+"’; ingevuld = de maatregel is er, leeg = niet", ownerExamples[m]),
			date(string(m)+"_review_on", false, "datum van de volgende toetsing van ‘"+label+"’", ""))
	}
	return append(cols,
		date("last_review_on", false, "datum van de laatste toetsing van de analyse", "2025-01-15"),
		date("next_review_on", false, "datum van de volgende toetsing van de analyse", "2026-01-15"))
}

// actionColumns: the plan and line (created when new), the action.
func actionColumns() []Column {
	return []Column{
		text("plan_ref", true, "kenmerk van het plan van aanpak; een nieuw kenmerk maakt een nieuw plan", "PVA-2025"),
		text("plan_title", false, "titel van het plan; verplicht bij een nieuw plan, anders wordt de titel bijgewerkt", "Plan van aanpak integriteit 2025–2026"),
		{Name: "plan_from_year", Kind: KindNumber, Help: "eerste jaar van het plan; verplicht bij een nieuw plan", Example: "2025"},
		{Name: "plan_until_year", Kind: KindNumber, Help: "laatste jaar van het plan; verplicht bij een nieuw plan", Example: "2026"},
		{Name: "line", Required: true, Kind: KindNumber, Help: "nummer van de actielijn (1 tot en met 99)", Example: "1"},
		text("line_title", false, "naam van de actielijn; verplicht bij een nieuwe actielijn, anders wordt de naam bijgewerkt", "Bewustwording"),
		{Name: "number", Required: true, Kind: KindNumber, Help: "nummer van de actie in het plan; de sleutel bij een nieuwe import", Example: "1"},
		text("description", true, "omschrijving van de actie", "Dilemmasessies in elk team"),
		code("kind", false, domain.Strings(domain.ActionKinds), []string{"plans.kind."}, "nieuw of doorlopend; leeg = new", "new"),
		text("planned_from", true, "eerste kwartaal van de geplande periode, als 2025-K1 (of 2025-Q1)", "2025-K1"),
		text("planned_until", true, "laatste kwartaal van de geplande periode", "2025-K4"),
		text("owner", false, "gebruikersnaam van de eigenaar (een gebruiker van de organisatie); leeg = nog niemand", ""),
		code("status", false, domain.Strings(domain.ActionStatuses), []string{"plans.status."}, "status; leeg = planned", "running"),
		text("status_reason", false, "reden of toelichting bij de status; verplicht bij dropped", ""),
	}
}

func parseVulnerable(c *cells, f File, set *store.ImportSet, _ time.Time) {
	k := store.ImportVulnerable{PositionRef: c.text("position_ref")}
	v := domain.VulnerablePosition{Ref: c.required("ref"), Name: c.required("name"), Levels: map[domain.VulnActivity]domain.VulnLevel{}}
	for _, a := range domain.VulnActivities {
		if l := c.codeOf(f.Column(string(a))); l != "" {
			v.Levels[a] = domain.VulnLevel(l)
		}
	}
	for _, m := range domain.ControlMeasures {
		owner := c.text(string(m) + "_owner")
		review := c.date(string(m) + "_review_on")
		if owner == "" {
			if review != nil {
				c.problem(string(m)+"_owner", "err.import_required")
			}
			continue
		}
		v.Measures = append(v.Measures, domain.VulnerableMeasure{Measure: m, Owner: owner, ReviewOn: review})
	}
	v.LastReview, v.NextReview = c.date("last_review_on"), c.date("next_review_on")
	columns := map[string]string{"last_review": "last_review_on", "next_review": "next_review_on"}
	for _, m := range domain.ControlMeasures {
		columns["m_"+string(m)+"_owner"] = string(m) + "_owner"
		columns["m_"+string(m)+"_review"] = string(m) + "_review_on"
	}
	check := v
	check.Measures = append([]domain.VulnerableMeasure(nil), v.Measures...)
	c.check(check.Check(), columns)
	k.Position = v
	set.VulnerablePositions = append(set.VulnerablePositions, k)
}

func parseAction(c *cells, f File, set *store.ImportSet, _ time.Time) {
	k := store.ImportAction{PlanRef: c.required("plan_ref"), PlanTitle: c.text("plan_title"), LineTitle: c.text("line_title"), Owner: c.text("owner")}
	for _, y := range []struct {
		column string
		into   *int
	}{{"plan_from_year", &k.FromYear}, {"plan_until_year", &k.UntilYear}} {
		if n := c.number(y.column); n != nil {
			if !domain.YearValid(*n) {
				c.problem(y.column, "err.import_year_invalid", c.get(y.column))
			} else {
				*y.into = *n
			}
		}
	}
	if k.FromYear != 0 && k.UntilYear != 0 && k.UntilYear < k.FromYear {
		c.problem("plan_until_year", "err.plan_until_before_from")
	}
	if n := c.number("line"); n != nil {
		k.Line = *n
		if k.Line < 1 || k.Line > domain.MaxActionLineCount {
			c.problem("line", "err.plan_line_number")
		}
	} else if !c.failed("line") {
		c.problem("line", "err.import_required")
	}
	a := domain.PlanAction{LineID: 1, Description: c.required("description"), Kind: domain.ActionKind(c.codeOf(f.Column("kind"))),
		Status: domain.ActionStatus(c.codeOf(f.Column("status"))), StatusReason: c.text("status_reason")}
	if n := c.number("number"); n != nil {
		a.Number = *n
	} else if !c.failed("number") {
		c.problem("number", "err.import_required")
	}
	if a.Kind == "" && !c.failed("kind") {
		a.Kind = domain.ActionNew
	}
	if a.Status == "" && !c.failed("status") {
		a.Status = domain.ActionPlanned
	}
	for _, q := range []struct {
		column string
		into   *domain.Quarter
	}{{"planned_from", &a.From}, {"planned_until", &a.Until}} {
		v := c.required(q.column)
		if v == "" {
			continue
		}
		qq, err := domain.ParseQuarter(q.column, v)
		if err != nil {
			c.problem(q.column, "err.import_quarter_invalid", v)
			continue
		}
		*q.into = qq
	}
	check := a
	c.check(check.Check(), map[string]string{"from": "planned_from", "until": "planned_until", "reason": "status_reason"})
	k.Action = a
	set.Actions = append(set.Actions, k)
}

// checkPrevention finds, before anything is stored, an analysis's ref or
// an action's plan and number twice in a file, positions and owners that
// name nothing, and a new plan or line without its title.
func checkPrevention(set *store.ImportSet, at func(string, int) int, positions map[string]bool, keys *store.ImportKeys) []RowProblem {
	var out []RowProblem
	refs := map[string]int{}
	for i, v := range set.VulnerablePositions {
		row := at(VulnerablePositionsFile, i)
		if ref := v.Position.Ref; ref != "" {
			if first, ok := refs[ref]; ok {
				out = append(out, newProblem(VulnerablePositionsFile, row, "ref", "err.import_ref_twice", ref, first))
			} else {
				refs[ref] = row
			}
		}
		if v.PositionRef != "" && !positions[v.PositionRef] && !keys.Positions[v.PositionRef] {
			out = append(out, newProblem(VulnerablePositionsFile, row, "position_ref", "err.position_unknown", v.PositionRef))
		}
	}
	actions := map[string]int{}
	plans := map[string]bool{}
	lines := map[string]bool{}
	for i, a := range set.Actions {
		row := at(ActionsFile, i)
		if a.PlanRef == "" {
			continue
		}
		if a.Action.Number > 0 {
			key := fmt.Sprintf("%s#%d", a.PlanRef, a.Action.Number)
			if first, ok := actions[key]; ok {
				out = append(out, newProblem(ActionsFile, row, "number", "err.import_ref_twice", fmt.Sprintf("%s %d", a.PlanRef, a.Action.Number), first))
			} else {
				actions[key] = row
			}
		}
		if !plans[a.PlanRef] && !keys.Plans[a.PlanRef] {
			for _, col := range []struct {
				name  string
				given bool
			}{{"plan_title", a.PlanTitle != ""}, {"plan_from_year", a.FromYear != 0}, {"plan_until_year", a.UntilYear != 0}} {
				if !col.given {
					out = append(out, newProblem(ActionsFile, row, col.name, "err.import_plan_new", a.PlanRef))
				}
			}
		}
		plans[a.PlanRef] = true
		if a.Line > 0 {
			key := fmt.Sprintf("%s#%d", a.PlanRef, a.Line)
			if !lines[key] && !keys.PlanLines[key] && a.LineTitle == "" {
				out = append(out, newProblem(ActionsFile, row, "line_title", "err.import_line_new", a.Line))
			}
			lines[key] = true
		}
		if a.Owner != "" && !keys.Usernames[strings.ToLower(a.Owner)] {
			out = append(out, newProblem(ActionsFile, row, "owner", "err.import_user_unknown", a.Owner))
		}
	}
	return out
}
