package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// Action plans (plannen van aanpak): the controller keeps the plans, their
// lines and actions; an action's owner (any user of the organisation) sees
// their own actions at /actions and reports progress on them (status and a
// dated note); the controller may do so on every action. The quarterly
// progress report is a report.Document: the page, its PDF and its XLSX.

type planRow struct {
	ID                int64
	Ref, Title, Years string
	Total, Done       int
	Overdue           int
}

type plansPage struct {
	Plans  []planRow
	Form   *form
	Notice string
}

func (s *Server) planList(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlanList(w, r, http.StatusOK, &form{Values: url.Values{}, Errors: map[string]string{}})
}

func (s *Server) renderPlanList(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	rs := state(r)
	plans, err := s.store.Plans(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	today := domain.Today(s.store.Now())
	p := plansPage{Form: f, Notice: s.acDone(r, "plans.done_")}
	for i := range plans {
		st := plans[i].StateOn(today)
		p.Plans = append(p.Plans, planRow{ID: plans[i].ID, Ref: plans[i].Ref, Title: plans[i].Title,
			Years: planYears(&plans[i]), Total: st.Total, Done: st.ByStatus["done"], Overdue: st.Overdue})
	}
	s.render(w, r, status, "plans", s.cat.T(rs.lang, "plans.title"), p)
	return nil
}

func planYears(p *domain.ActionPlan) string {
	if p.FromYear == p.UntilYear {
		return strconv.Itoa(p.FromYear)
	}
	return fmt.Sprintf("%d–%d", p.FromYear, p.UntilYear)
}

// parsePlan reads the plan's form: ref, title, from_year, until_year.
func parsePlan(f *form) (*domain.ActionPlan, []error) {
	p := &domain.ActionPlan{Ref: f.Values.Get("ref"), Title: f.Values.Get("title")}
	p.FromYear, _ = strconv.Atoi(f.Values.Get("from_year"))
	p.UntilYear, _ = strconv.Atoi(f.Values.Get("until_year"))
	return p, p.Check()
}

func (s *Server) planCreate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	p, errs := parsePlan(f)
	if len(errs) == 0 {
		if err := s.store.SavePlan(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, p); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderPlanList(w, r, statusFor[domain.ErrorCode(errs[0])], f)
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("plans/%d?done=created", p.ID)))
	return nil
}

// --- One plan: its lines and actions ---

type planPage struct {
	Plan      *domain.ActionPlan
	Years     string
	Lines     []planLineView
	Total     int
	Overdue   int
	Done      int
	Quarter   string // the current quarter, the progress report's default
	PlanForm  *form
	LineForm  *form
	Delete    *form
	Notice    string
	CanCreate bool // there is a line to put an action on
}

type planLineView struct {
	ID      int64
	Number  int
	Title   string
	Actions []actionRow
}

type actionRow struct {
	ID                  int64
	PlanID              int64
	PlanTitle           string
	Number              int
	Description         string
	Kind, Period, Owner string
	Status              domain.ActionStatus
	StatusLabel         string
	Overdue             bool
	LastNote            string
}

func (s *Server) actionRow(lang string, a *domain.PlanAction, today domain.Date) actionRow {
	row := actionRow{ID: a.ID, PlanID: a.PlanID, Number: a.Number, Description: a.Description,
		Kind: s.cat.T(lang, "plans.kind."+string(a.Kind)), Period: report.PeriodLabel(s.cat, lang, a.From, a.Until),
		Owner: a.OwnerName, Status: a.Status, StatusLabel: report.ActionStatusLabel(s.cat, lang, a), Overdue: a.OverdueOn(today)}
	if row.Owner == "" {
		row.Owner = s.cat.T(lang, "plans.no_owner")
	}
	if n := len(a.Notes); n > 0 {
		row.LastNote = a.Notes[n-1].Day.Display() + ": " + a.Notes[n-1].Text
	}
	return row
}

func (s *Server) planView(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := acPathID(r, "err.plan_not_found")
	if err != nil {
		return err
	}
	p, err := s.store.Plan(r.Context(), rs.org.ID, id)
	if err != nil {
		return err
	}
	return s.renderPlan(w, r, http.StatusOK, p, nil, nil, nil)
}

func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, status int, p *domain.ActionPlan, planForm, lineForm, del *form) error {
	rs := state(r)
	empty := func() *form { return &form{Values: url.Values{}, Errors: map[string]string{}} }
	if planForm == nil {
		planForm = &form{Values: url.Values{"ref": {p.Ref}, "title": {p.Title}, "from_year": {strconv.Itoa(p.FromYear)},
			"until_year": {strconv.Itoa(p.UntilYear)}}, Errors: map[string]string{}}
	}
	if lineForm == nil {
		next := 1
		for _, l := range p.Lines {
			next = max(next, l.Number+1)
		}
		lineForm = &form{Values: url.Values{"line_number": {strconv.Itoa(next)}}, Errors: map[string]string{}}
	}
	if del == nil {
		del = empty()
	}
	today := domain.Today(s.store.Now())
	st := p.StateOn(today)
	page := planPage{Plan: p, Years: planYears(p), Total: st.Total, Overdue: st.Overdue, Done: st.ByStatus["done"],
		Quarter: domain.QuarterOf(s.store.Now()).String(), PlanForm: planForm, LineForm: lineForm, Delete: del,
		Notice: s.acDone(r, "plans.done_"), CanCreate: len(p.Lines) > 0}
	for _, l := range p.Lines {
		lv := planLineView{ID: l.ID, Number: l.Number, Title: l.Title}
		for _, a := range p.ActionsOf(l.ID) {
			lv.Actions = append(lv.Actions, s.actionRow(rs.lang, &a, today))
		}
		page.Lines = append(page.Lines, lv)
	}
	s.render(w, r, status, "plan", p.Title, page)
	return nil
}

// planFromPath loads the plan named by the path's id.
func (s *Server) planFromPath(r *http.Request) (*domain.ActionPlan, error) {
	id, err := acPathID(r, "err.plan_not_found")
	if err != nil {
		return nil, err
	}
	return s.store.Plan(r.Context(), state(r).org.ID, id)
}

func (s *Server) planUpdate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	p, err := s.planFromPath(r)
	if err != nil {
		return err
	}
	f := newForm(r)
	np, errs := parsePlan(f)
	if len(errs) == 0 {
		np.ID = p.ID
		if err := s.store.SavePlan(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, np); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderPlan(w, r, statusFor[domain.ErrorCode(errs[0])], p, f, nil, nil)
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("plans/%d?done=saved", p.ID)))
	return nil
}

func (s *Server) planDelete(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	p, err := s.planFromPath(r)
	if err != nil {
		return err
	}
	del := newForm(r)
	if del.Values.Get("confirm") != "1" {
		del.Errors["confirm"] = s.cat.T(rs.lang, "err.plan_delete_confirm")
		return s.renderPlan(w, r, http.StatusBadRequest, p, nil, nil, del)
	}
	if err := s.store.DeletePlan(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, p.ID); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "plans?done=deleted"))
	return nil
}

func (s *Server) planLineCreate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	p, err := s.planFromPath(r)
	if err != nil {
		return err
	}
	f := newForm(r)
	l := &domain.ActionLine{PlanID: p.ID, Title: f.Values.Get("line_title")}
	var errs []error
	n, err := strconv.Atoi(f.Values.Get("line_number"))
	if err != nil {
		errs = append(errs, domain.FieldError("line_number", "err.plan_line_number"))
	}
	l.Number = n
	errs = append(errs, l.Check()...)
	if len(errs) == 0 {
		if err := s.store.SaveActionLine(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, l); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderPlan(w, r, statusFor[domain.ErrorCode(errs[0])], p, nil, f, nil)
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("plans/%d?done=line_created#line-%d", p.ID, l.Number)))
	return nil
}

// --- An action: the controller's form ---

type actionFormPage struct {
	Plan     *domain.ActionPlan
	ID       int64
	Form     *form
	Lines    []option
	Kinds    []option
	From     []option
	Until    []option
	Owners   []option
	Statuses []option
	Delete   *form
}

// quarterOptions lists the quarters from a year before the plan to a year
// after it, sel marked.
func (s *Server) quarterOptions(lang string, p *domain.ActionPlan, sel string) []option {
	out := []option{{Value: "", Label: s.cat.T(lang, "plans.choose_quarter")}}
	for y := p.FromYear - 1; y <= p.UntilYear+1; y++ {
		for q := 1; q <= 4; q++ {
			qq := domain.Quarter{Year: y, Q: q}
			out = append(out, option{Value: qq.String(), Label: report.QuarterLabel(s.cat, lang, qq), Selected: qq.String() == sel})
		}
	}
	return out
}

func (s *Server) renderActionForm(w http.ResponseWriter, r *http.Request, status int, p *domain.ActionPlan, id int64, f, del *form) error {
	rs := state(r)
	if del == nil {
		del = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	users, err := s.store.Users(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	v := f.Values
	page := actionFormPage{Plan: p, ID: id, Form: f, Delete: del,
		Kinds:    s.options(rs.lang, "plans.kind.", domain.Strings(domain.ActionKinds), v.Get("kind")),
		Statuses: s.options(rs.lang, "plans.status.", domain.Strings(domain.ActionStatuses), v.Get("status")),
		From:     s.quarterOptions(rs.lang, p, v.Get("from")), Until: s.quarterOptions(rs.lang, p, v.Get("until")),
		Owners: []option{{Value: "", Label: s.cat.T(rs.lang, "plans.no_owner")}}}
	for _, l := range p.Lines {
		val := strconv.FormatInt(l.ID, 10)
		page.Lines = append(page.Lines, option{Value: val, Label: fmt.Sprintf("%d. %s", l.Number, l.Title), Selected: val == v.Get("line")})
	}
	for _, u := range users {
		val := strconv.FormatInt(u.ID, 10)
		if u.Disabled && val != v.Get("owner") {
			continue
		}
		page.Owners = append(page.Owners, option{Value: val, Label: u.DisplayName + " (" + u.Username + ")", Selected: val == v.Get("owner")})
	}
	title := s.cat.T(rs.lang, "plans.action_new")
	if id != 0 {
		title = s.cat.T(rs.lang, "plans.action_edit")
	}
	s.render(w, r, status, "plan_action_form", title, page)
	return nil
}

func (s *Server) actionNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planFromPath(r)
	if err != nil {
		return err
	}
	next := 1
	for _, a := range p.Actions {
		next = max(next, a.Number+1)
	}
	f := &form{Values: url.Values{"number": {strconv.Itoa(next)}, "kind": {string(domain.ActionNew)},
		"status": {string(domain.ActionPlanned)}}, Errors: map[string]string{}}
	if v := r.URL.Query().Get("line"); v != "" {
		f.Values.Set("line", v)
	}
	return s.renderActionForm(w, r, http.StatusOK, p, 0, f, nil)
}

// actionValues fills the controller's form with a stored action.
func actionValues(a *domain.PlanAction) *form {
	v := url.Values{"line": {strconv.FormatInt(a.LineID, 10)}, "number": {strconv.Itoa(a.Number)}, "description": {a.Description},
		"kind": {string(a.Kind)}, "from": {a.From.String()}, "until": {a.Until.String()}, "status": {string(a.Status)},
		"reason": {a.StatusReason}}
	if a.OwnerID != 0 {
		v.Set("owner", strconv.FormatInt(a.OwnerID, 10))
	}
	return &form{Values: v, Errors: map[string]string{}}
}

// parseAction reads the controller's form: its parse errors, then every
// problem the domain's check finds.
func parseAction(f *form, planID int64) (*domain.PlanAction, []error) {
	v := f.Values
	a := &domain.PlanAction{PlanID: planID, Description: v.Get("description"), Kind: domain.ActionKind(v.Get("kind")),
		Status: domain.ActionStatus(v.Get("status")), StatusReason: v.Get("reason")}
	var errs []error
	id := func(field string) int64 {
		s := v.Get(field)
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			errs = append(errs, domain.FieldError(field, "err.choice_invalid"))
		}
		return n
	}
	a.LineID, a.OwnerID = id("line"), id("owner")
	if n, err := strconv.Atoi(v.Get("number")); err == nil {
		a.Number = n
	}
	var err error
	if a.From, err = domain.ParseQuarter("from", v.Get("from")); err != nil {
		errs = append(errs, err)
	}
	if a.Until, err = domain.ParseQuarter("until", v.Get("until")); err != nil {
		errs = append(errs, err)
	}
	check := *a
	return a, append(errs, check.Check()...)
}

func (s *Server) saveAction(w http.ResponseWriter, r *http.Request, p *domain.PlanAction, plan *domain.ActionPlan, done string) error {
	rs := state(r)
	f := newForm(r)
	a, errs := parseAction(f, plan.ID)
	if len(errs) == 0 {
		a.ID = p.ID
		if err := s.store.SaveAction(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, a); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		if f.Error == "" {
			f.Error = s.cat.T(rs.lang, "plans.check_fields")
		}
		return s.renderActionForm(w, r, statusFor[domain.ErrorCode(errs[0])], plan, p.ID, f, nil)
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("plans/%d?done=%s#action-%d", plan.ID, done, a.ID)))
	return nil
}

func (s *Server) actionCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planFromPath(r)
	if err != nil {
		return err
	}
	return s.saveAction(w, r, &domain.PlanAction{}, p, "action_created")
}

// actionFromPath loads the action named by the path's id, and its plan.
func (s *Server) actionFromPath(r *http.Request) (*domain.PlanAction, *domain.ActionPlan, error) {
	rs := state(r)
	id, err := acPathID(r, "err.plan_action_not_found")
	if err != nil {
		return nil, nil, err
	}
	a, err := s.store.PlanAction(r.Context(), rs.org.ID, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.store.Plan(r.Context(), rs.org.ID, a.PlanID)
	return a, p, err
}

func (s *Server) actionEdit(w http.ResponseWriter, r *http.Request) error {
	a, p, err := s.actionFromPath(r)
	if err != nil {
		return err
	}
	return s.renderActionForm(w, r, http.StatusOK, p, a.ID, actionValues(a), nil)
}

func (s *Server) actionUpdate(w http.ResponseWriter, r *http.Request) error {
	a, p, err := s.actionFromPath(r)
	if err != nil {
		return err
	}
	return s.saveAction(w, r, a, p, "action_saved")
}

func (s *Server) actionDelete(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	a, p, err := s.actionFromPath(r)
	if err != nil {
		return err
	}
	del := newForm(r)
	if del.Values.Get("confirm") != "1" {
		del.Errors["confirm"] = s.cat.T(rs.lang, "err.plan_action_delete_confirm")
		return s.renderActionForm(w, r, http.StatusBadRequest, p, a.ID, actionValues(a), del)
	}
	if err := s.store.DeleteAction(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, a.ID); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("plans/%d?done=action_deleted", p.ID)))
	return nil
}

// --- The owner's side: my actions, one action's progress ---

type myActionsPage struct {
	Actions []actionRow
	Overdue int
}

func (s *Server) myActions(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	list, err := s.store.ActionsOwnedBy(r.Context(), rs.org.ID, rs.user.ID)
	if err != nil {
		return err
	}
	plans, err := s.store.Plans(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	titles := map[int64]string{}
	for _, p := range plans {
		titles[p.ID] = p.Title
	}
	today := domain.Today(s.store.Now())
	var page myActionsPage
	for i := range list {
		row := s.actionRow(rs.lang, &list[i], today)
		row.PlanTitle = titles[row.PlanID]
		if row.Overdue {
			page.Overdue++
		}
		page.Actions = append(page.Actions, row)
	}
	s.render(w, r, http.StatusOK, "my_actions", s.cat.T(rs.lang, "plans.my_title"), page)
	return nil
}

type actionPage struct {
	Action     *domain.PlanAction
	Plan       *domain.ActionPlan
	Line       string
	Row        actionRow
	Notes      []actionNoteView
	Form       *form
	Statuses   []option
	Controller bool
	Notice     string
}

type actionNoteView struct {
	Day, Author, Text string
}

// mayReport: the action's owner and the controller report progress; to
// anyone else the action does not exist.
func mayReport(u *domain.User, a *domain.PlanAction) bool {
	return u.HasRole(domain.RoleController) || (a.OwnerID != 0 && a.OwnerID == u.ID)
}

func (s *Server) actionView(w http.ResponseWriter, r *http.Request) error {
	a, p, err := s.actionFromPath(r)
	if err != nil {
		return err
	}
	if !mayReport(state(r).user, a) {
		return domain.Errorf(domain.ENOTFOUND, "err.plan_action_not_found")
	}
	f := &form{Values: url.Values{"status": {string(a.Status)}, "reason": {a.StatusReason}}, Errors: map[string]string{}}
	return s.renderAction(w, r, http.StatusOK, a, p, f)
}

func (s *Server) renderAction(w http.ResponseWriter, r *http.Request, status int, a *domain.PlanAction, p *domain.ActionPlan, f *form) error {
	rs := state(r)
	page := actionPage{Action: a, Plan: p, Row: s.actionRow(rs.lang, a, domain.Today(s.store.Now())), Form: f,
		Statuses:   s.options(rs.lang, "plans.status.", domain.Strings(domain.ActionStatuses), f.Values.Get("status")),
		Controller: rs.user.HasRole(domain.RoleController), Notice: s.acDone(r, "plans.done_")}
	if l := p.Line(a.LineID); l != nil {
		page.Line = fmt.Sprintf("%d. %s", l.Number, l.Title)
	}
	for i := len(a.Notes) - 1; i >= 0; i-- {
		n := a.Notes[i]
		author := n.AuthorName
		if author == "" {
			author = "–"
		}
		page.Notes = append(page.Notes, actionNoteView{Day: n.Day.Display(), Author: author, Text: n.Text})
	}
	s.render(w, r, status, "plan_action", s.cat.T(rs.lang, "plans.action_heading", a.Number), page)
	return nil
}

func (s *Server) actionProgress(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	a, p, err := s.actionFromPath(r)
	if err != nil {
		return err
	}
	if !mayReport(rs.user, a) {
		return domain.Errorf(domain.ENOTFOUND, "err.plan_action_not_found")
	}
	f := newForm(r)
	pr := &domain.Progress{Status: domain.ActionStatus(f.Values.Get("status")), Reason: f.Values.Get("reason"), Note: f.Values.Get("note")}
	var errs []error
	if pr.Day, err = domain.ParseDate("day", f.Values.Get("day")); err != nil {
		errs = append(errs, err)
	}
	check := *pr
	errs = append(errs, check.Check(domain.Today(s.store.Now()))...)
	if len(errs) == 0 {
		if err := s.store.ReportProgress(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, a.ID, pr); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderAction(w, r, statusFor[domain.ErrorCode(errs[0])], a, p, f)
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("actions/%d?done=progress", a.ID)))
	return nil
}

// --- The quarterly progress report: page, PDF, XLSX ---

type progressPage struct {
	Plan     *domain.ActionPlan
	Quarter  string
	Quarters []option
	Body     template.HTML
}

// progressQuarter reads ?quarter=; the current quarter when absent.
func (s *Server) progressQuarter(r *http.Request) (domain.Quarter, error) {
	v := r.URL.Query().Get("quarter")
	if v == "" {
		return domain.QuarterOf(s.store.Now()), nil
	}
	q, err := domain.ParseQuarter("quarter", v)
	if err != nil || q.IsZero() {
		return q, domain.Errorf(domain.EINVALID, "err.quarter_invalid")
	}
	return q, nil
}

func (s *Server) planProgress(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	p, err := s.planFromPath(r)
	if err != nil {
		return err
	}
	q, err := s.progressQuarter(r)
	if err != nil {
		return err
	}
	doc := report.PlanProgress(s.cat, rs.lang, rs.org.Name, p, q, domain.Today(s.store.Now()))
	body, err := doc.BodyHTML(s.cat.T(rs.lang, "annual.toc"))
	if err != nil {
		return err
	}
	page := progressPage{Plan: p, Quarter: q.String(), Quarters: s.quarterOptions(rs.lang, p, q.String())[1:], Body: body}
	s.render(w, r, http.StatusOK, "plan_progress", doc.Title, page)
	return nil
}

func (s *Server) planProgressFile(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	p, err := s.planFromPath(r)
	if err != nil {
		return err
	}
	q, err := s.progressQuarter(r)
	if err != nil {
		return err
	}
	doc := report.PlanProgress(s.cat, rs.lang, rs.org.Name, p, q, domain.Today(s.store.Now()))
	var b bytes.Buffer
	ext := "xlsx"
	ctype := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if strings.HasSuffix(r.URL.Path, ".pdf") {
		ext, ctype = "pdf", "application/pdf"
		if !s.pdf.Available() {
			return domain.Errorf(domain.EUNAVAILABLE, "err.annual_report_pdf_engine")
		}
		err = s.pdf.Write(r.Context(), &b, doc, s.cat.T(rs.lang, "annual.toc"), s.cat.T(rs.lang, "annual.page_of"), ReportStylesheet())
	} else {
		err = doc.WriteXLSX(&b)
	}
	if err != nil {
		return err
	}
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID).In(rs.org.ID), "plan.progress_download", "action_plan",
		strconv.FormatInt(p.ID, 10), q.String()+" "+ext); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="voortgang-%s-%s.%s"`, slugPart(p.Ref), q.String(), ext))
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(b.Bytes())
	return nil
}

// slugPart keeps letters, digits and dashes of a ref for a file name.
func slugPart(s string) string {
	var b []rune
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-':
			b = append(b, c)
		default:
			b = append(b, '-')
		}
	}
	return string(b)
}
