package report

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// OrgFacts are the organisation's facts in the report's year (employees,
// confidential advisers, integrity coordinators: entered by the controller
// or imported as organisation_facts.csv) and the report's figures per
// 1,000 employees, the figure that lets organisations of different sizes
// compare. The facts describe the organisation, not people in a case: they
// are never suppressed. A rate is null when the employees or its figure are
// unknown, and when its figure is hidden, so that a rate never gives a
// hidden count away (rate × employees / 1,000).
type OrgFacts struct {
	// Facts has every measure of domain.OrgFacts; null = not known.
	Facts map[string]*int `json:"facts"`
	// Per1000 has every figure of RateFigures per 1,000 employees, with
	// one decimal.
	Per1000 map[string]*float64 `json:"per_1000_employees"`
	// Trend is every year from the first with a fact to the report's year.
	Trend []YearFacts `json:"trend"`
}

// YearFacts are the facts and rates of one year of the trend.
type YearFacts struct {
	Year    int                 `json:"year"`
	Facts   map[string]*int     `json:"facts"`
	Per1000 map[string]*float64 `json:"per_1000_employees"`
}

// RateFigures are the figures the report gives per 1,000 employees, named
// as yearly_counts.csv's measures: the reports, the confidential advisers'
// first contacts, the aggression incidents and the advice requests.
var RateFigures = []string{"reports", "adviser_first_contacts", "aggression_incidents", "advice_requests"}

// buildOrgFacts adds the organisation's facts and the rates per 1,000
// employees. It runs after the suppression of small counts: a rate is
// computed only from a figure the report shows. No section when no fact is
// known for the year or any year before it.
func buildOrgFacts(ctx context.Context, st *store.Store, r *Report, orgID int64) error {
	all, err := st.OrganisationFacts(ctx, orgID)
	if err != nil {
		return err
	}
	first := 0
	for y := range all {
		if y <= r.Year && (first == 0 || y < first) {
			first = y
		}
	}
	if first == 0 {
		return nil
	}
	// The figures per year: the year's own, and each trend's years.
	counts := map[string]map[int]Count{}
	for _, f := range RateFigures {
		counts[f] = map[int]Count{}
	}
	put := func(figure string, now *Count, trend []YearCount) {
		for _, y := range trend {
			counts[figure][y.Year] = y.Count
		}
		if now != nil {
			counts[figure][r.Year] = *now
		}
	}
	if rp := r.Reports; rp != nil {
		put("reports", &rp.Total, rp.Trend)
	}
	if ca := r.ConfidentialAdvisers; ca != nil {
		var now *Count
		if r.Registers[string(domain.ReportRegisterAdviserContacts)] != domain.RegisterNotRegistered {
			now = &ca.FirstContacts
		}
		put("adviser_first_contacts", now, ca.FirstContactsTrend)
	}
	if ag := r.Aggression; ag != nil {
		put("aggression_incidents", &ag.Total, ag.Trend)
	}
	if ar := r.AdviceRequests; ar != nil {
		put("advice_requests", &ar.Total, ar.Trend)
	}
	year := func(y int) YearFacts {
		yf := YearFacts{Year: y, Facts: map[string]*int{}, Per1000: map[string]*float64{}}
		for _, m := range domain.OrgFacts {
			if n, ok := all[y][m]; ok {
				yf.Facts[string(m)] = &n
			} else {
				yf.Facts[string(m)] = nil
			}
		}
		for _, f := range RateFigures {
			yf.Per1000[f] = nil
			c, known := counts[f][y]
			if e := yf.Facts[string(domain.FactEmployees)]; e != nil && *e > 0 && known && c >= 0 {
				v := math.Round(float64(c)*10000/float64(*e)) / 10
				yf.Per1000[f] = &v
			}
		}
		return yf
	}
	now := year(r.Year)
	r.OrganisationFacts = &OrgFacts{Facts: now.Facts, Per1000: now.Per1000, Trend: []YearFacts{}}
	for y := first; y <= r.Year; y++ {
		r.OrganisationFacts.Trend = append(r.OrganisationFacts.Trend, year(y))
	}
	return nil
}

// orgFacts is the section of the organisation's facts: the year's facts,
// the figures per 1,000 employees (when the employees are known), and the
// years side by side when there are more than one.
func (l *layout) orgFacts() (Section, bool) {
	of := l.r.OrganisationFacts
	if of == nil {
		return Section{}, false
	}
	year := l.r.Year
	s := Section{ID: "organisation", Title: l.t("annual.sec.organisation")}
	emp := of.Facts[string(domain.FactEmployees)]
	switch {
	case emp == nil:
		s.Intro = l.t("annual.organisation_intro_unknown", year)
	case of.Per1000["reports"] != nil:
		s.Intro = l.t("annual.organisation_intro", year, *emp, l.rate(of.Per1000["reports"]))
	default:
		s.Intro = l.t("annual.organisation_intro_employees", year, *emp)
	}
	facts := Table{Sheet: "Organisatie", Caption: l.t("annual.cap.organisation", year),
		Headers: []string{l.t("annual.col.figure"), l.t("annual.col.count")}}
	for _, m := range domain.OrgFacts {
		facts.Rows = append(facts.Rows, []string{l.t("import.org_fact." + string(m)), l.fact(of.Facts[string(m)])})
	}
	s.Tables = append(s.Tables, facts)
	if emp != nil {
		rates := Table{Sheet: "Per 1.000 medewerkers", Caption: l.t("annual.cap.per_1000", year),
			Headers: []string{l.t("annual.col.figure"), l.t("annual.col.count"), l.t("annual.col.per_1000")}}
		for _, f := range RateFigures {
			c, ok := l.rateCount(f)
			if !ok {
				continue // the section of its register is not in the report
			}
			rates.Rows = append(rates.Rows, []string{l.t("annual.rate." + f), l.count(c), l.rateText(of.Per1000[f], c)})
		}
		s.Tables = append(s.Tables, rates)
	}
	if len(of.Trend) > 1 {
		ft := Table{Sheet: "Organisatie per jaar", Caption: l.t("annual.cap.organisation_trend"),
			Headers: []string{l.t("annual.col.year")}}
		for _, m := range domain.OrgFacts {
			ft.Headers = append(ft.Headers, l.t("import.org_fact."+string(m)))
		}
		rt := Table{Sheet: "Per 1.000 per jaar", Caption: l.t("annual.cap.per_1000_trend"),
			Headers: []string{l.t("annual.col.year")}}
		for _, f := range RateFigures {
			rt.Headers = append(rt.Headers, l.t("annual.rate."+f))
		}
		anyRate := false
		for _, y := range of.Trend {
			row := []string{strconv.Itoa(y.Year)}
			for _, m := range domain.OrgFacts {
				row = append(row, l.fact(y.Facts[string(m)]))
			}
			ft.Rows = append(ft.Rows, row)
			row = []string{strconv.Itoa(y.Year)}
			for _, f := range RateFigures {
				row = append(row, l.rate(y.Per1000[f]))
				anyRate = anyRate || y.Per1000[f] != nil
			}
			rt.Rows = append(rt.Rows, row)
		}
		s.Tables = append(s.Tables, ft)
		if anyRate {
			rt.Note = l.t("annual.per_1000_trend_note")
			s.Tables = append(s.Tables, rt)
		}
	}
	return s, true
}

// rateCount is the year's figure a rate is computed from, and whether the
// report has its section.
func (l *layout) rateCount(figure string) (Count, bool) {
	r := l.r
	switch figure {
	case "reports":
		if r.Reports != nil {
			return r.Reports.Total, true
		}
	case "adviser_first_contacts":
		if r.ConfidentialAdvisers != nil && l.registered(domain.ReportRegisterAdviserContacts) {
			return r.ConfidentialAdvisers.FirstContacts, true
		}
	case "aggression_incidents":
		if r.Aggression != nil {
			return r.Aggression.Total, true
		}
	case "advice_requests":
		if r.AdviceRequests != nil {
			return r.AdviceRequests.Total, true
		}
	}
	return 0, false
}

// fact shows a fact, "onbekend" when it is not known.
func (l *layout) fact(n *int) string {
	if n == nil {
		return l.t("annual.unknown")
	}
	return strconv.Itoa(*n)
}

// rate shows a rate with one decimal (a decimal comma in Dutch),
// "onbekend" when there is none.
func (l *layout) rate(v *float64) string {
	if v == nil {
		return l.t("annual.unknown")
	}
	s := strconv.FormatFloat(*v, 'f', 1, 64)
	if l.lang == "nl" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// rateText is a rate beside its figure: "×" when the figure is hidden.
func (l *layout) rateText(v *float64, c Count) string {
	if v == nil && c != NotRegistered && c < 0 {
		return l.count(Secret)
	}
	return l.rate(v)
}
