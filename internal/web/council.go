package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Political and administrative integrity (politiek-bestuurlijke
// integriteit), for the council clerk (griffie): councillors' integrity
// questions, screenings of candidates and the codes of conduct. The
// overview shows a year's figures and the three registers; each register
// has its own list to sort and export. The forms are in council_forms.go.

// councilSection is one register as a table: on the overview, or alone on
// its own list.
type councilSection struct {
	Slug      string // questions, screenings, codes
	Caption   string
	Headers   []acHeader
	Rows      []councilRow
	CSV, XLSX string
	Empty     string
}

// councilRow is one record: its cells as shown and exported (the first
// links to the record), and the values it sorts by.
type councilRow struct {
	ID    int64
	Cells []string
	keys  map[string]string
	day   time.Time
	dayAt int // the index of the cell that shows day
}

type councilPage struct {
	Single   bool // one register's list, not the overview
	Year     int  // 0: all years (codes only)
	Years    []option
	Counts   domain.CouncilCounts
	Outcomes []acCount
	Sections []councilSection
	Notice   string
}

func (s *Server) councilOverview(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	q := r.URL.Query()
	year := s.yearQuery(q, false)
	counts, err := s.store.CouncilCounts(ctx, rs.org.ID, year)
	if err != nil {
		return err
	}
	years, err := s.store.CouncilYears(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	p := councilPage{Year: year, Years: s.yearOptions(rs.lang, years, year, "all", ""), Counts: counts, Notice: s.acDone(r, "council.done_")}
	for _, o := range domain.ScreeningOutcomes {
		p.Outcomes = append(p.Outcomes, acCount{Label: s.cat.T(rs.lang, "council.outcome."+string(o)), N: counts.ScreeningsByOutcome[string(o)]})
	}
	sq := url.Values{"year": {strconv.Itoa(year)}}
	for _, slug := range []string{"questions", "screenings", "codes"} {
		v := sq
		if slug == "codes" {
			v = url.Values{"year": {"all"}} // every version, with its state at the end of the year
		}
		only := year
		if slug == "codes" {
			only = 0
		}
		sec, err := s.councilSection(ctx, rs, slug, only, year, v, acSort{Key: "date"}, false)
		if err != nil {
			return err
		}
		p.Sections = append(p.Sections, sec)
	}
	s.render(w, r, http.StatusOK, "council", s.cat.T(rs.lang, "council.title_year", year), p)
	return nil
}

var councilSortKeys = map[string][]string{
	"questions":  {"date", "mayor", "inquiry", "topic"},
	"screenings": {"reference", "date", "role", "performed_by", "outcome"},
	"codes":      {"title", "body", "version", "date", "status"},
}

// councilList shows one register for a year (the codes: for all years by
// default), sorted as asked, or exports it.
func (s *Server) councilList(slug string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		rs := state(r)
		ctx := r.Context()
		q := r.URL.Query()
		year := s.yearQuery(q, slug == "codes")
		sort := acSortOf(q, councilSortKeys[slug], "date")
		q = acQuery(q) // the links name the year shown, also when the page chose it
		if year == 0 {
			q.Set("year", "all")
		} else {
			q.Set("year", strconv.Itoa(year))
		}
		sec, err := s.councilSection(ctx, rs, slug, year, year, q, sort, true)
		if err != nil {
			return err
		}
		if format := exportFormat(r); format != "" {
			detail := fmt.Sprintf("%s year=%d rows=%d", format, year, len(sec.Rows))
			if err := s.store.Audit(ctx, store.UserActor(rs.user, rs.session.ID), "council."+slug+"_export", "council", nil, detail); err != nil {
				return err
			}
			return s.export(w, format, s.councilTable(rs.lang, slug, year, sec))
		}
		years, err := s.store.CouncilYears(ctx, rs.org.ID)
		if err != nil {
			return err
		}
		allKey := ""
		if slug == "codes" {
			allKey = "council.all_years"
		}
		p := councilPage{Single: true, Year: year, Years: s.yearOptions(rs.lang, years, year, "all", allKey),
			Sections: []councilSection{sec}, Notice: s.acDone(r, "council.done_")}
		title := s.cat.T(rs.lang, "council."+slug+"_title")
		if year != 0 {
			title += " " + strconv.Itoa(year)
		}
		s.render(w, r, http.StatusOK, "council", title, p)
		return nil
	}
}

// councilSection loads a register's records of year (0: all) and lays
// them out. The codes' state (in force, superseded) is as at the end of
// stateYear (0 or a year not yet over: today). q holds the filters the
// sort links keep; sortable says whether the headers sort this list (on
// the overview they open the register's own list instead).
func (s *Server) councilSection(ctx context.Context, rs *requestState, slug string, year, stateYear int, q url.Values,
	sort acSort, sortable bool) (councilSection, error) {
	lang := rs.lang
	base := s.orgURL(rs.org, "council/"+slug)
	sec := councilSection{Slug: slug, CSV: acExportLink(base, q, "csv"), XLSX: acExportLink(base, q, "xlsx")}
	var cols []acColumn
	col := func(key, label string) { cols = append(cols, acColumn{Key: key, Label: s.cat.T(lang, label)}) }
	switch slug {
	case "questions":
		list, err := s.store.CouncilQuestions(ctx, rs.org.ID, year)
		if err != nil {
			return sec, err
		}
		col("date", "council.q_date")
		col("mayor", "council.q_mayor")
		col("inquiry", "council.q_inquiry")
		col("topic", "council.q_topic")
		for _, x := range list {
			topic := s.cat.T(lang, "council.no_topic")
			if x.Topic != "" {
				topic = s.cat.T(lang, "council.topic."+string(x.Topic))
			}
			mayor, inquiry := s.councilYesNo(lang, x.MayorConversation), s.councilYesNo(lang, x.PreliminaryInquiry)
			sec.Rows = append(sec.Rows, councilRow{ID: x.ID, day: x.Date,
				Cells: []string{caseDate(x.Date), mayor, inquiry, topic},
				keys:  map[string]string{"mayor": mayor, "inquiry": inquiry, "topic": topic}})
		}
		sec.Caption = s.cat.T(lang, "council.questions_caption", year)
		sec.Empty = s.cat.T(lang, "council.questions_empty", year)
	case "screenings":
		list, err := s.store.Screenings(ctx, rs.org.ID, year)
		if err != nil {
			return sec, err
		}
		col("reference", "council.s_reference")
		col("date", "council.s_date")
		col("role", "council.s_role")
		col("performed_by", "council.s_performed_by")
		col("outcome", "council.s_outcome")
		for _, x := range list {
			role, outcome := s.cat.T(lang, "council.role."+string(x.CandidateRole)), s.cat.T(lang, "council.outcome."+string(x.Outcome))
			sec.Rows = append(sec.Rows, councilRow{ID: x.ID, day: x.Date, dayAt: 1,
				Cells: []string{x.Reference, caseDate(x.Date), role, x.PerformedBy, outcome},
				keys:  map[string]string{"reference": x.Reference, "role": role, "performed_by": x.PerformedBy, "outcome": outcome}})
		}
		sec.Caption = s.cat.T(lang, "council.screenings_caption", year)
		sec.Empty = s.cat.T(lang, "council.screenings_empty", year)
	case "codes":
		all, err := s.store.ConductCodes(ctx, rs.org.ID, 0)
		if err != nil {
			return sec, err
		}
		// The state of each version on a day: the end of the chosen year,
		// or today when that is earlier or no year was chosen.
		on := domain.Day(s.store.Now())
		if stateYear != 0 {
			if _, end := domain.YearBounds(stateYear); end.Before(on) {
				on = end.Add(-time.Hour)
			}
		}
		states := conductStates(all, on)
		col("title", "council.c_title")
		col("body", "council.c_body")
		col("version", "council.c_version")
		col("date", "council.c_adopted_on")
		cols = append(cols, acColumn{Label: s.cat.T(lang, "council.c_published_at")})
		col("status", "council.c_status")
		for _, x := range all {
			if year != 0 && x.AdoptedOn.In(amsterdam).Year() != year {
				continue
			}
			body, st := s.cat.T(lang, "council.body."+string(x.Body)), s.cat.T(lang, "council.code_state."+states[x.ID])
			sec.Rows = append(sec.Rows, councilRow{ID: x.ID, day: x.AdoptedOn, dayAt: 3,
				Cells: []string{x.Title, body, x.Version, caseDate(x.AdoptedOn), x.PublishedAt, st},
				keys:  map[string]string{"title": x.Title, "body": body, "version": x.Version, "status": st}})
		}
		if year != 0 {
			sec.Caption = s.cat.T(lang, "council.codes_caption_year", year, caseDate(on))
			sec.Empty = s.cat.T(lang, "council.codes_empty_year", year)
		} else {
			sec.Caption = s.cat.T(lang, "council.codes_caption", caseDate(on))
			sec.Empty = s.cat.T(lang, "council.codes_empty")
		}
	}
	sortCouncilRows(sec.Rows, sort)
	if sortable {
		sec.Headers = acHeaders(base, q, cols, sort)
	} else {
		// On the overview a header opens the register's list sorted by it.
		sec.Headers = acHeaders(base, q, cols, acSort{})
	}
	return sec, nil
}

// sortCouncilRows orders rows by the sort's column, ties by date.
func sortCouncilRows(rows []councilRow, st acSort) {
	slices.SortStableFunc(rows, func(a, b councilRow) int {
		c := 0
		if st.Key != "date" {
			c = cmp.Compare(a.keys[st.Key], b.keys[st.Key])
		}
		if c == 0 {
			c = acCmpDays(a.day, b.day, a.ID, b.ID)
			if st.Key != "date" {
				return c // ties stay chronological whatever the direction
			}
		}
		if st.Desc {
			c = -c
		}
		return c
	})
}

// conductStates tells for each version of the codes whether it was in
// force on the day, superseded by then, or adopted later: per body the
// version adopted last on or before the day is in force.
func conductStates(all []domain.ConductCode, on time.Time) map[int64]string {
	out := map[int64]string{}
	current := map[string]domain.ConductCode{}
	for _, c := range all { // oldest first
		if domain.Day(c.AdoptedOn).After(domain.Day(on)) {
			out[c.ID] = "later"
			continue
		}
		if prev, ok := current[string(c.Body)]; ok {
			out[prev.ID] = "superseded"
		}
		current[string(c.Body)] = c
		out[c.ID] = "in_force"
	}
	return out
}

func (s *Server) councilYesNo(lang string, b bool) string {
	if b {
		return s.cat.T(lang, "council.yes")
	}
	return s.cat.T(lang, "council.no")
}

// councilTable is a register as exported: the list's columns and rows, in
// the same order. A screening's note is never exported.
func (s *Server) councilTable(lang, slug string, year int, sec councilSection) table {
	name, title := s.cat.T(lang, "council."+slug+"_export_name"), s.cat.T(lang, "council."+slug+"_title")
	if year != 0 {
		name += "-" + strconv.Itoa(year)
		title += " " + strconv.Itoa(year)
	}
	t := table{Name: name, Title: title}
	for _, h := range sec.Headers {
		t.Headers = append(t.Headers, h.Label)
	}
	for _, row := range sec.Rows {
		cells := make([]any, len(row.Cells))
		for i, c := range row.Cells {
			cells[i] = c
		}
		cells[row.dayAt] = dayCell(row.day)
		t.Rows = append(t.Rows, cells)
	}
	return t
}
