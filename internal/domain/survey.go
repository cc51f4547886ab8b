package domain

import (
	"slices"
	"strings"
	"time"
)

// Anonymous integrity surveys (integriteitsonderzoek onder medewerkers).
// Anonymity is the design: an invitation is a random token sent by e-mail
// and stored only as its hash with the group (department) it was sent to;
// a response holds its group, the day it was given and the answers, and
// nothing that names its invitation, the respondent, their address or the
// moment beyond the day. One response per token, after which the token is
// forgotten. Figures are shown only for groups with at least MinGroup
// responses, and open answers only after the controller has read them.

// SurveyTemplateStandard is the standard integrity survey: climate,
// knowledge of the rules and of the reporting point, trust in how reports
// are handled, observed breaches and whether they were reported.
const SurveyTemplateStandard = "standard"

// Limits of a survey.
const (
	DefaultSurveyMinGroup = 10   // the smallest group whose figures are shown, unless the controller chooses another
	MinSurveyMinGroup     = 5    // never below: a smaller group is too easy to recognise
	MaxSurveyMinGroup     = 1000 // more would hide every figure
	MaxSurveyTitle        = 200
	MaxSurveyGroup        = 100   // the group's (department's) name
	MaxSurveyOpenAnswer   = 2000  // characters of an open answer
	MaxSurveyCount        = 999   // observed or reported breaches
	MaxSurveyInvitations  = 10000 // addresses per sending
)

// SurveyStatus is where a survey is: being prepared, answered, or closed.
type SurveyStatus string

// The codes of SurveyStatus.
const (
	SurveyDraft  SurveyStatus = "draft"
	SurveyOpen   SurveyStatus = "open"
	SurveyClosed SurveyStatus = "closed"
)

// QuestionKind is how a survey question is answered.
type QuestionKind string

// The codes of QuestionKind.
const (
	QuestionLikert QuestionKind = "likert" // 1 (strongly disagree) … 5 (strongly agree)
	QuestionChoice QuestionKind = "choice" // one of Options
	QuestionCount  QuestionKind = "count"  // a number from 0 to MaxSurveyCount
	QuestionOpen   QuestionKind = "open"   // free text, shown only after the controller read it
)

// SurveyQuestion is one question of a template. Its text is the message
// "survey.q.<Code>", an option's "survey.opt.<option>".
type SurveyQuestion struct {
	Code    string
	Theme   string // "climate", "knowledge", "trust", "breaches", "remarks": message "survey.theme.<Theme>"
	Kind    QuestionKind
	Options []string // for QuestionChoice
}

// Codes of the standard template's questions that the figures name.
const (
	QObserved = "observed" // breaches observed in the past twelve months
	QReported = "reported" // of which reported
)

// StandardSurvey is the standard integrity survey's questions, in order.
var StandardSurvey = []SurveyQuestion{
	{Code: "climate_safe", Theme: "climate", Kind: QuestionLikert},
	{Code: "climate_example", Theme: "climate", Kind: QuestionLikert},
	{Code: "climate_dilemmas", Theme: "climate", Kind: QuestionLikert},
	{Code: "know_code", Theme: "knowledge", Kind: QuestionLikert},
	{Code: "know_rules", Theme: "knowledge", Kind: QuestionLikert},
	{Code: "know_meldpunt", Theme: "knowledge", Kind: QuestionChoice, Options: []string{"yes", "no"}},
	{Code: "know_adviser", Theme: "knowledge", Kind: QuestionChoice, Options: []string{"yes", "no"}},
	{Code: "trust_careful", Theme: "trust", Kind: QuestionLikert},
	{Code: "trust_no_harm", Theme: "trust", Kind: QuestionLikert},
	{Code: "trust_feedback", Theme: "trust", Kind: QuestionLikert},
	{Code: QObserved, Theme: "breaches", Kind: QuestionCount},
	{Code: QReported, Theme: "breaches", Kind: QuestionCount},
	{Code: "why_not", Theme: "breaches", Kind: QuestionChoice,
		Options: []string{"not_serious", "no_effect", "fear", "unknown_where", "solved_self", "other"}},
	{Code: "remarks", Theme: "remarks", Kind: QuestionOpen},
}

// SurveyQuestions returns the questions of a template (only the standard
// one today).
func SurveyQuestions(template string) []SurveyQuestion {
	if template == SurveyTemplateStandard {
		return StandardSurvey
	}
	return nil
}

// Survey is one round of a survey.
type Survey struct {
	ID       int64
	OrgID    int64
	Title    string
	Year     int
	Template string
	MinGroup int
	Status   SurveyStatus
}

// Check tidies a survey and returns every problem with it.
func (s *Survey) Check() []error {
	s.Title = strings.TrimSpace(s.Title)
	if s.Template == "" {
		s.Template = SurveyTemplateStandard
	}
	var errs []error
	switch {
	case s.Title == "":
		errs = append(errs, FieldError("title", "err.survey_title_required"))
	case len([]rune(s.Title)) > MaxSurveyTitle:
		errs = append(errs, FieldError("title", "err.too_long"))
	}
	if !YearValid(s.Year) {
		errs = append(errs, FieldError("year", "err.survey_year_invalid"))
	}
	if SurveyQuestions(s.Template) == nil {
		errs = append(errs, FieldError("template", "err.choice_invalid"))
	}
	if s.MinGroup < MinSurveyMinGroup || s.MinGroup > MaxSurveyMinGroup {
		errs = append(errs, FieldError("min_group", "err.survey_min_group", MinSurveyMinGroup, MaxSurveyMinGroup))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (s *Survey) Validate() error { return firstError(s.Check()) }

// SurveyInvitee is one address to invite, with the group it counts in.
// The address is used to send the invitation and then forgotten.
type SurveyInvitee struct {
	Email string
	Group string
}

// ParseSurveyInvitees reads the invitation list: one address a line,
// optionally followed by ";" or "," or a tab and the group; a line without
// a group counts in defaultGroup. Empty lines are skipped, duplicates
// refused. Every problem is returned, naming the field "invitees".
func ParseSurveyInvitees(text, defaultGroup string) ([]SurveyInvitee, []error) {
	defaultGroup = strings.TrimSpace(defaultGroup)
	var out []SurveyInvitee
	seen := map[string]bool{}
	var errs []error
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		addr, group, _ := strings.Cut(strings.NewReplacer("\t", ";", ",", ";").Replace(line), ";")
		addr, group = strings.ToLower(strings.TrimSpace(addr)), strings.TrimSpace(group)
		if group == "" {
			group = defaultGroup
		}
		switch {
		case !ValidEmail(addr):
			errs = append(errs, FieldError("invitees", "err.survey_invitee_email", i+1))
		case group == "" || len([]rune(group)) > MaxSurveyGroup:
			errs = append(errs, FieldError("invitees", "err.survey_invitee_group", i+1))
		case seen[addr]:
			errs = append(errs, FieldError("invitees", "err.survey_invitee_twice", i+1))
		default:
			seen[addr] = true
			out = append(out, SurveyInvitee{Email: addr, Group: group})
		}
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, FieldError("invitees", "err.survey_invitees_required"))
	}
	if len(out) > MaxSurveyInvitations {
		errs = append(errs, FieldError("invitees", "err.survey_invitees_many", MaxSurveyInvitations))
	}
	return out, errs
}

// SurveyResponse is one anonymous response: its group, its day and its
// answers. It has no identity of its own.
type SurveyResponse struct {
	Group   string
	Day     Date
	Answers map[string]int    // likert 1–5, a choice's 1-based index, a count; absent when not answered
	Open    map[string]string // open answers, stored apart from the response
}

// Check refuses answers outside their question's range and a reported
// count above the observed one; unanswered questions are fine.
func (r *SurveyResponse) Check(questions []SurveyQuestion) []error {
	var errs []error
	for code := range r.Answers {
		if !slices.ContainsFunc(questions, func(q SurveyQuestion) bool { return q.Code == code && q.Kind != QuestionOpen }) {
			errs = append(errs, FieldError(code, "err.choice_invalid"))
		}
	}
	for _, q := range questions {
		v, ok := r.Answers[q.Code]
		if !ok {
			continue
		}
		max := map[QuestionKind]int{QuestionLikert: 5, QuestionChoice: len(q.Options), QuestionCount: MaxSurveyCount}[q.Kind]
		min := 1
		if q.Kind == QuestionCount {
			min = 0
		}
		if v < min || v > max {
			errs = append(errs, FieldError(q.Code, "err.survey_answer_invalid"))
		}
	}
	if obs, ok := r.Answers[QObserved]; ok {
		if rep, ok := r.Answers[QReported]; ok && rep > obs {
			errs = append(errs, FieldError(QReported, "err.survey_reported_above_observed"))
		}
	}
	for code, text := range r.Open {
		r.Open[code] = strings.TrimSpace(text)
		if len([]rune(r.Open[code])) > MaxSurveyOpenAnswer {
			errs = append(errs, FieldError(code, "err.too_long"))
		}
		if r.Open[code] == "" {
			delete(r.Open, code)
		}
	}
	return errs
}

// SurveyOpenAnswer is one open answer, stored apart from its response:
// it names its question and group but no response. Shown in the results
// only once Read, and never when Withheld (the controller found it names
// or identifies someone).
type SurveyOpenAnswer struct {
	ID       int64
	Question string
	Group    string
	Text     string
	Read     bool
	Withheld bool
}

// SurveyGroupCount is a group and how many were invited in it.
type SurveyGroupCount struct {
	Group   string
	Invited int
}

// SurveyFigures are the figures of a set of responses (a group, or all).
type SurveyFigures struct {
	Responses int
	Likert    map[string]LikertFigure // per question code
	Choice    map[string][]int        // per question code: count per option, in order
	Observed  int                     // breaches observed, summed
	Reported  int                     // of which reported, summed
	Observers int                     // respondents who observed at least one
}

// LikertFigure is one Likert question's answers: how many answered, the
// mean, and the share that agreed (4 or 5), in per mille.
type LikertFigure struct {
	N         int
	MeanX100  int // the mean times 100 (3.45 → 345)
	AgreePerM int
}

// ReportingRatio is the share of observed breaches that were reported, in
// per cent rounded down to one decimal times ten (25.0% → 250), and false
// when nothing was observed.
func (f SurveyFigures) ReportingRatio() (int, bool) {
	if f.Observed == 0 {
		return 0, false
	}
	return f.Reported * 1000 / f.Observed, true
}

// NewSurveyFigures computes the figures of responses.
func NewSurveyFigures(questions []SurveyQuestion, responses []SurveyResponse) SurveyFigures {
	f := SurveyFigures{Responses: len(responses), Likert: map[string]LikertFigure{}, Choice: map[string][]int{}}
	for _, q := range questions {
		switch q.Kind {
		case QuestionLikert:
			sum, agree, n := 0, 0, 0
			for _, r := range responses {
				if v, ok := r.Answers[q.Code]; ok {
					n, sum = n+1, sum+v
					if v >= 4 {
						agree++
					}
				}
			}
			lf := LikertFigure{N: n}
			if n > 0 {
				lf.MeanX100, lf.AgreePerM = (sum*100+n/2)/n, (agree*1000+n/2)/n
			}
			f.Likert[q.Code] = lf
		case QuestionChoice:
			counts := make([]int, len(q.Options))
			for _, r := range responses {
				if v, ok := r.Answers[q.Code]; ok && v >= 1 && v <= len(counts) {
					counts[v-1]++
				}
			}
			f.Choice[q.Code] = counts
		}
	}
	for _, r := range responses {
		obs := r.Answers[QObserved]
		f.Observed += obs
		f.Reported += min(r.Answers[QReported], obs)
		if obs > 0 {
			f.Observers++
		}
	}
	return f
}

// SurveyGroupShown decides which groups' figures may be shown: a group
// with fewer than minGroup responses is hidden, and while the hidden
// groups together have fewer than minGroup responses (so that the total
// minus the shown groups would give them away) the smallest shown group is
// hidden as well. counts maps a group to its number of responses; the
// result maps a group to whether it is shown.
func SurveyGroupShown(counts map[string]int, minGroup int) map[string]bool {
	shown := map[string]bool{}
	hiddenSum, hidden := 0, 0
	for g, n := range counts {
		shown[g] = n >= minGroup
		if !shown[g] {
			hiddenSum, hidden = hiddenSum+n, hidden+1
		}
	}
	for hidden > 0 && hiddenSum < minGroup {
		smallest := ""
		for g, n := range counts {
			if shown[g] && (smallest == "" || n < counts[smallest] || (n == counts[smallest] && g < smallest)) {
				smallest = g
			}
		}
		if smallest == "" {
			break
		}
		shown[smallest] = false
		hiddenSum, hidden = hiddenSum+counts[smallest], hidden+1
	}
	return shown
}

// SurveyDay is the day a response is stored with: the day in Amsterdam,
// nothing finer.
func SurveyDay(now time.Time) Date { return DateOf(now) }

// SurveyResults are what may be shown of a survey: per group and in
// total, the figures only where the group is shown (see SurveyGroupShown)
// and the total only with at least MinGroup responses.
type SurveyResults struct {
	Invited   int
	Responses int
	Shown     bool          // whether the total's figures may be shown
	Total     SurveyFigures // zero when not Shown
	Groups    []SurveyGroupResult
}

// SurveyGroupResult is one group's line of the results.
type SurveyGroupResult struct {
	Group   string
	Invited int
	Shown   bool
	Figures SurveyFigures // zero (and Responses hidden) when not Shown
}

// NewSurveyResults computes what may be shown of responses to sv, with
// the numbers invited per group.
func NewSurveyResults(sv *Survey, groups []SurveyGroupCount, responses []SurveyResponse) SurveyResults {
	qs := SurveyQuestions(sv.Template)
	res := SurveyResults{Responses: len(responses)}
	byGroup, counts := map[string][]SurveyResponse{}, map[string]int{}
	for _, g := range groups {
		res.Invited += g.Invited
		counts[g.Group] = 0
	}
	for _, r := range responses {
		byGroup[r.Group] = append(byGroup[r.Group], r)
		counts[r.Group]++
	}
	shown := SurveyGroupShown(counts, sv.MinGroup)
	for _, g := range groups {
		gr := SurveyGroupResult{Group: g.Group, Invited: g.Invited, Shown: shown[g.Group]}
		if gr.Shown {
			gr.Figures = NewSurveyFigures(qs, byGroup[g.Group])
		}
		res.Groups = append(res.Groups, gr)
	}
	if res.Shown = len(responses) >= sv.MinGroup; res.Shown {
		res.Total = NewSurveyFigures(qs, responses)
	}
	return res
}

// ResponseRatePerM is the share of invitations answered, in per mille.
func (r SurveyResults) ResponseRatePerM() int {
	if r.Invited == 0 {
		return 0
	}
	return r.Responses * 1000 / r.Invited
}
