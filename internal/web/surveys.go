package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/notify"
	"github.com/integer-nl/integer/internal/store"
)

// Anonymous integrity surveys: the controller's list, a survey's page
// (invitations, closing, results, open answers to read) and the public
// questionnaire behind an invitation's link. See domain/survey.go for the
// anonymity design.

type surveyListPage struct {
	Form    *form
	Surveys []surveyRow
	Notice  string
}

type surveyRow struct {
	ID     int64
	Title  string
	Year   int
	Status string
}

func (s *Server) surveyList(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: url.Values{"year": {strconv.Itoa(domain.ThisYear(s.store.Now()))},
		"min_group": {strconv.Itoa(domain.DefaultSurveyMinGroup)}}, Errors: map[string]string{}}
	return s.renderSurveyList(w, r, http.StatusOK, f)
}

func (s *Server) renderSurveyList(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	rs := state(r)
	list, err := s.store.Surveys(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	p := surveyListPage{Form: f, Notice: s.acDone(r, "surveys.done_")}
	for _, sv := range list {
		p.Surveys = append(p.Surveys, surveyRow{ID: sv.ID, Title: sv.Title, Year: sv.Year, Status: s.cat.T(rs.lang, "survey.status."+string(sv.Status))})
	}
	s.render(w, r, status, "surveys", s.cat.T(rs.lang, "surveys.title"), p)
	return nil
}

func (s *Server) createSurvey(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	sv := &domain.Survey{Title: f.Values.Get("title"), Template: domain.SurveyTemplateStandard}
	var errs []error
	year, err := strconv.Atoi(strings.TrimSpace(f.Values.Get("year")))
	if err != nil {
		errs = append(errs, domain.FieldError("year", "err.survey_year_invalid"))
	}
	sv.Year = year
	min, err := strconv.Atoi(strings.TrimSpace(f.Values.Get("min_group")))
	if err != nil {
		errs = append(errs, domain.FieldError("min_group", "err.survey_min_group", domain.MinSurveyMinGroup, domain.MaxSurveyMinGroup))
	}
	sv.MinGroup = min
	check := *sv
	errs = append(errs, check.Check()...)
	if len(errs) == 0 {
		errs = append(errs, s.store.CreateSurvey(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, sv))
		if errs[0] == nil {
			errs = nil
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		f.Error = s.cat.T(rs.lang, "activities.check_fields")
		return s.renderSurveyList(w, r, http.StatusBadRequest, f)
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("surveys/%d?done=created", sv.ID)))
	return nil
}

// --- One survey ---

type surveyPage struct {
	Survey      *domain.Survey
	Status      string
	Invite      *form
	MailOff     bool
	Results     domain.SurveyResults
	Previous    *domain.Survey
	Prev        domain.SurveyResults
	Likert      []surveyLikertRow
	Choices     []surveyChoiceTable
	Ratio       string // the reporting ratio, "" when nothing was observed
	PrevRatio   string
	Observed    int
	Reported    int
	Unread      []domain.SurveyOpenAnswer
	ReadShown   []domain.SurveyOpenAnswer
	Notice      string
	ResponseStr string // the response rate
}

type surveyLikertRow struct {
	Question, Agree, Mean, PrevAgree string
}

type surveyChoiceTable struct {
	Question string
	Rows     []acCount
}

func (s *Server) surveyPage(w http.ResponseWriter, r *http.Request) error {
	inv := &form{Values: url.Values{}, Errors: map[string]string{}}
	return s.renderSurvey(w, r, http.StatusOK, inv)
}

func (s *Server) loadSurvey(r *http.Request) (*domain.Survey, error) {
	id, err := acPathID(r, "err.survey_not_found")
	if err != nil {
		return nil, err
	}
	return s.store.Survey(r.Context(), state(r).org.ID, id)
}

// surveyResults computes what may be shown of a survey.
func (s *Server) surveyResults(r *http.Request, sv *domain.Survey) (domain.SurveyResults, error) {
	groups, err := s.store.SurveyGroups(r.Context(), sv.ID)
	if err != nil {
		return domain.SurveyResults{}, err
	}
	responses, err := s.store.SurveyResponses(r.Context(), sv.ID)
	if err != nil {
		return domain.SurveyResults{}, err
	}
	return domain.NewSurveyResults(sv, groups, responses), nil
}

func (s *Server) renderSurvey(w http.ResponseWriter, r *http.Request, status int, inv *form) error {
	rs := state(r)
	sv, err := s.loadSurvey(r)
	if err != nil {
		return err
	}
	res, err := s.surveyResults(r, sv)
	if err != nil {
		return err
	}
	p := surveyPage{Survey: sv, Status: s.cat.T(rs.lang, "survey.status."+string(sv.Status)), Invite: inv,
		MailOff: s.notices == nil || !s.notices.MailEnabled(), Results: res, Notice: s.acDone(r, "surveys.done_"),
		ResponseStr: perMille(rs.lang, res.ResponseRatePerM())}
	if prev, err := s.store.PreviousSurvey(r.Context(), sv); err == nil {
		p.Previous = prev
		if p.Prev, err = s.surveyResults(r, prev); err != nil {
			return err
		}
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	s.surveyFigures(rs.lang, &p)
	if err := s.surveyOpen(r, &p); err != nil {
		return err
	}
	s.render(w, r, status, "survey", sv.Title, p)
	return nil
}

// surveyFigures fills the tables of the total figures, when they may be
// shown, with the previous round's beside them.
func (s *Server) surveyFigures(lang string, p *surveyPage) {
	if !p.Results.Shown {
		return
	}
	tot := p.Results.Total
	for _, q := range domain.SurveyQuestions(p.Survey.Template) {
		switch q.Kind {
		case domain.QuestionLikert:
			lf := tot.Likert[q.Code]
			row := surveyLikertRow{Question: s.cat.T(lang, "survey.q."+q.Code), Agree: perMille(lang, lf.AgreePerM),
				Mean: decimal(lang, lf.MeanX100, 2), PrevAgree: "–"}
			if p.Previous != nil && p.Prev.Shown {
				row.PrevAgree = perMille(lang, p.Prev.Total.Likert[q.Code].AgreePerM)
			}
			p.Likert = append(p.Likert, row)
		case domain.QuestionChoice:
			t := surveyChoiceTable{Question: s.cat.T(lang, "survey.q."+q.Code)}
			for i, o := range q.Options {
				t.Rows = append(t.Rows, acCount{Label: s.cat.T(lang, "survey.opt."+o), N: tot.Choice[q.Code][i]})
			}
			p.Choices = append(p.Choices, t)
		}
	}
	p.Observed, p.Reported = tot.Observed, tot.Reported
	if v, ok := tot.ReportingRatio(); ok {
		p.Ratio = perMille(lang, v)
	}
	if p.Previous != nil && p.Prev.Shown {
		if v, ok := p.Prev.Total.ReportingRatio(); ok {
			p.PrevRatio = perMille(lang, v)
		}
	}
}

// surveyOpen lists the open answers: those still to read (for the
// controller) and, when the total may be shown, those read and not
// withheld.
func (s *Server) surveyOpen(r *http.Request, p *surveyPage) error {
	list, err := s.store.SurveyOpenAnswers(r.Context(), p.Survey.ID)
	if err != nil {
		return err
	}
	for _, a := range list {
		switch {
		case !a.Read:
			p.Unread = append(p.Unread, a)
		case !a.Withheld && p.Results.Shown:
			p.ReadShown = append(p.ReadShown, a)
		}
	}
	return nil
}

// perMille writes a share in per mille as a percentage with one decimal.
func perMille(lang string, v int) string { return decimal(lang, v, 1) + "%" }

// decimal writes v / 10^places with places decimals in the language's way.
func decimal(lang string, v, places int) string {
	div := 1
	for range places {
		div *= 10
	}
	sep := ","
	if lang == "en" {
		sep = "."
	}
	return fmt.Sprintf("%d%s%0*d", v/div, sep, places, v%div)
}

// inviteSurvey sends the invitations: the addresses are read, the tokens
// made and stored as hashes, and the e-mails sent in the background; no
// address is kept.
func (s *Server) inviteSurvey(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	sv, err := s.loadSurvey(r)
	if err != nil {
		return err
	}
	f := newForm(r)
	if s.notices == nil || !s.notices.MailEnabled() {
		f.Error = s.cat.T(rs.lang, "err.survey_mail_off")
		return s.renderSurvey(w, r, http.StatusConflict, f)
	}
	invitees, errs := domain.ParseSurveyInvitees(f.Values.Get("invitees"), f.Values.Get("group"))
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs[:1]); err != nil {
			return err
		}
		return s.renderSurvey(w, r, http.StatusBadRequest, f)
	}
	tokens, err := s.store.InviteSurvey(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, sv.ID, invitees)
	if err != nil {
		if s.fail(f, rs.lang, err) {
			return s.renderSurvey(w, r, statusFor[domain.ErrorCode(err)], f)
		}
		return err
	}
	out := make([]notify.SurveyInvitation, len(invitees))
	for i, inv := range invitees {
		out[i] = notify.SurveyInvitation{Email: inv.Email, Token: tokens[i]}
	}
	s.notices.SurveyInvitations(rs.org, sv, out)
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("surveys/%d?done=invited", sv.ID)))
	return nil
}

func (s *Server) closeSurvey(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	sv, err := s.loadSurvey(r)
	if err != nil {
		return err
	}
	if err := s.store.CloseSurvey(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, sv.ID); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("surveys/%d?done=closed", sv.ID)))
	return nil
}

// readOpenAnswer marks an open answer read: shown, or withheld when it
// names or identifies someone.
func (s *Server) readOpenAnswer(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	sv, err := s.loadSurvey(r)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(r.PathValue("answer"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENOTFOUND, "err.survey_not_found")
	}
	withheld := newForm(r).Values.Get("withhold") == "1"
	if err := s.store.ReadOpenAnswer(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, sv.ID, aid, withheld); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("surveys/%d?done=read#open", sv.ID)))
	return nil
}

// --- The questionnaire (public, behind the invitation's link) ---

type surveyFormPage struct {
	Survey    *domain.Survey
	Form      *form
	Token     string
	Questions []surveyQuestionView
}

type surveyQuestionView struct {
	Code, Kind, Label, Theme string
	NewTheme                 bool
	Options                  []check
}

func (s *Server) surveyForm(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	sv, err := s.store.SurveyForToken(r.Context(), rs.org.ID, r.PathValue("token"))
	if err != nil {
		return err
	}
	return s.renderSurveyForm(w, r, http.StatusOK, sv, &form{Values: url.Values{}, Errors: map[string]string{}})
}

func (s *Server) renderSurveyForm(w http.ResponseWriter, r *http.Request, status int, sv *domain.Survey, f *form) error {
	rs := state(r)
	p := surveyFormPage{Survey: sv, Form: f, Token: r.PathValue("token")}
	theme := ""
	for _, q := range domain.SurveyQuestions(sv.Template) {
		v := surveyQuestionView{Code: q.Code, Kind: string(q.Kind), Label: "survey.q." + q.Code, Theme: "survey.theme." + q.Theme, NewTheme: q.Theme != theme}
		theme = q.Theme
		switch q.Kind {
		case domain.QuestionLikert:
			for i := 1; i <= 5; i++ {
				n := strconv.Itoa(i)
				v.Options = append(v.Options, check{Value: n, Label: s.cat.T(rs.lang, "survey.likert."+n), Checked: f.Values.Get(q.Code) == n})
			}
		case domain.QuestionChoice:
			for i, o := range q.Options {
				n := strconv.Itoa(i + 1)
				v.Options = append(v.Options, check{Value: n, Label: s.cat.T(rs.lang, "survey.opt."+o), Checked: f.Values.Get(q.Code) == n})
			}
		}
		p.Questions = append(p.Questions, v)
	}
	s.render(w, r, status, "survey_form", sv.Title, p)
	return nil
}

// parseSurveyResponse reads the questionnaire; an unanswered question is
// left out, a number that does not parse is an error at its field.
func parseSurveyResponse(f *form, qs []domain.SurveyQuestion) (*domain.SurveyResponse, []error) {
	resp := &domain.SurveyResponse{Answers: map[string]int{}, Open: map[string]string{}}
	var errs []error
	for _, q := range qs {
		v := strings.TrimSpace(f.Values.Get(q.Code))
		if v == "" {
			continue
		}
		if q.Kind == domain.QuestionOpen {
			resp.Open[q.Code] = v
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, domain.FieldError(q.Code, "err.survey_answer_invalid"))
			continue
		}
		resp.Answers[q.Code] = n
	}
	check := domain.SurveyResponse{Answers: resp.Answers, Open: map[string]string{}}
	for k, v := range resp.Open {
		check.Open[k] = v
	}
	return resp, append(errs, check.Check(qs)...)
}

func (s *Server) answerSurvey(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	token := r.PathValue("token")
	sv, err := s.store.SurveyForToken(r.Context(), rs.org.ID, token)
	if err != nil {
		return err
	}
	f := newForm(r)
	resp, errs := parseSurveyResponse(f, domain.SurveyQuestions(sv.Template))
	if len(errs) == 0 {
		if err := s.store.RespondSurvey(r.Context(), rs.org.ID, token, resp); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		f.Error = s.cat.T(rs.lang, "survey.check_fields")
		return s.renderSurveyForm(w, r, http.StatusBadRequest, sv, f)
	}
	s.redirect(w, r, s.orgURL(rs.org, "survey-done"))
	return nil
}

func (s *Server) surveyDone(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "survey_done", s.cat.T(state(r).lang, "survey.done_title"), nil)
	return nil
}
