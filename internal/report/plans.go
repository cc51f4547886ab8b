package report

import (
	"context"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/store"
)

// The quarterly progress report of an action plan, for management: the
// plan's state at the end of the quarter (or today, while it runs), the
// actions past their planned period without being done, and every action
// by line with the progress noted in the quarter. It is a Document, so the
// page, the PDF (PDFEngine) and the XLSX are the same figures, and the PDF
// is tagged like the annual report's.

// QuarterLabel shows a quarter in the language: "K1 2026", "Q1 2026".
func QuarterLabel(cat *i18n.Catalog, lang string, q domain.Quarter) string {
	if q.IsZero() {
		return "–"
	}
	return cat.T(lang, "plans.quarter", q.Q, q.Year)
}

// PeriodLabel shows a planned period: one quarter, or "K1 2025 – K4 2025".
func PeriodLabel(cat *i18n.Catalog, lang string, from, until domain.Quarter) string {
	if from == until {
		return QuarterLabel(cat, lang, from)
	}
	return QuarterLabel(cat, lang, from) + " – " + QuarterLabel(cat, lang, until)
}

// ActionStatusLabel shows an action's status, with the reason when it has
// one ("Vervallen: budget naar handhaving").
func ActionStatusLabel(cat *i18n.Catalog, lang string, a *domain.PlanAction) string {
	s := cat.T(lang, "plans.status."+string(a.Status))
	if a.StatusReason != "" {
		s += ": " + a.StatusReason
	}
	return s
}

// PlanProgress lays out the plan's progress report for quarter q; today
// is the day the report is made (overdue actions are counted on
// domain.ReportDay). The plan must be loaded with its notes. org names the
// organisation on the cover.
func PlanProgress(cat *i18n.Catalog, lang, org string, p *domain.ActionPlan, q domain.Quarter, today domain.Date) *Document {
	l := &layout{cat: cat, lang: lang}
	day := domain.ReportDay(q.Last(), today)
	st := p.StateOn(day)
	d := &Document{Lang: lang, Title: l.t("plans.progress_title", p.Title, QuarterLabel(cat, lang, q)),
		Subtitle: org, Generated: l.t("plans.progress_generated", dutchDate(today.String()), dutchDate(day.String()))}

	statuses := domain.Strings(domain.ActionStatuses)
	head := []string{l.t("plans.line")}
	for _, s := range statuses {
		head = append(head, l.t("plans.status."+s))
	}
	head = append(head, l.t("plans.overdue_col"), l.t("annual.col.total"))
	state := Table{Sheet: "Stand", Caption: l.t("plans.cap.state", dutchDate(day.String())), Headers: head}
	addRow := func(name string, by map[string]int, overdue, total int) {
		row := []string{name}
		for _, s := range statuses {
			row = append(row, strconv.Itoa(by[s]))
		}
		state.Rows = append(state.Rows, append(row, strconv.Itoa(overdue), strconv.Itoa(total)))
	}
	for _, ls := range st.Lines {
		addRow(strconv.Itoa(ls.Number)+". "+ls.Title, ls.ByStatus, ls.Overdue, ls.Total)
	}
	addRow(l.t("annual.col.total"), st.ByStatus, st.Overdue, st.Total)
	d.Sections = append(d.Sections, Section{ID: "state", Title: l.t("plans.sec.state"),
		Intro: l.t("plans.state_intro", st.Total, st.ByStatus["done"], st.Overdue), Tables: []Table{state}})

	actionHead := []string{l.t("plans.number"), l.t("plans.description"), l.t("plans.kind"), l.t("plans.period"), l.t("plans.owner"), l.t("plans.status")}
	overdue := Table{Plain: true, Sheet: "Over tijd", Caption: l.t("plans.cap.overdue"), Headers: actionHead}
	for i := range p.Actions {
		a := &p.Actions[i]
		if a.OverdueOn(day) {
			overdue.Rows = append(overdue.Rows, actionRow(l, a))
		}
	}
	sec := Section{ID: "overdue", Title: l.t("plans.sec.overdue"), Intro: l.t("plans.overdue_intro")}
	if len(overdue.Rows) == 0 {
		sec.Text = []string{l.t("plans.overdue_none")}
	} else {
		sec.Tables = []Table{overdue}
	}
	d.Sections = append(d.Sections, sec)

	// The actions by line: one section, a table per line, so that the
	// printed report does not start a page per line.
	lines := Section{ID: "actions", Title: l.t("plans.sec.actions"), Intro: l.t("plans.actions_intro", QuarterLabel(cat, lang, q))}
	for _, line := range p.Lines {
		t := Table{Plain: true, Sheet: "Lijn " + strconv.Itoa(line.Number), Caption: l.t("plans.cap.line", line.Number, line.Title),
			Headers: append(append([]string{}, actionHead...), l.t("plans.notes_in_quarter"))}
		for _, a := range p.ActionsOf(line.ID) {
			row := actionRow(l, &a)
			if a.OverdueOn(day) {
				row[5] += " (" + l.t("plans.overdue") + ")"
			}
			var notes []string
			for _, n := range a.Notes {
				if q.Contains(n.Day) {
					notes = append(notes, n.Day.Display()+": "+n.Text)
				}
			}
			if len(notes) == 0 {
				notes = []string{"–"}
			}
			t.Rows = append(t.Rows, append(row, strings.Join(notes, " · ")))
		}
		if len(t.Rows) == 0 {
			lines.Text = append(lines.Text, l.t("plans.sec.line", line.Number, line.Title)+": "+l.t("plans.line_empty"))
			continue
		}
		lines.Tables = append(lines.Tables, t)
	}
	d.Sections = append(d.Sections, lines)
	return d
}

// actionRow is an action's number, description, kind, period, owner and
// status (marked when overdue on the report's day is the caller's part).
func actionRow(l *layout, a *domain.PlanAction) []string {
	owner := a.OwnerName
	if owner == "" {
		owner = l.t("plans.no_owner")
	}
	return []string{strconv.Itoa(a.Number), a.Description, l.t("plans.kind." + string(a.Kind)),
		PeriodLabel(l.cat, l.lang, a.From, a.Until), owner, ActionStatusLabel(l.cat, l.lang, a)}
}

// ActionPlanState is the state of an action plan that runs in the
// report's year: its actions counted per line and status on the day after
// the year (or on the day the report is made, while the year runs), and
// the actions past their planned period on that day. No names: owners are
// left out of the report.
type ActionPlanState struct {
	Ref            string            `json:"ref"`
	Title          string            `json:"title"`
	FromYear       int               `json:"from_year"`
	UntilYear      int               `json:"until_year"`
	CountedOn      string            `json:"counted_on"` // YYYY-MM-DD
	Total          int               `json:"total"`
	ByStatus       map[string]int    `json:"by_status"`
	Overdue        int               `json:"overdue"`
	Lines          []ActionLineState `json:"lines"`
	OverdueActions []OverdueAction   `json:"overdue_actions"`
}

// ActionLineState is one action line's actions counted.
type ActionLineState struct {
	Number   int            `json:"number"`
	Title    string         `json:"title"`
	Total    int            `json:"total"`
	ByStatus map[string]int `json:"by_status"`
	Overdue  int            `json:"overdue"`
}

// OverdueAction is an action past its planned period.
type OverdueAction struct {
	Number       int    `json:"number"`
	Description  string `json:"description"`
	PlannedFrom  string `json:"planned_from"`  // 2025-Q1
	PlannedUntil string `json:"planned_until"` // 2025-Q4
	Status       string `json:"status"`
}

// buildPlans fills the section from the plans that run in the year; with
// none it stays null ("not registered").
func buildPlans(ctx context.Context, st *store.Store, r *Report, orgID int64, year int, today domain.Date) error {
	plans, err := st.Plans(ctx, orgID)
	if err != nil {
		return err
	}
	day := domain.ReportDay(domain.Date{Year: year, Month: 12, Day: 31}, today)
	for i := range plans {
		p := &plans[i]
		if !p.Covers(year) {
			continue
		}
		s := p.StateOn(day)
		ps := ActionPlanState{Ref: p.Ref, Title: p.Title, FromYear: p.FromYear, UntilYear: p.UntilYear, CountedOn: day.String(),
			Total: s.Total, ByStatus: s.ByStatus, Overdue: s.Overdue, Lines: []ActionLineState{}, OverdueActions: []OverdueAction{}}
		for _, l := range s.Lines {
			ps.Lines = append(ps.Lines, ActionLineState{Number: l.Number, Title: l.Title, Total: l.Total, ByStatus: l.ByStatus, Overdue: l.Overdue})
		}
		for _, a := range p.Actions {
			if a.OverdueOn(day) {
				ps.OverdueActions = append(ps.OverdueActions, OverdueAction{Number: a.Number, Description: a.Description,
					PlannedFrom: a.From.String(), PlannedUntil: a.Until.String(), Status: string(a.Status)})
			}
		}
		r.ActionPlans = append(r.ActionPlans, ps)
	}
	return nil
}

// actionPlans is the section of the action plans: per plan its state by
// line and status, and the actions past their period.
func (l *layout) actionPlans() (Section, bool) {
	sec := Section{ID: "action_plans", Title: l.t("annual.sec.plans_state")}
	if len(l.r.ActionPlans) == 0 {
		sec.Intro = l.t("annual.plans_none", l.r.Year)
		return sec, true
	}
	sec.Intro = l.t("annual.plans_intro")
	statuses := domain.Strings(domain.ActionStatuses)
	for i, p := range l.r.ActionPlans {
		suffix := ""
		if i > 0 {
			suffix = " " + strconv.Itoa(i+1)
		}
		sec.Text = append(sec.Text, l.t("annual.plans_state", p.Title, dutchDate(p.CountedOn), p.Total, p.ByStatus["done"], p.Overdue))
		head := []string{l.t("plans.line")}
		for _, s := range statuses {
			head = append(head, l.t("plans.status."+s))
		}
		head = append(head, l.t("plans.overdue_col"), l.t("annual.col.total"))
		t := Table{Sheet: "Plan van aanpak" + suffix, Caption: l.t("annual.cap.plans_state", p.Title, dutchDate(p.CountedOn)), Headers: head}
		add := func(name string, by map[string]int, overdue, total int) {
			row := []string{name}
			for _, s := range statuses {
				row = append(row, strconv.Itoa(by[s]))
			}
			t.Rows = append(t.Rows, append(row, strconv.Itoa(overdue), strconv.Itoa(total)))
		}
		for _, ln := range p.Lines {
			add(strconv.Itoa(ln.Number)+". "+ln.Title, ln.ByStatus, ln.Overdue, ln.Total)
		}
		add(l.t("annual.col.total"), p.ByStatus, p.Overdue, p.Total)
		sec.Tables = append(sec.Tables, t)
		if len(p.OverdueActions) > 0 {
			o := Table{Plain: true, Sheet: "Acties over tijd" + suffix, Caption: l.t("annual.cap.plans_overdue", p.Title),
				Headers: []string{l.t("plans.number"), l.t("plans.description"), l.t("plans.period"), l.t("plans.status")}}
			for _, a := range p.OverdueActions {
				from, _ := domain.ParseQuarter("from", a.PlannedFrom)
				until, _ := domain.ParseQuarter("until", a.PlannedUntil)
				o.Rows = append(o.Rows, []string{strconv.Itoa(a.Number), a.Description, PeriodLabel(l.cat, l.lang, from, until), l.t("plans.status." + a.Status)})
			}
			// The plan's table by line counts them; a long list is left to
			// the workbook (lists.go).
			o.Brief = &Brief{Text: l.t("annual.list_elsewhere.plans_overdue", len(p.OverdueActions), p.Title)}
			sec.Tables = append(sec.Tables, o)
		}
	}
	return sec, true
}
