package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Vulnerable positions (kwetsbare functies): the controller keeps the
// analyses, HR reads them. The list is a heat map (positions × activities,
// each cell a word as well as a colour), then the high-risk positions with
// thin measures, the overdue reviews and the holders of a vulnerable
// position who lack a VOG or the oath (names for HR, counts for the
// controller).

type vulnposListPage struct {
	Activities []string // column headers
	Rows       []vulnposRow
	HighThin   []vulnposRow
	Overdue    []vulnposOverdue
	Holders    []vulnposHolder
	HolderN    int
	ShowNames  bool // HR sees who; the controller how many
	CanEdit    bool
	Notice     string
	Rule       []string // the risk rule, line by line
}

type vulnposRow struct {
	ID         int64
	Ref, Name  string
	Position   string // the register's position, "" for a process
	Designated string // the register's designation, "" when none
	Cells      []vulnposCell
	Risk       domain.RiskLevel
	RiskLabel  string
	Measures   []string
	Needed     int
	Thin       bool
	LastReview string
	NextReview string
	Overdue    bool
}

type vulnposCell struct {
	Level domain.VulnLevel
	Label string
}

type vulnposOverdue struct {
	Ref, Name, What, Owner, Due string
}

type vulnposHolder struct {
	Ref, Name, PositionRef, Missing string
}

func (s *Server) vulnposList(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	list, err := s.store.VulnerablePositions(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	positions, err := s.store.Positions(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	byID := map[int64]*domain.Position{}
	for _, p := range positions {
		byID[p.ID] = p
	}
	holders, err := s.store.VulnerableHolders(ctx, rs.org.ID, list)
	if err != nil {
		return err
	}
	now := s.store.Now()
	p := vulnposListPage{ShowNames: rs.user.HasRole(domain.RoleHR), CanEdit: rs.user.HasRole(domain.RoleController),
		Notice: s.acDone(r, "vulnpos.done_"), HolderN: len(holders)}
	for _, a := range domain.VulnActivities {
		p.Activities = append(p.Activities, s.cat.T(rs.lang, "vulnpos.activity."+string(a)))
	}
	for _, k := range []string{"vulnpos.rule_points", "vulnpos.rule_high", "vulnpos.rule_medium", "vulnpos.rule_low", "vulnpos.rule_thin"} {
		p.Rule = append(p.Rule, s.cat.T(rs.lang, k))
	}
	for i := range list {
		row := s.vulnposRow(rs.lang, &list[i], byID, now)
		p.Rows = append(p.Rows, row)
		if list[i].HighThin() {
			p.HighThin = append(p.HighThin, row)
		}
		p.Overdue = append(p.Overdue, s.vulnposOverdue(rs.lang, &list[i], now)...)
	}
	if p.ShowNames {
		for _, h := range holders {
			p.Holders = append(p.Holders, vulnposHolder{Ref: h.Person.Ref, Name: h.Person.Name, PositionRef: h.PositionRef, Missing: s.vulnposMissing(rs.lang, h)})
		}
	}
	s.render(w, r, http.StatusOK, "vulnpos", s.cat.T(rs.lang, "vulnpos.title"), p)
	return nil
}

func (s *Server) vulnposMissing(lang string, h domain.VulnerableHolder) string {
	switch {
	case h.MissingVOG && h.MissingOath:
		return s.cat.T(lang, "vulnpos.missing_both")
	case h.MissingVOG:
		return s.cat.T(lang, "vulnpos.missing_vog")
	}
	return s.cat.T(lang, "vulnpos.missing_oath")
}

// vulnposDay shows a day, or a dash.
func vulnposDay(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return domain.DateOf(*t).Display()
}

func (s *Server) vulnposRow(lang string, v *domain.VulnerablePosition, positions map[int64]*domain.Position, now time.Time) vulnposRow {
	row := vulnposRow{ID: v.ID, Ref: v.Ref, Name: v.Name, Risk: v.Risk(), Needed: domain.MeasuresNeeded(v.Risk()), Thin: v.Thin(),
		LastReview: vulnposDay(v.LastReview), NextReview: vulnposDay(v.NextReview), Overdue: v.ReviewOverdue(now)}
	row.RiskLabel = s.cat.T(lang, "vulnpos.risk."+string(row.Risk))
	if pos, ok := positions[v.PositionID]; ok {
		row.Position = pos.Ref + " " + pos.Title
		switch {
		case pos.DesignatedPublication && pos.DesignatedFinancial:
			row.Designated = s.cat.T(lang, "vulnpos.designated_both")
		case pos.DesignatedPublication:
			row.Designated = s.cat.T(lang, "vulnpos.designated_publication")
		case pos.DesignatedFinancial:
			row.Designated = s.cat.T(lang, "vulnpos.designated_financial")
		}
	}
	for _, a := range domain.VulnActivities {
		l := v.Level(a)
		row.Cells = append(row.Cells, vulnposCell{Level: l, Label: s.cat.T(lang, "vulnpos.level."+string(l))})
	}
	for _, m := range v.Measures {
		row.Measures = append(row.Measures, s.cat.T(lang, "vulnpos.measure."+string(m.Measure)))
	}
	return row
}

func (s *Server) vulnposOverdue(lang string, v *domain.VulnerablePosition, now time.Time) []vulnposOverdue {
	var out []vulnposOverdue
	if v.ReviewOverdue(now) {
		out = append(out, vulnposOverdue{Ref: v.Ref, Name: v.Name, What: s.cat.T(lang, "vulnpos.overdue_analysis"), Owner: "–", Due: vulnposDay(v.NextReview)})
	}
	for _, m := range v.OverdueMeasures(now) {
		out = append(out, vulnposOverdue{Ref: v.Ref, Name: v.Name, What: s.cat.T(lang, "vulnpos.measure."+string(m.Measure)), Owner: m.Owner, Due: vulnposDay(m.ReviewOn)})
	}
	return out
}

// --- The form: new, edit, delete (controller) ---

type vulnposFormPage struct {
	Form       *form
	ID         int64
	Positions  []option
	Activities []vulnposActivityField
	Measures   []vulnposMeasureField
	Delete     *form
}

type vulnposActivityField struct {
	Name, Label string
	Options     []option
}

type vulnposMeasureField struct {
	Code, Label string
	Checked     bool
}

func (s *Server) vulnposNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderVulnposForm(w, r, http.StatusOK, 0, &form{Values: url.Values{}, Errors: map[string]string{}}, nil)
}

func (s *Server) vulnposEdit(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := acPathID(r, "err.vulnpos_not_found")
	if err != nil {
		return err
	}
	v, err := s.store.VulnerablePosition(r.Context(), rs.org.ID, id)
	if err != nil {
		return err
	}
	return s.renderVulnposForm(w, r, http.StatusOK, id, vulnposValues(v), nil)
}

// vulnposValues fills the form with a stored analysis.
func vulnposValues(v *domain.VulnerablePosition) *form {
	vals := url.Values{"ref": {v.Ref}, "name": {v.Name}}
	if v.PositionID != 0 {
		vals.Set("position", strconv.FormatInt(v.PositionID, 10))
	}
	if v.LastReview != nil {
		vals.Set("last_review", domain.DateOf(*v.LastReview).String())
	}
	if v.NextReview != nil {
		vals.Set("next_review", domain.DateOf(*v.NextReview).String())
	}
	for _, a := range domain.VulnActivities {
		vals.Set("a_"+string(a), string(v.Level(a)))
	}
	for _, m := range v.Measures {
		vals.Set("m_"+string(m.Measure), "1")
		vals.Set("m_"+string(m.Measure)+"_owner", m.Owner)
		if m.ReviewOn != nil {
			vals.Set("m_"+string(m.Measure)+"_review", domain.DateOf(*m.ReviewOn).String())
		}
	}
	return &form{Values: vals, Errors: map[string]string{}}
}

func (s *Server) renderVulnposForm(w http.ResponseWriter, r *http.Request, status int, id int64, f, del *form) error {
	rs := state(r)
	if del == nil {
		del = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	positions, err := s.store.Positions(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	p := vulnposFormPage{Form: f, ID: id, Delete: del,
		Positions: []option{{Value: "", Label: s.cat.T(rs.lang, "vulnpos.no_position")}}}
	for _, pos := range positions {
		v := strconv.FormatInt(pos.ID, 10)
		p.Positions = append(p.Positions, option{Value: v, Label: pos.Ref + " " + pos.Title, Selected: v == f.Values.Get("position")})
	}
	for _, a := range domain.VulnActivities {
		sel := f.Values.Get("a_" + string(a))
		if sel == "" {
			sel = string(domain.VulnLevelNone)
		}
		p.Activities = append(p.Activities, vulnposActivityField{Name: "a_" + string(a), Label: "vulnpos.activity." + string(a),
			Options: s.options(rs.lang, "vulnpos.level.", domain.Strings(domain.VulnLevels), sel)})
	}
	for _, m := range domain.ControlMeasures {
		p.Measures = append(p.Measures, vulnposMeasureField{Code: string(m), Label: "vulnpos.measure." + string(m), Checked: f.Values.Get("m_"+string(m)) == "1"})
	}
	title := s.cat.T(rs.lang, "vulnpos.new")
	if id != 0 {
		title = s.cat.T(rs.lang, "vulnpos.edit")
	}
	s.render(w, r, status, "vulnpos_form", title, p)
	return nil
}

// parseVulnpos reads the form: its parse errors (dates, the position)
// followed by every problem the domain's check finds.
func parseVulnpos(f *form) (*domain.VulnerablePosition, []error) {
	v := f.Values
	out := &domain.VulnerablePosition{Ref: v.Get("ref"), Name: v.Get("name"), Levels: map[domain.VulnActivity]domain.VulnLevel{}}
	var errs []error
	if p := v.Get("position"); p != "" {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil || id <= 0 {
			errs = append(errs, domain.FieldError("position", "err.choice_invalid"))
		}
		out.PositionID = id
	}
	day := func(field string) *time.Time {
		t, err := parseDayStart(field, v.Get(field))
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if t.IsZero() {
			return nil
		}
		return &t
	}
	out.LastReview, out.NextReview = day("last_review"), day("next_review")
	for _, a := range domain.VulnActivities {
		if l := v.Get("a_" + string(a)); l != "" {
			out.Levels[a] = domain.VulnLevel(l)
		}
	}
	for _, m := range domain.ControlMeasures {
		if v.Get("m_"+string(m)) != "1" {
			continue
		}
		out.Measures = append(out.Measures, domain.VulnerableMeasure{Measure: m, Owner: v.Get("m_" + string(m) + "_owner"),
			ReviewOn: day("m_" + string(m) + "_review")})
	}
	check := *out
	check.Levels = map[domain.VulnActivity]domain.VulnLevel{}
	for k, l := range out.Levels {
		check.Levels[k] = l
	}
	check.Measures = append([]domain.VulnerableMeasure(nil), out.Measures...)
	errs = append(errs, check.Check()...)
	return out, errs
}

func (s *Server) saveVulnpos(w http.ResponseWriter, r *http.Request, id int64, done string) error {
	rs := state(r)
	f := newForm(r)
	v, errs := parseVulnpos(f)
	if len(errs) == 0 {
		v.ID = id
		if err := s.store.SaveVulnerablePosition(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, v); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		if f.Error == "" {
			f.Error = s.cat.T(rs.lang, "vulnpos.check_fields")
		}
		return s.renderVulnposForm(w, r, statusFor[domain.ErrorCode(errs[0])], id, f, nil)
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("vulnerable-positions?done=%s#vp-%d", done, v.ID)))
	return nil
}

func (s *Server) vulnposCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveVulnpos(w, r, 0, "created")
}

func (s *Server) vulnposUpdate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := acPathID(r, "err.vulnpos_not_found")
	if err != nil {
		return err
	}
	if _, err := s.store.VulnerablePosition(r.Context(), rs.org.ID, id); err != nil {
		return err
	}
	return s.saveVulnpos(w, r, id, "saved")
}

func (s *Server) vulnposDelete(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := acPathID(r, "err.vulnpos_not_found")
	if err != nil {
		return err
	}
	v, err := s.store.VulnerablePosition(r.Context(), rs.org.ID, id)
	if err != nil {
		return err
	}
	del := newForm(r)
	if del.Values.Get("confirm") != "1" {
		del.Errors["confirm"] = s.cat.T(rs.lang, "err.vulnpos_delete_confirm")
		return s.renderVulnposForm(w, r, http.StatusBadRequest, id, vulnposValues(v), del)
	}
	if err := s.store.DeleteVulnerablePosition(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "vulnerable-positions?done=deleted"))
	return nil
}
