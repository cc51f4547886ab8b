package web

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The report page: everything a handler knows of a report, and a form for
// each step the report's state allows. Each form is a plain POST; a refused
// one shows this page again with the message at that form and nothing
// changed.

// reportView is what report_view.html receives.
type reportView struct {
	R           *domain.Report
	Channel     string
	Oral        bool
	Ack         caseDeadline
	Feedback    caseDeadline
	Timeline    []timelineEntry
	Messages    []domain.Message
	Attachments []domain.Attachment
	// MetaLines says per reporter's attachment what was done with its
	// metadata (kinds, never values), by attachment id.
	MetaLines  map[int64]string
	Handlers   []handlerChoice // the channel's handlers, checked when assigned
	Assigned   []string        // names of the assignees
	Links      []linkedReport
	Requests   []domain.IdentityRequest // identity requests about this report
	MyPending  bool                     // the user's own request waits for a custodian
	Notice     string
	SuggestIn  string // the language of the feedback suggestion
	SuggestAlt string // the other language, for the link to its suggestion

	Categories     []option
	OwnCategories  []option // the organisation's own categories, "" when it has none
	Outcomes       []option
	Measures       []option
	Investigations []option
	Referrals      []option
	StopReasons    []option
	Bases          []option

	CanAck, CanMessage, CanFeedback, CanNote, CanMinutes    bool
	CanAllegation, CanOutcome, CanMeasure, CanInvestigation bool
	CanReferral, CanAssign, CanLink, CanIdentity, CanClose  bool
	OpenAllegations                                         int

	failed   string // the form that was refused, if any
	failForm *form
	// failedHeading heads the error summary (case.failed).
	failedHeading string
	defaults      map[string]url.Values
	lang          string
}

// handlerChoice is one checkbox of the assignees.
type handlerChoice struct {
	ID      int64
	Name    string
	Checked bool
}

type linkedReport struct {
	ID     int64
	Number string
}

type timelineEntry struct {
	At     time.Time
	Actor  string
	Text   string
	Detail string
}

// Form returns the named form: the refused one with what the person typed
// and the messages, or a fresh one with the current values as defaults.
func (v *reportView) Form(name string) *form {
	if name == v.failed && v.failForm != nil {
		return v.failForm
	}
	vals := url.Values{}
	for k, vs := range v.defaults[name] {
		vals[k] = slices.Clone(vs)
	}
	return &form{Values: vals, Errors: map[string]string{}}
}

// SummaryHeading heads the error summary of a refused form: nothing in
// the report was changed.
func (v *reportView) SummaryHeading() string { return v.failedHeading }

// refusal is the refused form's message and the id of its section, for the
// error summary when the form is not on the page (an outcome before the
// acknowledgement): its own message, or the first at one of its fields.
func (v *reportView) refusal() (msg, anchor string) {
	f := v.failForm
	if f == nil {
		return "", ""
	}
	anchor = "form-" + v.failed
	if strings.HasPrefix(v.failed, "outcome-") {
		anchor = "allegations"
	}
	if f.Error != "" {
		return f.Error, anchor
	}
	keys := slices.Sorted(maps.Keys(f.Errors))
	if len(keys) > 0 {
		return f.Errors[keys[0]], anchor
	}
	return "", ""
}

// Paras splits a text into paragraphs of lines, so that what someone wrote
// keeps its shape without any HTML of theirs.
func (v *reportView) Paras(text string) [][]string {
	var out [][]string
	for p := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.Trim(p, "\n"); p != "" {
			out = append(out, strings.Split(p, "\n"))
		}
	}
	return out
}

// Inc counts from one, for numbered headings.
func (v *reportView) Inc(i int) int { return i + 1 }

// Size says how big a file is, in kB or MB.
func (v *reportView) Size(n int64) string {
	if n < 1000*1000 {
		return strconv.FormatInt((n+999)/1000, 10) + " kB"
	}
	mb := strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)
	if v.lang == "nl" {
		mb = strings.Replace(mb, ".", ",", 1)
	}
	return mb + " MB"
}

// Selected returns opts with the value the named form holds for field
// marked as selected.
func (v *reportView) Selected(opts []option, f *form, field string) []option {
	cur := f.Values.Get(field)
	out := slices.Clone(opts)
	for i := range out {
		out[i].Selected = out[i].Value == cur
	}
	return out
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	id, err := casePathID(r, "id")
	if err != nil {
		return err
	}
	notice := ""
	if done := r.URL.Query().Get("done"); done != "" && s.cat.Has("case.done_"+done) {
		notice = s.cat.T(state(r).lang, "case.done_"+done)
	}
	return s.renderReport(w, r, http.StatusOK, id, notice, "", nil)
}

// feedbackLangs are the languages a feedback suggestion can be had in.
var feedbackLangs = []string{"nl", "en"}

// renderReport shows the report page; failed names a refused form and f
// holds its input and messages.
func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, id int64, notice, failed string, f *form) error {
	rs := state(r)
	ctx := r.Context()
	kr, err := s.keyring(r)
	if err != nil {
		return err
	}
	rep, err := s.store.OpenReport(ctx, store.UserActor(rs.user, rs.session.ID), rs.org.ID, id, kr)
	if err != nil {
		return err
	}
	v, err := s.buildReportView(ctx, rs, rep, kr)
	if err != nil {
		return err
	}
	v.Notice, v.failed, v.failForm = notice, failed, f
	v.failedHeading = s.cat.T(rs.lang, "case.failed")
	v.SuggestIn = r.URL.Query().Get("suggest")
	if !slices.Contains(feedbackLangs, v.SuggestIn) {
		v.SuggestIn = reporterLang(rep, rs.lang)
	}
	v.SuggestAlt = feedbackLangs[0]
	if v.SuggestIn == v.SuggestAlt {
		v.SuggestAlt = feedbackLangs[1]
	}
	v.defaults["feedback"] = url.Values{"message": {s.feedbackSuggestion(v.SuggestIn, rep)}}
	s.render(w, r, status, "report_view", s.cat.T(rs.lang, "case.title", rep.Number), v)
	return nil
}

func (s *Server) buildReportView(ctx context.Context, rs *requestState, rep *domain.Report, kr store.Keyring) (*reportView, error) {
	lang := rs.lang
	v := &reportView{R: rep, lang: lang, Oral: slices.Contains(oralEntrySources, rep.Source)}
	now := s.store.Now()
	v.Ack, v.Feedback = caseDeadlines(rep, now)
	v.Messages, v.Attachments = rep.Messages, rep.Attachments
	v.MetaLines = map[int64]string{}
	for _, a := range rep.Attachments {
		if a.FromReporter {
			v.MetaLines[a.ID] = s.metaLine(lang, a.Meta)
		}
	}
	users, err := s.store.Users(ctx, rs.org.ID)
	if err != nil {
		return nil, err
	}
	byName, byID := map[string]string{}, map[int64]string{}
	for _, u := range users {
		byName[u.Username], byID[u.ID] = u.DisplayName, u.DisplayName
	}
	chans, err := s.store.Channels(ctx, rs.org.ID)
	if err != nil {
		return nil, err
	}
	assigned, err := s.store.Assignees(ctx, rep.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range chans {
		if c.ID != rep.ChannelID {
			continue
		}
		v.Channel = c.Name(lang)
		for _, uid := range c.Handlers {
			v.Handlers = append(v.Handlers, handlerChoice{ID: uid, Name: byID[uid], Checked: slices.Contains(assigned, uid)})
		}
	}
	for _, uid := range assigned {
		v.Assigned = append(v.Assigned, byID[uid])
	}
	links, err := s.store.LinkedReports(ctx, rep.ID)
	if err != nil {
		return nil, err
	}
	for lid, n := range links {
		v.Links = append(v.Links, linkedReport{ID: lid, Number: n})
	}
	slices.SortFunc(v.Links, func(a, b linkedReport) int { return strings.Compare(a.Number, b.Number) })
	reqs, err := s.store.ReportIdentityRequests(ctx, rs.org.ID, rep.ID)
	if err != nil {
		return nil, err
	}
	approved := false
	for _, q := range reqs {
		v.Requests = append(v.Requests, q)
		if q.RequestedBy == rs.user.ID {
			v.MyPending = v.MyPending || q.Status == domain.IdentityRequestStatusPending
			approved = approved || q.Status == domain.IdentityRequestStatusApproved
		}
	}
	events, err := s.store.Timeline(ctx, rs.org.ID, rs.user.ID, rep.ID)
	if err != nil {
		return nil, err
	}
	allegations := map[string]string{}
	for i, a := range rep.Allegations {
		label := a.OwnLabel
		if label == "" {
			label = s.cat.T(lang, "case.category."+string(a.Category))
		}
		allegations[strconv.FormatInt(a.ID, 10)] = s.cat.T(lang, "case.event_allegation", i+1, label)
	}
	for _, e := range events {
		te := s.timelineEntry(lang, e, byName, byID)
		if code, id, ok := strings.Cut(e.Detail, " "); ok && e.Kind == domain.EventKindOutcome && allegations[id] != "" {
			te.Detail = s.cat.T(lang, "case.outcome."+code) + " (" + allegations[id] + ")"
		}
		v.Timeline = append(v.Timeline, te)
	}

	for _, a := range rep.Allegations {
		if a.Outcome == "" {
			v.OpenAllegations++
		}
	}
	open, acked := rep.State != domain.StateClosed, rep.State == domain.StateAcknowledged
	v.CanAck = rep.State == domain.StateReceived
	v.CanMessage, v.CanMinutes, v.CanAllegation, v.CanAssign = open, open && v.Oral, open, open
	v.CanFeedback = acked
	v.CanOutcome, v.CanMeasure, v.CanInvestigation, v.CanReferral, v.CanClose = acked, acked, acked, acked, acked
	v.CanNote, v.CanLink = true, true
	v.CanIdentity = rep.HasIdentity && !v.MyPending && !approved

	v.Categories = s.options(lang, "case.category.", domain.Strings(domain.Categories), "")
	own, err := s.store.OwnCategoryChoices(ctx, rs.org.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range own {
		v.OwnCategories = append(v.OwnCategories, option{Value: strconv.FormatInt(c.ID, 10),
			Label: c.Label + " (" + s.cat.T(lang, "case.category."+string(c.Category)) + ")"})
	}
	v.Outcomes = s.options(lang, "case.outcome.", domain.Strings(domain.Outcomes), "")
	v.Measures = s.options(lang, "case.measure.", domain.Strings(domain.MeasureKinds), "")
	v.Investigations = s.options(lang, "case.investigation.", domain.Strings(domain.Investigations), "")
	v.Referrals = append([]option{{Value: "", Label: s.cat.T(lang, "case.referral_none")}},
		s.options(lang, "case.referral.", domain.Strings(domain.Referrals), "")...)
	v.Bases = s.options(lang, "case.basis.", domain.Strings(domain.DisclosureBases), "")
	v.StopReasons = s.options(lang, "case.stop_reason.", domain.Strings(domain.StopReasons), "")

	v.defaults = map[string]url.Values{
		"ack":           {"message": {s.cat.T(reporterLang(rep, lang), "case.ack_default", caseDate(rep.ReceivedAt), caseDate(domain.FeedbackDue(rep.ReceivedAt, &now)))}},
		"investigation": {"investigation": {string(rep.Investigation)}, "investigator": {caseInvestigator(rep)}},
		"referral":      {"referred_to": {string(rep.ReferredTo)}, "referred_name": {caseReferredName(rep)}},
		"subject":       {"subject": {rep.Subject}},
	}
	for _, a := range rep.Allegations {
		v.defaults["outcome-"+strconv.FormatInt(a.ID, 10)] = url.Values{"outcome": {string(a.Outcome)}, "note": {a.OutcomeNote},
			"referred_to": {string(rep.ReferredTo)}, "referred_name": {caseReferredName(rep)}, "stop_reason": {string(a.StopReason)}}
	}
	return v, nil
}

// reporterLang is the language the reporter filed in, for the texts the
// page suggests to send them; fallback when it is not known.
func reporterLang(rep *domain.Report, fallback string) string {
	if rep.Content != nil && slices.Contains(feedbackLangs, rep.Content.Lang) {
		return rep.Content.Lang
	}
	return fallback
}

// feedbackSuggestion is a text for the feedback to the reporter, in lang,
// for the coordinator to edit: a paragraph per outcome the allegations
// have (or one for an assessment still running), naming no category,
// person or measure.
func (s *Server) feedbackSuggestion(lang string, rep *domain.Report) string {
	paras := []string{s.cat.T(lang, "case.feedback_suggest_intro", caseDate(rep.ReceivedAt), rep.Number)}
	found := false
	for _, o := range domain.Outcomes {
		if slices.ContainsFunc(rep.Allegations, func(a domain.Allegation) bool { return a.Outcome == o }) {
			paras = append(paras, s.cat.T(lang, "case.feedback_suggest."+string(o)))
			found = true
		}
	}
	if !found || slices.ContainsFunc(rep.Allegations, func(a domain.Allegation) bool { return a.Outcome == "" }) {
		paras = append(paras, s.cat.T(lang, "case.feedback_suggest.open"))
	}
	paras = append(paras, s.cat.T(lang, "case.feedback_suggest_privacy"), s.cat.T(lang, "case.feedback_suggest_close"))
	return strings.Join(paras, "\n\n")
}

func caseReferredName(r *domain.Report) string {
	if r.Content == nil {
		return ""
	}
	return r.Content.ReferredName
}

func caseInvestigator(r *domain.Report) string {
	if r.Content == nil {
		return ""
	}
	return r.Content.Investigator
}

// caseDate shows the day t falls on in Amsterdam (the zero time as ever as
// 01-01-0001, unlike Date.Display).
func caseDate(t time.Time) string { return t.In(amsterdam).Format(domain.DisplayLayout) }

// timelineEntry words one event: the kind from the catalogue, and the
// detail as the label of the code it carries where there is one.
func (s *Server) timelineEntry(lang string, e store.Event, byName map[string]string, byID map[int64]string) timelineEntry {
	te := timelineEntry{At: e.At, Actor: e.Actor}
	switch {
	case e.Actor == store.Reporter.Name:
		te.Actor = s.cat.T(lang, "case.the_reporter")
	case byName[e.Actor] != "":
		te.Actor = byName[e.Actor]
	}
	te.Text = string(e.Kind)
	if key := "case.event." + string(e.Kind); s.cat.Has(key) {
		te.Text = s.cat.T(lang, key)
	}
	family := map[domain.EventKind]string{domain.EventKindReceived: "case.source.", domain.EventKindAllegation: "case.category.",
		domain.EventKindOutcome: "case.outcome.", domain.EventKindMeasure: "case.measure.", domain.EventKindInvestigation: "case.investigation.",
		domain.EventKindReferred: "case.referral.", domain.EventKindIdentityRequested: "case.basis.", domain.EventKindMarked: "cases.mark."}[e.Kind]
	switch {
	case e.Detail == "":
	case family != "" && s.cat.Has(family+e.Detail):
		te.Detail = s.cat.T(lang, family+e.Detail)
	case e.Kind == domain.EventKindMessage && e.Detail == "feedback":
		te.Detail = s.cat.T(lang, "case.event_feedback")
	case e.Kind == domain.EventKindAssigned || e.Kind == domain.EventKindAccessRecovered:
		var names []string
		for f := range strings.FieldsSeq(strings.Trim(e.Detail, "[]")) {
			if id, err := strconv.ParseInt(f, 10, 64); err == nil && byID[id] != "" {
				names = append(names, byID[id])
			}
		}
		te.Detail = strings.Join(names, ", ")
	case e.Kind == domain.EventKindReporterMessage:
		var n int
		if _, err := fmt.Sscanf(e.Detail, "%d files", &n); err == nil && n > 0 {
			te.Detail = s.cat.T(lang, "case.event_files", n)
		}
	case e.Kind == domain.EventKindLinked:
		te.Detail = e.Detail
	}
	return te
}
