package report

import (
	"context"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// VulnerablePositions is the state of the vulnerable positions' analysis
// when the report is made: the positions by risk level, those with a high
// risk and thin measures, overdue reviews, and the people in a vulnerable
// position lacking a VOG or the oath (a count, never names).
type VulnerablePositions struct {
	Total          Count                `json:"total"`
	ByRisk         map[string]Count     `json:"by_risk"`
	HighThin       Count                `json:"high_risk_thin_measures"`
	ReviewsOverdue Count                `json:"reviews_overdue"`
	ByMeasure      map[string]Count     `json:"positions_by_measure"`
	HoldersLacking Count                `json:"holders_lacking_vog_or_oath"`
	Positions      []VulnerablePosition `json:"positions"`
}

// VulnerablePosition is one analysed position or process.
type VulnerablePosition struct {
	Ref        string            `json:"ref"`
	Name       string            `json:"name"`
	Risk       string            `json:"risk"`
	Levels     map[string]string `json:"levels"` // every activity, "none" included
	Measures   []string          `json:"measures"`
	Thin       bool              `json:"thin_measures"`
	NextReview *string           `json:"next_review"` // YYYY-MM-DD
}

// buildVulnerable fills the section from the analyses as they stand; with
// none the section is null ("not registered").
func buildVulnerable(ctx context.Context, st *store.Store, b *builder, r *Report, orgID int64) error {
	list, err := st.VulnerablePositions(ctx, orgID)
	if err != nil || len(list) == 0 {
		return err
	}
	holders, err := st.VulnerableHolders(ctx, orgID, list)
	if err != nil {
		return err
	}
	sum := domain.NewVulnerableSummary(list, len(holders), st.Now())
	v := &VulnerablePositions{Total: b.c(sum.Total), ByRisk: b.m(domain.Strings(domain.RiskLevels), sum.ByRisk),
		HighThin: b.c(sum.HighThin), ReviewsOverdue: b.c(sum.ReviewsOverdue),
		ByMeasure: b.m(domain.Strings(domain.ControlMeasures), sum.MeasuresByKind), HoldersLacking: b.c(sum.HoldersLacking),
		Positions: []VulnerablePosition{}}
	for i := range list {
		p := &list[i]
		vp := VulnerablePosition{Ref: p.Ref, Name: p.Name, Risk: string(p.Risk()), Levels: map[string]string{}, Measures: []string{}, Thin: p.Thin()}
		for _, a := range domain.VulnActivities {
			vp.Levels[string(a)] = string(p.Level(a))
		}
		for _, m := range p.Measures {
			vp.Measures = append(vp.Measures, string(m.Measure))
		}
		if p.NextReview != nil {
			s := domain.DateOf(*p.NextReview).String()
			vp.NextReview = &s
		}
		v.Positions = append(v.Positions, vp)
	}
	r.VulnerablePositions = v
	return nil
}

// vulnerable is the section of the vulnerable positions: the figures, and
// the heat map as a table with the levels in words.
func (l *layout) vulnerable() (Section, bool) {
	v := l.r.VulnerablePositions
	if v == nil {
		return Section{ID: "vulnerable_positions", Title: l.t("annual.sec.vulnerable"), Intro: l.t("annual.vulnerable_none")}, true
	}
	fig := l.pairs("Kwetsbare functies", l.t("annual.cap.vulnerable_figures"),
		l.row("annual.fig.vulnerable_total", v.Total),
		[]string{l.t("vulnpos.risk.high"), l.count(v.ByRisk["high"])},
		[]string{l.t("vulnpos.risk.medium"), l.count(v.ByRisk["medium"])},
		[]string{l.t("vulnpos.risk.low"), l.count(v.ByRisk["low"])},
		l.row("annual.fig.vulnerable_thin", v.HighThin),
		l.row("annual.fig.vulnerable_overdue", v.ReviewsOverdue),
		l.row("annual.fig.vulnerable_holders", v.HoldersLacking))
	heat := Table{Plain: true, Sheet: "Kwetsbare functies kaart", Caption: l.t("annual.cap.vulnerable_map"),
		Headers: []string{l.t("vulnpos.name")}}
	for _, a := range domain.VulnActivities {
		heat.Headers = append(heat.Headers, l.t("vulnpos.activity."+string(a)))
	}
	heat.Headers = append(heat.Headers, l.t("vulnpos.risk"), l.t("vulnpos.measures"), l.t("vulnpos.next_review"))
	for _, p := range v.Positions {
		row := []string{p.Ref + " " + p.Name}
		for _, a := range domain.VulnActivities {
			row = append(row, l.t("vulnpos.level."+p.Levels[string(a)]))
		}
		var ms []string
		for _, m := range p.Measures {
			ms = append(ms, l.t("vulnpos.measure."+m))
		}
		measures := strconv.Itoa(len(p.Measures))
		if len(ms) > 0 {
			measures += ": " + strings.Join(ms, ", ")
		}
		if p.Thin {
			measures += " (" + l.t("vulnpos.thin") + ")"
		}
		next := "–"
		if p.NextReview != nil {
			next = dutchDate(*p.NextReview)
		}
		row = append(row, l.t("vulnpos.risk."+p.Risk), measures, next)
		heat.Rows = append(heat.Rows, row)
	}
	// The figures above sum the positions; a long map is left to the
	// workbook (lists.go).
	heat.Brief = &Brief{Text: l.t("annual.list_elsewhere.vulnerable", len(v.Positions))}
	return Section{ID: "vulnerable_positions", Title: l.t("annual.sec.vulnerable"), Intro: l.t("annual.vulnerable_intro"),
		Tables: []Table{fig, heat}}, true
}
