package web

import (
	"cmp"
	"context"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/meldpunt"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// Case handling by the coordinators. Every report a page shows comes through
// a store method that checks the user handles its channel: for anyone else
// the report does not exist (404). The content is opened with the handler's
// key from their session (s.keyring); the list needs no key, it reads only
// the fields kept in the clear.

// deadline is one legal deadline of a report, with where it stands.
type caseDeadline struct {
	Due    time.Time
	Done   *time.Time
	Status domain.DeadlineStatus
}

// Badge is the status badge's modifier: colour supports the text, never
// replaces it.
func (d caseDeadline) Badge() string {
	switch d.Status {
	case domain.DeadlineOverdue:
		return "danger"
	case domain.DeadlineDueSoon, domain.DeadlineDoneLate:
		return "warning"
	case domain.DeadlineDone:
		return "success"
	}
	return "neutral"
}

// Open reports whether the deadline still waits for its act.
func (d caseDeadline) Open() bool { return d.Done == nil }

// deadlines computes the acknowledgement and feedback deadlines of r as seen
// at now.
func caseDeadlines(r *domain.Report, now time.Time) (ack, feedback caseDeadline) {
	ack = caseDeadline{Due: domain.AcknowledgementDue(r.ReceivedAt), Done: r.AcknowledgedAt}
	ack.Status = domain.StatusOf(ack.Due, ack.Done, now)
	feedback = caseDeadline{Due: domain.FeedbackDue(r.ReceivedAt, r.AcknowledgedAt), Done: r.FeedbackAt}
	feedback.Status = domain.StatusOf(feedback.Due, feedback.Done, now)
	return ack, feedback
}

// reportRow is one line of the report list.
type reportRow struct {
	R        *domain.Report
	Channel  string
	Ack      caseDeadline
	Feedback caseDeadline
	Next     *caseDeadline // the first deadline still open; nil when none is
	NoKey    bool          // the user holds no key for it (yet): see recovery

	Subject   string          // the coordinator's subject, opened with their key ("" when none)
	Category  domain.Category // the first allegation's category; "" while not assessed
	Assignees []string        // names

	// Text is what the report list's row shows, made by rowTexts (nil
	// elsewhere).
	Text *rowText
}

// rowText is the text of a row of the report list, translated and
// formatted in Go once per row: in the template these were about fifteen
// function calls a row (translations, printf, dates), each through
// reflection, most of what rendering a page of 100 rows cost.
type rowText struct {
	Choose    string // the checkbox's label
	Category  string // the first category, or "not assessed"
	Assignees string // the assignees' names, or "nobody"
	Received  string
	State     string
	Dismissed string // the marking, "" when none
	Ack       deadlineText
	Feedback  deadlineText

	// Cells are the row's last four cells (received, state, both
	// deadlines) as HTML, made by listCells from the fields above: the
	// template's ten actions for them were most of a row's rendering
	// (each action a call through reflection with its escaper).
	Cells template.HTML
}

// deadlineText is a deadline as the list shows it: the day, the badge's
// modifier and its text (the cw-badge partial's).
type deadlineText struct {
	Due, Badge, Status string
}

// rowTexts fills in the Text of each row, in lang.
func (s *Server) rowTexts(lang string, rows []reportRow) {
	deadline := func(d caseDeadline) deadlineText {
		return deadlineText{Due: domain.DateOf(d.Due).Display(), Badge: d.Badge(), Status: s.cat.T(lang, "case.deadline."+string(d.Status))}
	}
	for i := range rows {
		row := &rows[i]
		t := &rowText{
			Choose:    s.cat.T(lang, "cases.choose_report", row.R.Number),
			Category:  s.cat.T(lang, "cases.not_assessed"),
			Assignees: strings.Join(row.Assignees, ", "),
			Received:  domain.DateOf(row.R.ReceivedAt).Display(),
			State:     s.cat.T(lang, "case.state."+string(row.R.State)),
			Ack:       deadline(row.Ack),
			Feedback:  deadline(row.Feedback),
		}
		if row.Category != "" {
			t.Category = s.cat.T(lang, "case.category."+string(row.Category))
		}
		if len(row.Assignees) == 0 {
			t.Assignees = s.cat.T(lang, "cases.nobody")
		}
		if row.R.Dismissed != "" {
			t.Dismissed = s.cat.T(lang, "cases.mark."+string(row.R.Dismissed))
		}
		t.Cells = listCells(t)
		row.Text = t
	}
}

// listCells writes the row's cells from the received date to the feedback
// deadline as the report list's template wrote them, byte for byte:
//
//	<td class="utrecht-table__cell nowrap">{{.Received}}</td>
//	<td class="utrecht-table__cell">{{.State}}{{with .Dismissed}} <span class="utrecht-status-badge utrecht-status-badge--neutral">{{.}}</span>{{end}}</td>
//	<td class="utrecht-table__cell">{{.Ack.Due}} <span class="utrecht-status-badge utrecht-status-badge--{{.Ack.Badge}}">{{.Ack.Status}}</span></td>
//	<td class="utrecht-table__cell">{{.Feedback.Due}} <span class="utrecht-status-badge utrecht-status-badge--{{.Feedback.Badge}}">{{.Feedback.Status}}</span></td>
//
// Everything in them is the application's own: dates, the catalogue's
// words for a state, a marking and a deadline's status, and the badges'
// modifiers; nothing a person typed (the subject, names and the number
// stay actions of the template). Each value is still escaped, with
// html/template's own replacements (htmlText).
func listCells(t *rowText) template.HTML {
	var b strings.Builder
	b.Grow(512)
	b.WriteString(`<td class="utrecht-table__cell nowrap">`)
	htmlText.WriteString(&b, t.Received)
	b.WriteString("</td>\n<td class=\"utrecht-table__cell\">")
	htmlText.WriteString(&b, t.State)
	if t.Dismissed != "" {
		b.WriteString(` <span class="utrecht-status-badge utrecht-status-badge--neutral">`)
		htmlText.WriteString(&b, t.Dismissed)
		b.WriteString(`</span>`)
	}
	for _, d := range [2]deadlineText{t.Ack, t.Feedback} {
		b.WriteString("</td>\n<td class=\"utrecht-table__cell\">")
		htmlText.WriteString(&b, d.Due)
		b.WriteString(` <span class="utrecht-status-badge utrecht-status-badge--`)
		htmlText.WriteString(&b, d.Badge)
		b.WriteString(`">`)
		htmlText.WriteString(&b, d.Status)
		b.WriteString(`</span>`)
	}
	b.WriteString(`</td>`)
	return template.HTML(b.String())
}

// htmlText escapes a value as html/template escapes one in text or in a
// quoted attribute (its htmlEscaper and attrEscaper on a plain string):
// the same seven replacements, so that listCells writes what the template
// wrote. TestListCellsAsTheTemplate checks it against html/template.
var htmlText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// urgency orders rows: overdue, due soon, other open deadlines, none.
func (row reportRow) urgency() int { return urgencyOf(row.Next) }

// urgencyOf is the urgency of a report whose first open deadline is next
// (nil: none).
func urgencyOf(next *caseDeadline) int {
	switch {
	case next == nil:
		return 3
	case next.Status == domain.DeadlineOverdue:
		return 0
	case next.Status == domain.DeadlineDueSoon:
		return 1
	}
	return 2
}

// firstOpen is the first deadline still open, nil when none is. The
// acknowledgement always falls before the feedback, so the first open
// deadline is the most urgent one.
func firstOpen(ack, feedback *caseDeadline) *caseDeadline {
	if ack.Open() {
		return ack
	}
	if feedback.Open() {
		return feedback
	}
	return nil
}

func newReportRow(r *domain.Report, channel string, now time.Time) reportRow {
	row := reportRow{R: r, Channel: channel}
	row.Ack, row.Feedback = caseDeadlines(r, now)
	row.Next = firstOpen(&row.Ack, &row.Feedback)
	return row
}

// rowOrder is what the list orders a report by: its urgency, the due day of
// its first open deadline (zero when none is open), when it came in and its
// number.
type rowOrder struct {
	urgency  int
	due      time.Time
	received time.Time
	number   string
}

func orderOf(next *caseDeadline, received time.Time, number string) rowOrder {
	o := rowOrder{urgency: urgencyOf(next), received: received, number: number}
	if next != nil {
		o.due = next.Due
	}
	return o
}

// compareOrder puts overdue reports first, then those due soon, then the
// rest by due date; reports without an open deadline last, oldest first.
func compareOrder(a, b rowOrder) int {
	if c := cmp.Compare(a.urgency, b.urgency); c != 0 {
		return c
	}
	// Equal urgencies: both have an open deadline, or neither (zero days).
	if c := a.due.Compare(b.due); c != 0 {
		return c
	}
	if c := a.received.Compare(b.received); c != 0 {
		return c
	}
	return cmp.Compare(a.number, b.number)
}

// sortRows orders rows as compareOrder does.
func sortRows(rows []reportRow) {
	slices.SortStableFunc(rows, func(a, b reportRow) int {
		return compareOrder(orderOf(a.Next, a.R.ReceivedAt, a.R.Number), orderOf(b.Next, b.R.ReceivedAt, b.R.Number))
	})
}

// reportPageSize is how many reports a page of the list shows.
const reportPageSize = 100

type reportListPage struct {
	Total      int // reports the list holds over all its pages (open lists)
	Page       int
	PrevURL    string
	NextURL    string
	Rows       []reportRow
	States     []option
	Channels   []option
	Open       bool // the list shows open reports, so the summary applies
	Overdue    int
	DueSoon    int
	NoChannels bool
	ByChannel  bool // the user handles several channels: the list names each report's channel
	Notice     string
	MarkError  string   // why a marking was refused
	Marks      []option // spam, duplicate, none
	Dismissed  bool     // the list shows the marked reports
	NoKey      bool     // some rows are marked NoKey: the list says what to do
}

// caseListOpen is the state filter's value for received and acknowledged
// together, the default.
const caseListOpen = "open"

// caseListDismissed is the state filter's value for the reports marked as
// spam or duplicate, in any state.
const caseListDismissed = "dismissed"

// caseListStates are the state filter's values.
var caseListStates = []string{caseListOpen, string(domain.StateReceived), string(domain.StateAcknowledged), string(domain.StateClosed),
	caseListDismissed}

// reportList shows the reports of the channels the user handles, the most
// urgent first.
func (s *Server) reportList(w http.ResponseWriter, r *http.Request) error {
	return s.renderReportList(w, r, http.StatusOK, "")
}

// renderReportList shows the list the query asks for, with markErr at the
// marking form when a marking was refused.
func (s *Server) renderReportList(w http.ResponseWriter, r *http.Request, status int, markErr string) error {
	rs := state(r)
	ctx := r.Context()
	q := r.URL.Query()
	st := q.Get("state")
	if !slices.Contains(caseListStates, st) {
		st = caseListOpen
	}
	chans, err := s.store.Channels(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	names := map[string]string{}
	var mine []string
	for _, c := range chans {
		names[c.Code] = c.Name(rs.lang)
		if slices.Contains(c.Handlers, rs.user.ID) {
			mine = append(mine, c.Code)
		}
	}
	channel := q.Get("channel")
	if !slices.Contains(mine, channel) {
		channel = ""
	}
	page, _ := strconv.Atoi(q.Get("page"))
	// A page far past the end is an empty page, not an offset that wraps
	// around (negative: PostgreSQL refuses it, SQLite reads from the start).
	page = min(max(page, 1), math.MaxInt32/reportPageSize)
	filter := store.ReportFilter{Channel: channel}
	paged := st == string(domain.StateClosed) || st == caseListDismissed
	switch st {
	case caseListOpen:
	case caseListDismissed:
		filter.Dismissed = true
	default:
		filter.State = domain.ReportState(st)
	}
	now := s.store.Now()
	p := reportListPage{Open: !paged, NoChannels: len(mine) == 0, ByChannel: len(mine) > 1, MarkError: markErr, Dismissed: st == caseListDismissed}
	p.Marks = s.options(rs.lang, "cases.mark.", append(domain.Strings(domain.Dismissals), "none"), "")
	p.Notice = s.markNotice(rs.lang, r.URL.Query())
	var hasNext bool
	if paged {
		if filter.Channel == "" && len(mine) == 1 {
			// The same reports; named, the channel lets the database read
			// the page in order and stop (store.ReportsForHandler).
			filter.Channel = mine[0]
		}
		hasNext, err = s.closedReportPage(ctx, rs.org.ID, rs.user.ID, filter, page, names, now, &p)
	} else {
		hasNext, err = s.openReportPage(ctx, rs.org.ID, rs.user.ID, filter, page, names, now, &p)
	}
	if err != nil {
		return err
	}
	link := func(n int) string {
		v := url.Values{"state": {st}, "page": {strconv.Itoa(n)}}
		if channel != "" {
			v.Set("channel", channel)
		}
		return s.orgURL(rs.org, "reports?"+v.Encode())
	}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if hasNext {
		p.NextURL = link(page + 1)
	}
	if err := s.fillListColumns(r, p.Rows); err != nil {
		return err
	}
	if err := s.markUnkeyed(ctx, rs.user.ID, &p); err != nil {
		return err
	}
	s.rowTexts(rs.lang, p.Rows)
	p.Page = page
	p.States = s.options(rs.lang, "cases.filter_", caseListStates, st)
	p.Channels = []option{{Value: "", Label: s.cat.T(rs.lang, "cases.all_channels"), Selected: channel == ""}}
	for _, code := range mine {
		p.Channels = append(p.Channels, option{Value: code, Label: names[code], Selected: code == channel})
	}
	s.render(w, r, status, "reports", s.cat.T(rs.lang, "cases.title"), p)
	return nil
}

// openReportPage fills p with page of the open reports the filter selects,
// the most urgent first (compareOrder), and with the counts over all of them:
// Total, Overdue, DueSoon. The database orders and counts them by the due
// day of their first open deadline (store.OpenReports); the full rows are
// read for the page only. It returns whether a next page exists.
func (s *Server) openReportPage(ctx context.Context, orgID, userID int64, filter store.ReportFilter, page int,
	names map[string]string, now time.Time, p *reportListPage) (bool, error) {
	from := (page - 1) * reportPageSize
	open, err := s.store.OpenReports(ctx, orgID, userID, filter, now, from, reportPageSize)
	if err != nil {
		return false, err
	}
	p.Total, p.Overdue, p.DueSoon = open.Total, open.Overdue, open.DueSoon
	// A report closed or moved between the two reads is left out of this
	// page; one acknowledged meanwhile shows its new deadline in the place
	// its old one gave it, until the next request.
	reports, err := s.store.ReportsByID(ctx, orgID, userID, open.IDs)
	if err != nil {
		return false, err
	}
	for _, rep := range reports {
		p.Rows = append(p.Rows, newReportRow(rep, names[rep.ChannelCode], now))
	}
	return open.Total > from+reportPageSize, nil
}

// closedReportPage fills p with page of the reports the filter selects in
// the order of the database, newest first: closed or dismissed ones, too
// many to read whole. It returns whether a next page exists.
func (s *Server) closedReportPage(ctx context.Context, orgID, userID int64, filter store.ReportFilter, page int,
	names map[string]string, now time.Time, p *reportListPage) (bool, error) {
	filter.Newest, filter.Limit, filter.Offset = true, reportPageSize+1, (page-1)*reportPageSize
	reports, err := s.store.ReportsForHandler(ctx, orgID, userID, filter)
	if err != nil {
		return false, err
	}
	for _, rep := range reports[:min(len(reports), reportPageSize)] {
		p.Rows = append(p.Rows, newReportRow(rep, names[rep.ChannelCode], now))
	}
	return len(reports) > reportPageSize, nil
}

// markUnkeyed marks the rows of the page whose report the user cannot open
// yet, so that a new handler knows before clicking (issue 12, point 21).
func (s *Server) markUnkeyed(ctx context.Context, userID int64, p *reportListPage) error {
	ids := make([]int64, len(p.Rows))
	for i, row := range p.Rows {
		ids[i] = row.R.ID
	}
	unkeyed, err := s.store.Unkeyed(ctx, userID, ids)
	if err != nil {
		return err
	}
	for i := range p.Rows {
		p.Rows[i].NoKey = unkeyed[p.Rows[i].R.ID]
		p.NoKey = p.NoKey || p.Rows[i].NoKey
	}
	return nil
}

// markNotice words the confirmation of a marking from the list's query
// (done=marked&mark=spam&n=3), or "".
func (s *Server) markNotice(lang string, q url.Values) string {
	n, _ := strconv.Atoi(q.Get("n"))
	switch mark := q.Get("mark"); {
	case q.Get("done") != "marked" || n <= 0:
		return ""
	case mark == "none":
		return s.cat.T(lang, "cases.done_unmarked", n)
	case slices.Contains(domain.Dismissals, domain.Dismissal(mark)):
		return s.cat.T(lang, "cases.done_marked", n, strings.ToLower(s.cat.T(lang, "cases.mark."+mark)))
	}
	return ""
}

// markReports marks the chosen reports of the list as spam or duplicate,
// or unmarks them (mark=none), in one POST with an audit line per report.
// Bad input shows the list again with the message and changes nothing.
func (s *Server) markReports(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	mark := f.Values.Get("mark")
	var ids []int64
	for _, v := range f.Values["ids"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.report_not_found")
		}
		ids = append(ids, id)
	}
	var err error
	switch {
	case mark != "none" && !slices.Contains(domain.Dismissals, domain.Dismissal(mark)):
		err = domain.FieldError("mark", "err.choice_invalid")
	case len(ids) == 0:
		err = domain.FieldError("ids", "err.reports_none_chosen")
	default:
		dismissal := domain.Dismissal(mark)
		if mark == "none" {
			dismissal = ""
		}
		err = s.store.MarkReports(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, rs.user.ID, ids, dismissal)
	}
	if e := domain.AsError(err); e != nil && e.Code == domain.EINVALID {
		return s.renderReportList(w, r, http.StatusBadRequest, s.cat.T(rs.lang, e.Key, e.Args...))
	}
	if err != nil {
		return err
	}
	back := url.Values{"done": {"marked"}, "mark": {mark}, "n": {strconv.Itoa(len(ids))}}
	if st := f.Values.Get("state"); slices.Contains(caseListStates, st) {
		back.Set("state", st)
	}
	s.redirect(w, r, s.orgURL(rs.org, "reports?"+back.Encode()))
	return nil
}

// staffEntrySources are the ways a report reaches a coordinator outside the web
// form.
var staffEntrySources = []domain.Source{domain.SourceEmail, domain.SourcePhone, domain.SourceLetter, domain.SourceInPerson, domain.SourceViaAdviser}

// oralEntrySources are the sources after which the reporter approves minutes.
var oralEntrySources = []domain.Source{domain.SourcePhone, domain.SourceInPerson}

type newReportPage struct {
	Form       *form
	Channels   []option
	Sources    []option
	Kinds      []option
	HowKnown   []option
	Anonymous  bool
	Created    *domain.Report
	Receipt    string
	Oral       bool
	CanOpen    bool // the user handles the channel the report went to
	ChannelFor string
	MailboxURL string // the mailbox's full address, to read out or print for the reporter
}

// ShownOnce hides the language switch once the receipt code is on the page:
// switching would lose it for good.
func (p newReportPage) ShownOnce() bool { return p.Created != nil }

func (s *Server) newReportForm(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: map[string][]string{"identity": {"anonymous"}, "reporter_kind": {"unknown"}}, Errors: map[string]string{}}
	return s.renderNewReport(w, r, http.StatusOK, f)
}

func (s *Server) renderNewReport(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	rs := state(r)
	chans, err := s.store.Channels(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	if f.Values.Get("received") == "" {
		f.Values.Set("received", domain.Today(s.store.Now()).String())
	}
	p := newReportPage{Form: f, Anonymous: f.Values.Get("identity") != "named"}
	sel := f.Values.Get("context")
	for _, c := range chans {
		p.Channels = append(p.Channels, option{Value: c.Code, Label: c.Name(rs.lang), Selected: c.Code == sel})
	}
	p.Sources = s.options(rs.lang, "case.source.", domain.Strings(staffEntrySources), f.Values.Get("source"))
	p.Kinds = s.options(rs.lang, "case.kind.", domain.Strings(domain.ReporterKinds), f.Values.Get("reporter_kind"))
	p.HowKnown = append([]option{{Value: "", Label: s.cat.T(rs.lang, "casenew.how_unknown")}},
		s.options(rs.lang, "case.how.", domain.Strings(domain.HowKnown), f.Values.Get("how_known"))...)
	s.render(w, r, status, "report_new", s.cat.T(rs.lang, "casenew.title"), p)
	return nil
}

// createStaffReport enters a report that reached a coordinator by e-mail,
// phone, letter, in person or through a confidential adviser. The reporter
// gets a receipt code, shown here once for the coordinator to hand over.
func (s *Server) createStaffReport(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	f := newForm(r)
	in, errs := s.parseNewReport(f)
	var sub *meldpunt.Submitted
	if len(errs) == 0 {
		var err error
		sub, err = s.meldpunt.Submit(ctx, meldpunt.Submission{Org: rs.org, By: store.UserActor(rs.user, rs.session.ID), Report: in})
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderNewReport(w, r, statusFor[domain.ErrorCode(errs[0])], f)
	}
	rep := sub.Report // the channel's other handlers learn of it by e-mail
	chans, err := s.store.Channels(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	p := newReportPage{Created: rep, Receipt: seal.FormatReceipt(sub.Code), Oral: slices.Contains(oralEntrySources, rep.Source),
		MailboxURL: s.absoluteURL(r, s.orgURL(rs.org, "mailbox"))}
	for _, c := range chans {
		if c.ID == rep.ChannelID {
			p.ChannelFor = c.Name(rs.lang)
			p.CanOpen = slices.Contains(c.Handlers, rs.user.ID)
		}
	}
	s.render(w, r, http.StatusCreated, "reports_created", s.cat.T(rs.lang, "casenew.created_title"), p)
	return nil
}

// parseNewReport reads the form of a report entered by a coordinator and
// returns every problem with it, so that all show at once.
func (s *Server) parseNewReport(f *form) (domain.NewReport, []error) {
	v := f.Values
	in := domain.NewReport{
		Channel:       v.Get("context"),
		Source:        domain.Source(v.Get("source")),
		ReporterKind:  domain.ReporterKind(v.Get("reporter_kind")),
		Whistleblower: v.Get("whistleblower") == "1",
		Anonymous:     v.Get("identity") != "named",
		Content: domain.ReportContent{
			What: v.Get("description"), When: v.Get("when"), Where: v.Get("where"),
			Who: v.Get("involved"), HowKnown: domain.HowKnownKind(v.Get("how_known")),
		},
		Identity:    domain.ReporterIdentity{Name: strings.TrimSpace(v.Get("name")), Contact: strings.TrimSpace(v.Get("contact"))},
		NotifyEmail: v.Get("notify_email"),
	}
	var errs []error
	// Our checks, worded for the coordinator rather than the reporter, then
	// the domain's: at a field both name, ours is shown.
	if !slices.Contains(staffEntrySources, in.Source) {
		errs = append(errs, domain.FieldError("source", "casenew.err_source"))
	}
	if in.Channel == "" {
		errs = append(errs, domain.FieldError("context", "casenew.err_channel"))
	}
	if !in.Anonymous && in.Identity.Name == "" {
		errs = append(errs, domain.FieldError("name", "casenew.err_name"))
	}
	received, err := s.parseReceived(v.Get("received"))
	if err != nil {
		errs = append(errs, err)
	}
	in.ReceivedAt = received
	check := in // Check trims what it checks; in goes to the store as typed
	return in, append(errs, check.Check()...)
}

// parseReceived reads the day a report was received (domain.ParseDate).
// Empty or today means now; an earlier day means that day's Date.Noon,
// safely inside it whatever the clock change.
func (s *Server) parseReceived(v string) (time.Time, error) {
	now := s.store.Now()
	day, err := domain.ParseDate("received", v)
	if err != nil {
		return time.Time{}, err
	}
	today := domain.Today(now)
	switch {
	case day.IsZero() || day == today:
		return now, nil
	case day.After(today):
		return time.Time{}, domain.FieldError("received", "casenew.err_future")
	case day.Year < today.Year-10:
		return time.Time{}, domain.FieldError("received", "err.date_invalid")
	}
	return day.Noon(), nil
}

// reportID reads a numeric path value; anything else is a report that does
// not exist.
func casePathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "err.report_not_found")
	}
	return id, nil
}
