package report

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Survey is the year's anonymous integrity survey (the latest standard
// one sent that year), with the previous round beside it. Figures are null
// when the survey had fewer responses than its minimum group size.
type Survey struct {
	Title                  string            `json:"title"`
	MinGroup               int               `json:"min_group"`
	Invited                int               `json:"invited"`
	Responses              *int              `json:"responses"`     // null below the minimum group size
	ResponseRate           *float64          `json:"response_rate"` // per cent
	Observed               *int              `json:"observed"`
	Reported               *int              `json:"reported"`
	ReportingRatio         *float64          `json:"reporting_ratio"` // per cent of observed breaches reported; null when none observed
	Statements             []SurveyStatement `json:"statements"`
	PreviousYear           *int              `json:"previous_year"`
	PreviousReportingRatio *float64          `json:"previous_reporting_ratio"`
}

// SurveyStatement is one Likert statement: the share that (strongly)
// agreed, this round and the previous one, in per cent.
type SurveyStatement struct {
	Code     string   `json:"code"`
	Agree    *float64 `json:"agree"`
	Previous *float64 `json:"previous"`
}

func perCent(perMille int) *float64 { v := float64(perMille) / 10; return &v }

// buildSurvey fills r.Survey from the year's survey, if there was one.
func buildSurvey(ctx context.Context, st *store.Store, r *Report, orgID int64) error {
	sv, err := st.SurveyOfYear(ctx, orgID, r.Year)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	res, err := surveyResults(ctx, st, sv)
	if err != nil {
		return err
	}
	s := &Survey{Title: sv.Title, MinGroup: sv.MinGroup, Invited: res.Invited, Statements: []SurveyStatement{}}
	var prev *domain.SurveyResults
	if p, err := st.PreviousSurvey(ctx, sv); err == nil {
		pr, err := surveyResults(ctx, st, p)
		if err != nil {
			return err
		}
		s.PreviousYear, prev = &p.Year, &pr
		if v, ok := pr.Total.ReportingRatio(); ok && pr.Shown {
			s.PreviousReportingRatio = perCent(v)
		}
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	if res.Shown {
		n, obs, rep := res.Responses, res.Total.Observed, res.Total.Reported
		s.Responses, s.Observed, s.Reported = &n, &obs, &rep
		s.ResponseRate = perCent(res.ResponseRatePerM())
		if v, ok := res.Total.ReportingRatio(); ok {
			s.ReportingRatio = perCent(v)
		}
	}
	for _, q := range domain.SurveyQuestions(sv.Template) {
		if q.Kind != domain.QuestionLikert {
			continue
		}
		st := SurveyStatement{Code: q.Code}
		if res.Shown {
			st.Agree = perCent(res.Total.Likert[q.Code].AgreePerM)
		}
		if prev != nil && prev.Shown {
			st.Previous = perCent(prev.Total.Likert[q.Code].AgreePerM)
		}
		s.Statements = append(s.Statements, st)
	}
	r.Survey = s
	return nil
}

func surveyResults(ctx context.Context, st *store.Store, sv *domain.Survey) (domain.SurveyResults, error) {
	groups, err := st.SurveyGroups(ctx, sv.ID)
	if err != nil {
		return domain.SurveyResults{}, err
	}
	responses, err := st.SurveyResponses(ctx, sv.ID)
	if err != nil {
		return domain.SurveyResults{}, err
	}
	return domain.NewSurveyResults(sv, groups, responses), nil
}

// survey is the section of the year's integrity survey; none without one.
func (l *layout) survey() (Section, bool) {
	s := l.r.Survey
	if s == nil {
		return Section{}, false
	}
	sec := Section{ID: "survey", Title: l.t("annual.sec.survey")}
	if s.Responses == nil {
		sec.Intro = l.t("annual.survey_few", s.Title, s.Invited, s.MinGroup)
		return sec, true
	}
	sec.Intro = l.t("annual.survey_intro", s.Title, *s.Responses, s.Invited, l.pct(s.ResponseRate))
	if s.ReportingRatio != nil {
		sec.Intro += " " + l.t("annual.survey_ratio", l.pct(s.ReportingRatio), *s.Reported, *s.Observed)
	}
	if s.PreviousYear != nil && s.PreviousReportingRatio != nil {
		sec.Intro += " " + l.t("annual.survey_ratio_prev", *s.PreviousYear, l.pct(s.PreviousReportingRatio))
	}
	prevHead := l.t("annual.col.survey_prev_none")
	if s.PreviousYear != nil {
		prevHead = l.t("annual.col.survey_prev", *s.PreviousYear)
	}
	t := Table{Sheet: "Medewerkersonderzoek", Caption: l.t("annual.cap.survey"),
		Headers: []string{l.t("annual.col.statement"), l.t("annual.col.agree"), prevHead}}
	for _, st := range s.Statements {
		t.Rows = append(t.Rows, []string{l.t("survey.q." + st.Code), strings.TrimSuffix(l.pct(st.Agree), "%"), strings.TrimSuffix(l.pct(st.Previous), "%")})
	}
	sec.Tables = []Table{t}
	return sec, true
}

// pct writes a percentage with one decimal in the reader's language, "–"
// for none.
func (l *layout) pct(v *float64) string {
	if v == nil {
		return "–"
	}
	n := int(math.Round(*v * 10))
	whole, tenth := n/10, n%10
	sep := ","
	if l.lang == "en" {
		sep = "."
	}
	return strconv.Itoa(whole) + sep + strconv.Itoa(tenth) + "%"
}
