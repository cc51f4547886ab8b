package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Advice requests (adviesvragen): questions to the reporting point that are
// not reports, kept by the coordinators and counted in the annual report.
// The optional summary is sealed; the edit page opens it with the
// coordinator's key (an audited read), and lists and exports never show it.

type adviceListPage struct {
	Rows      []adviceRow
	Years     []option
	Topics    []option
	States    []option
	Sorts     []option
	Heads     []string // the topics' labels, for the counts table
	Counts    []adviceCountRow
	Notice    string
	ExportCSV string
	ExportXLS string
}

type adviceRow struct {
	A         *domain.AdviceRequest
	Topic     string
	Requester string
}

type adviceCountRow struct {
	Year     int
	ByTopic  []int // in the order of domain.AdviceTopics
	Total    int
	Open     int
	Answered int
}

// adviceFilter reads the list's filters from the query; anything unknown
// is ignored, so a hand-edited address shows the full list.
func adviceFilter(q url.Values) store.AdviceFilter {
	f := store.AdviceFilter{Year: domain.FilterYear(q.Get("year")), Topic: q.Get("topic"), State: q.Get("state"), Sort: q.Get("sort")}
	if !slices.Contains(domain.AdviceTopics, domain.AdviceTopic(f.Topic)) {
		f.Topic = ""
	}
	if !slices.Contains(store.AdviceStates, f.State) {
		f.State = ""
	}
	if !slices.Contains(store.AdviceSorts, f.Sort) {
		f.Sort = "date"
	}
	return f
}

func (s *Server) adviceList(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	q := r.URL.Query()
	f := adviceFilter(q)
	list, err := s.store.AdviceRequests(ctx, rs.org.ID, f)
	if err != nil {
		return err
	}
	if format := exportFormat(r); format != "" {
		return s.adviceExport(w, r, format, f, list)
	}
	counts, err := s.store.AdviceCountsByYear(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	p := adviceListPage{
		Topics: append([]option{{Value: "", Label: s.cat.T(rs.lang, "advice.all_topics")}},
			s.options(rs.lang, "advice.topic.", domain.Strings(domain.AdviceTopics), f.Topic)...),
		States: append([]option{{Value: "", Label: s.cat.T(rs.lang, "advice.state_all")}},
			s.options(rs.lang, "advice.state_", store.AdviceStates, f.State)...),
		Sorts:     s.options(rs.lang, "advice.sort_", store.AdviceSorts, f.Sort),
		ExportCSV: s.exportURL(rs.org, "advice", q, "csv"),
		ExportXLS: s.exportURL(rs.org, "advice", q, "xlsx"),
	}
	if d := q.Get("done"); slices.Contains([]string{"created", "saved", "deleted"}, d) {
		p.Notice = s.cat.T(rs.lang, "advice.done_"+d)
	}
	var years []int
	for _, c := range counts {
		years = append(years, c.Year)
		row := adviceCountRow{Year: c.Year, Total: c.Total, Open: c.Open, Answered: c.Answered}
		for _, t := range domain.AdviceTopics {
			row.ByTopic = append(row.ByTopic, c.ByTopic[string(t)])
		}
		p.Counts = append(p.Counts, row)
	}
	p.Years = s.yearOptions(rs.lang, years, f.Year, "", "advice.all_years")
	for _, t := range domain.AdviceTopics {
		p.Heads = append(p.Heads, s.cat.T(rs.lang, "advice.topic."+string(t)))
	}
	for _, a := range list {
		p.Rows = append(p.Rows, adviceRow{A: a, Topic: s.cat.T(rs.lang, "advice.topic."+string(a.Topic)), Requester: s.adviceRequester(rs.lang, string(a.Requester))})
	}
	s.render(w, r, http.StatusOK, "advice", s.cat.T(rs.lang, "advice.title"), p)
	return nil
}

func (s *Server) adviceRequester(lang, code string) string {
	if code == "" {
		return s.cat.T(lang, "advice.requester_unknown")
	}
	return s.cat.T(lang, "advice.requester."+code)
}

// adviceExport sends the list as the page shows it, without summaries, and
// audits the export with its filters.
func (s *Server) adviceExport(w http.ResponseWriter, r *http.Request, format string, f store.AdviceFilter, list []*domain.AdviceRequest) error {
	rs := state(r)
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	t := table{Name: T("advice.export_name"), Title: T("advice.title"),
		Headers: []string{T("advice.received_on"), T("advice.topic"), T("advice.requester"), T("advice.answered_on"), T("advice.state")}}
	if f.Year != 0 {
		t.Name += "-" + strconv.Itoa(f.Year)
		t.Title += " " + strconv.Itoa(f.Year)
	}
	for _, a := range list {
		st := T("advice.state_open")
		if a.AnsweredOn != nil {
			st = T("advice.state_answered")
		}
		answered := optDayCell(a.AnsweredOn)
		t.Rows = append(t.Rows, []any{dayCell(a.ReceivedOn), T("advice.topic." + string(a.Topic)), s.adviceRequester(rs.lang, string(a.Requester)), answered, st})
	}
	detail := format + " year=" + strconv.Itoa(f.Year) + " topic=" + f.Topic + " state=" + f.State + " rows=" + strconv.Itoa(len(list))
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID).In(rs.org.ID), "advice.export", "advice_requests", "", detail); err != nil {
		return err
	}
	return s.export(w, format, t)
}

type adviceFormPage struct {
	Form       *form
	ID         int64 // 0 for a new request
	Topics     []option
	Requesters []option
	Hidden     bool // a summary exists that this page cannot show: it stays as it is
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (s *Server) adviceNew(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: url.Values{"received_on": {domain.Today(s.store.Now()).String()}}, Errors: map[string]string{}}
	return s.renderAdviceForm(w, r, http.StatusOK, adviceFormPage{Form: f})
}

func (s *Server) renderAdviceForm(w http.ResponseWriter, r *http.Request, status int, p adviceFormPage) error {
	rs := state(r)
	p.Topics = s.options(rs.lang, "advice.topic.", domain.Strings(domain.AdviceTopics), p.Form.Values.Get("topic"))
	p.Requesters = s.options(rs.lang, "advice.requester.", domain.Strings(domain.AdviceRequesters), p.Form.Values.Get("requester"))
	title := "advice.new"
	if p.ID != 0 {
		title = "advice.edit"
	}
	s.render(w, r, status, "advice_form", s.cat.T(rs.lang, title), p)
	return nil
}

// parseAdvice reads the form and returns every problem with it.
func (s *Server) parseAdvice(f *form) (*domain.AdviceRequest, []error) {
	v := f.Values
	a := &domain.AdviceRequest{Topic: domain.AdviceTopic(v.Get("topic")), Requester: domain.AdviceRequester(v.Get("requester")), Summary: v.Get("summary")}
	var errs []error
	if d, err := parseDayStart("received_on", v.Get("received_on")); err != nil {
		errs = append(errs, err)
	} else {
		a.ReceivedOn = d
	}
	if strings.TrimSpace(v.Get("answered_on")) != "" {
		if d, err := parseDayStart("answered_on", v.Get("answered_on")); err != nil {
			errs = append(errs, err)
		} else {
			a.AnsweredOn = &d
		}
	}
	if strings.TrimSpace(string(a.Requester)) == "" {
		errs = append(errs, domain.FieldError("requester", "advice.err_requester"))
	}
	return a, append(errs, a.Check(s.store.Now())...)
}

func (s *Server) adviceCreate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	a, errs := s.parseAdvice(f)
	if len(errs) == 0 {
		if err := s.store.CreateAdviceRequest(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, a); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderAdviceForm(w, r, http.StatusBadRequest, adviceFormPage{Form: f})
	}
	s.redirect(w, r, s.orgURL(rs.org, "advice?done=created"))
	return nil
}

// adviceID reads the request's number from the path; anything else is a
// request that does not exist.
func adviceID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "advice.err_not_found")
	}
	return id, nil
}

// adviceEdit shows a request with its summary, opened with the
// coordinator's key. Without a key that opens it, the page says so and
// saving keeps the summary unchanged.
func (s *Server) adviceEdit(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	id, err := adviceID(r)
	if err != nil {
		return err
	}
	a, err := s.store.AdviceRequest(ctx, rs.org.ID, id)
	if err != nil {
		return err
	}
	hidden := false
	if a.HasSummary {
		kr, kerr := s.keyring(r)
		if kerr != nil {
			hidden = true
		} else {
			opened, err := s.store.OpenAdviceRequest(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, id, kr)
			switch {
			case err == nil:
				a = opened
			case domain.ErrorCode(err) == domain.EFORBIDDEN:
				hidden = true
			default:
				return err
			}
		}
	}
	v := url.Values{"received_on": {domain.DateOf(a.ReceivedOn).String()}, "topic": {string(a.Topic)}, "requester": {string(a.Requester)}, "summary": {a.Summary}}
	if a.AnsweredOn != nil {
		v.Set("answered_on", domain.DateOf(*a.AnsweredOn).String())
	}
	return s.renderAdviceForm(w, r, http.StatusOK, adviceFormPage{Form: &form{Values: v, Errors: map[string]string{}}, ID: id,
		Hidden: hidden, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt})
}

func (s *Server) adviceUpdate(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	id, err := adviceID(r)
	if err != nil {
		return err
	}
	old, err := s.store.AdviceRequest(ctx, rs.org.ID, id)
	if err != nil {
		return err
	}
	f := newForm(r)
	keep := old.HasSummary && f.Values.Get("keep_summary") == "1"
	a, errs := s.parseAdvice(f)
	a.ID = id
	if len(errs) == 0 {
		if err := s.store.UpdateAdviceRequest(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, a, keep); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderAdviceForm(w, r, http.StatusBadRequest, adviceFormPage{Form: f, ID: id, Hidden: keep,
			CreatedAt: old.CreatedAt, UpdatedAt: old.UpdatedAt})
	}
	s.redirect(w, r, s.orgURL(rs.org, "advice?done=saved"))
	return nil
}

func (s *Server) adviceDelete(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := adviceID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteAdviceRequest(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "advice?done=deleted"))
	return nil
}
