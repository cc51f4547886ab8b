package report

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
)

// Document is the report laid out for reading: sections of prose, tables
// and charts, with every label in one language. HTML, PDF and XLSX all
// render the same Document, so they show the same figures.
type Document struct {
	Lang        string // nl or en: the language of the labels
	Title       string
	Subtitle    string
	Generated   string
	Suppression string // the statement that small counts were hidden; "" when not
	// Draft marks a report that contradicts itself ("CONCEPT – niet
	// publiceren"), with the heading, intro and the contradictions; "" and
	// nil when the figures agree.
	Draft        string
	DraftHeading string
	DraftIntro   string
	Violations   []string
	Sections     []Section
}

// Section is a chapter of the report.
type Section struct {
	ID     string
	Title  string
	Intro  string
	Text   []string // paragraphs of prose (foreword, plans)
	Tables []Table
}

// Table is one table, optionally with a bar chart of its figures beside it.
type Table struct {
	// Heading opens a part of the section with this table: an H3 before it
	// (the PDF's structure tree and bookmarks have it too); "" continues the
	// part before.
	Heading string
	Sheet   string // the XLSX sheet's name (at most 31 characters)
	Caption string
	Headers []string
	Rows    [][]string
	Chart   *Chart
	Note    string
	Plain   bool // text columns: not aligned as numbers
	NoWrap  bool // references and dates kept on one line (the statement of destruction)
	// Brief marks a list of records, one per row, that grows with the
	// organisation: the page and the PDF show the brief instead when the
	// list is longer than ListLimit (ForPage, lists.go); nil for a table
	// of counts.
	Brief *Brief
}

// Chart is a bar chart drawn from the table's first two columns.
type Chart struct {
	Title string
	Desc  string
	Bars  []Bar
}

// Bar is one bar; a suppressed value has Value -1.
type Bar struct {
	Label string
	Value int
	Text  string
}

type layout struct {
	cat  *i18n.Catalog
	lang string
	r    *Report
}

func (l *layout) t(key string, args ...any) string { return l.cat.T(l.lang, key, args...) }

// label finds the label of a code under the first prefix the catalogue
// knows, or shows the code itself.
func (l *layout) label(code string, prefixes ...string) string {
	for _, p := range prefixes {
		if l.cat.Has(p + code) {
			return l.t(p + code)
		}
	}
	return code
}

// count shows a count, "< N" when suppressed, "niet geregistreerd" when
// the register does not know it.
func (l *layout) count(c Count) string {
	switch {
	case c == NotRegistered:
		return l.t("annual.not_registered_value")
	case c == Secret:
		return "×"
	case c < 0:
		return "< " + strconv.Itoa(l.r.Suppression.Below)
	}
	return strconv.Itoa(int(c))
}

// registered says whether the register is known for the year: it has
// records or the organisation stated it had none.
func (l *layout) registered(reg domain.ReportRegister) bool {
	return l.r.Registers[string(reg)] != domain.RegisterNotRegistered
}

// omitted says whether a register not known for the year is left out of
// the report rather than said to be not registered.
func (l *layout) omitted(reg domain.ReportRegister) bool {
	return !l.registered(reg) && l.r.Omit[string(reg)]
}

// unregistered is the section of a register that holds nothing for the
// year: a sentence that says so, or nothing when the organisation leaves it
// out.
func (l *layout) unregistered(id, titleKey string, reg domain.ReportRegister) (Section, bool) {
	if l.omitted(reg) {
		return Section{}, false
	}
	return Section{ID: id, Title: l.t(titleKey), Intro: l.t("annual.not_registered", l.r.Year)}, true
}

// hours shows hours with a decimal comma in Dutch.
func (l *layout) hours(h float64) string {
	s := strconv.FormatFloat(h, 'f', -1, 64)
	if strings.Contains(s, ".") {
		s = strconv.FormatFloat(h, 'f', 1, 64)
	}
	if l.lang == "nl" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// euro writes an amount in euros as every page does: "€ 3.330,00".
func (l *layout) euro(v float64) string {
	return domain.FormatEuroIn(l.lang, int64(math.Round(v*100)))
}

// codeTable is a table of counts per code in the order of codes.
func (l *layout) codeTable(sheet, caption, head string, codes []string, counts map[string]Count, prefixes ...string) Table {
	t := Table{Sheet: sheet, Caption: l.t(caption), Headers: []string{l.t(head), l.t("annual.col.count")}}
	var total int
	suppressed := false
	for _, c := range codes {
		n := counts[c]
		t.Rows = append(t.Rows, []string{l.label(c, prefixes...), l.count(n)})
		if n < 0 {
			suppressed = true
		} else {
			total += int(n)
		}
	}
	// A hidden count hides the table's own total too (its suppression is
	// complementary, see suppress.go): never a "≥" that gives it away.
	tot := strconv.Itoa(total)
	if suppressed {
		tot = l.count(Secret) // "×": hidden, not small
	}
	t.Rows = append(t.Rows, []string{l.t("annual.col.total"), tot})
	return t
}

// pairs is a table of labelled figures.
func (l *layout) pairs(sheet, caption string, rows ...[]string) Table {
	return Table{Sheet: sheet, Caption: l.t(caption), Headers: []string{l.t("annual.col.figure"), l.t("annual.col.count")}, Rows: rows}
}

func (l *layout) row(key string, c Count) []string { return []string{l.t(key), l.count(c)} }

// trend is a table of years with a bar chart.
func (l *layout) trend(sheet, caption, unit string, trend []YearCount) Table {
	t := Table{Sheet: sheet, Caption: l.t(caption), Headers: []string{l.t("annual.col.year"), l.t(unit)}}
	ch := &Chart{Title: l.t(caption)}
	var parts []string
	for _, y := range trend {
		yr := strconv.Itoa(y.Year)
		text := l.count(y.Count)
		if y.Count == NotRegistered {
			text = l.t("annual.unknown")
		}
		t.Rows = append(t.Rows, []string{yr, text})
		ch.Bars = append(ch.Bars, Bar{Label: yr, Value: int(y.Count), Text: text})
		parts = append(parts, yr+": "+text)
	}
	ch.Desc = l.t("annual.chart_desc", strings.Join(parts, "; "))
	t.Chart = ch
	var notes []string
	if hasSource(trend, "imported") {
		notes = append(notes, l.t("annual.trend_imported"))
	}
	if hasSource(trend, "none") {
		notes = append(notes, l.t("annual.trend_unknown"))
	}
	t.Note = strings.Join(notes, " ")
	return t
}

func hasSource(trend []YearCount, source string) bool {
	for _, y := range trend {
		if y.Source == source {
			return true
		}
	}
	return false
}

func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Document lays the report out in lang ("" = the report's language).
func (r *Report) Document(cat *i18n.Catalog, lang string) *Document {
	if cat == nil {
		cat = defaultCatalog()
	}
	if lang == "" {
		lang = r.Lang
	}
	l := &layout{cat: cat, lang: lang, r: r}
	d := &Document{
		Lang:      lang,
		Title:     l.t("annual.doc_title", r.Year),
		Subtitle:  r.Organisation.Name,
		Generated: l.t("annual.generated", r.GeneratedAt.In(domain.Amsterdam()).Format(domain.DisplayLayout+" 15:04")),
	}
	if r.Suppression != nil {
		d.Suppression = l.t("annual.suppression_note", r.Suppression.Below, r.Suppression.Count)
	}
	if len(r.Violations) > 0 {
		d.Draft, d.DraftHeading, d.DraftIntro = l.t("annual.draft"), l.t("annual.violations_heading"), l.t("annual.violations_intro")
		for _, v := range r.Violations {
			msg := v.Message
			if lang != r.Lang || msg == "" {
				args := make([]any, len(v.Values))
				for i, x := range v.Values {
					args[i] = x
				}
				msg = l.t("annual.violation."+v.Code, args...)
			}
			d.Violations = append(d.Violations, msg)
		}
	}

	// An unwritten foreword (or plans) is left out, not announced as missing.
	if fw := (Section{ID: "foreword", Title: l.t("annual.sec.foreword"), Text: paragraphs(r.Foreword)}); len(fw.Text) > 0 {
		d.Sections = append(d.Sections, fw)
	}

	for _, sec := range []func() (Section, bool){l.orgFacts, l.reports, l.advice, l.advisers, l.aggression, l.people, l.council, l.activities, l.registers, l.survey, l.vulnerable, l.actionPlans, l.basicNorms} {
		if s, ok := sec(); ok {
			d.Sections = append(d.Sections, s)
		}
	}

	if pl := (Section{ID: "plans", Title: l.t("annual.sec.plans", r.Year+1), Text: paragraphs(r.Plans)}); len(pl.Text) > 0 {
		d.Sections = append(d.Sections, pl)
	}

	def := Section{ID: "definitions", Title: l.t("annual.sec.definitions")}
	dt := Table{Plain: true, Sheet: "Definities", Caption: l.t("annual.cap.definitions"), Headers: []string{l.t("annual.col.figure_path"), l.t("annual.col.definition")}}
	for _, x := range r.Definitions {
		text := x.Text
		if lang != r.Lang {
			text = l.t("annual.def." + x.Figure)
		}
		dt.Rows = append(dt.Rows, []string{l.label(x.Figure, "annual.figname."), text})
	}
	def.Tables = []Table{dt}
	if d.Suppression != "" {
		def.Intro = d.Suppression
	}
	d.Sections = append(d.Sections, def)
	return d
}

func dutchDate(iso string) string {
	if len(iso) != 10 {
		return iso
	}
	return fmt.Sprintf("%s-%s-%s", iso[8:10], iso[5:7], iso[0:4])
}

func (l *layout) reports() (Section, bool) {
	r := l.r
	rp := r.Reports
	if rp == nil {
		return l.unregistered("reports", "annual.sec.reports", domain.ReportRegisterReports)
	}
	s := Section{ID: "reports", Title: l.t("annual.sec.reports"), Intro: l.t("annual.reports_intro", l.count(rp.Total), r.Year)}
	if rp.Dismissed != 0 {
		s.Intro += " " + l.t("annual.reports_dismissed", l.count(rp.Dismissed))
	}
	s.Tables = append(s.Tables, l.categoryTables(rp)...)
	s.Tables[0].Heading = l.t("annual.part.reports_about")
	first := len(s.Tables)
	s.Tables = append(s.Tables,
		l.codeTable("Melders", "annual.cap.by_reporter_kind", "annual.col.reporter_kind", domain.Strings(domain.ReporterKinds), rp.ByReporterKind, "case.kind."),
		l.codeTable("Kanalen", "annual.cap.by_channel", "annual.col.channel", domain.Strings(domain.Sources), rp.ByChannel, "case.source."),
		l.pairs("Afhandeling", "annual.cap.handling",
			l.row("annual.fig.total", rp.Total),
			l.row("annual.fig.anonymous", rp.Anonymous),
			l.row("annual.fig.whistleblower", rp.Whistleblower),
			l.row("annual.fig.investigated", rp.Investigated),
			l.row("annual.fig.investigations_open", rp.InvestigationsOpen),
			l.row("annual.fig.closed_in_year", rp.ClosedInYear)),
		l.codeTable("Onderzoek", "annual.cap.by_investigation", "annual.col.investigation", domain.Strings(domain.Investigations), rp.ByInvestigation, "case.investigation."),
		l.codeTable("Uitkomsten", "annual.cap.by_outcome", "annual.col.outcome", append(domain.Strings(domain.Outcomes), "open"), rp.ByOutcome, "case.outcome.", "annual.outcome."),
	)
	if rp.ByOutcome[string(domain.OutcomeDiscontinued)] != 0 { // why investigations stopped, when any did
		codes := domain.Strings(domain.StopReasons)
		if rp.StopReasons[StopNotRecorded] != 0 {
			codes = append(codes, StopNotRecorded)
		}
		s.Tables = append(s.Tables, l.codeTable("Reden stopzetten", "annual.cap.stop_reasons", "annual.col.stop_reason", codes, rp.StopReasons, "case.stop_reason.", "annual.stop_reason."))
	}
	s.Tables = append(s.Tables,
		l.codeTable("Maatregelen", "annual.cap.measures", "annual.col.measure", domain.Strings(domain.MeasureKinds), rp.Measures, "case.measure."),
		l.codeTable("Doorverwijzingen", "annual.cap.referrals", "annual.col.referral", domain.Strings(domain.Referrals), rp.Referrals, "case.referral."),
		Table{Sheet: "Termijnen", Caption: l.t("annual.cap.deadlines"),
			Headers: []string{l.t("annual.col.deadline"), l.t("annual.col.on_time"), l.t("annual.col.late"), l.t("annual.col.pending")},
			Rows: [][]string{
				{l.t("annual.fig.acknowledgement"), l.count(rp.DeadlinesMet.Acknowledgement.OnTime), l.count(rp.DeadlinesMet.Acknowledgement.Late), l.count(rp.DeadlinesMet.Acknowledgement.Pending)},
				{l.t("annual.fig.feedback"), l.count(rp.DeadlinesMet.Feedback.OnTime), l.count(rp.DeadlinesMet.Feedback.Late), l.count(rp.DeadlinesMet.Feedback.Pending)},
			}},
	)
	s.Tables[first].Heading = l.t("annual.part.reports_who")
	s.Tables[first+2].Heading = l.t("annual.part.reports_handling") // from the table Afhandeling on
	// The cross-tables name the national typology.
	if l.r.CategoryShows != domain.ShowOwn {
		if cross := l.crossTables(rp); len(cross) > 0 {
			cross[0].Heading = l.t("annual.part.reports_cross")
			s.Tables = append(s.Tables, cross...)
		}
	}
	trends := append([]Table{l.trend("Meldingen per jaar", "annual.cap.reports_trend", "annual.col.reports", rp.Trend)}, l.codeTrendTables(rp)...)
	trends[0].Heading = l.t("annual.part.reports_years")
	s.Tables = append(s.Tables, trends...)
	return s, true
}

// categoryTables are the allegations by category: the national typology,
// the organisation's own categories, or both, as it chose. An organisation
// without own categories gets the national table.
func (l *layout) categoryTables(rp *Reports) []Table {
	national := l.codeTable("Meldingen per categorie", "annual.cap.by_category", "annual.col.category", domain.Strings(domain.Categories), rp.ByCategory, "case.category.")
	if len(rp.ByOwnLabel) == 0 || l.r.CategoryShows == domain.ShowNational {
		return []Table{national}
	}
	own := l.ownTable(rp, l.r.CategoryShows == domain.ShowBoth)
	if l.r.CategoryShows == domain.ShowOwn {
		return []Table{own}
	}
	return []Table{national, own}
}

// ownTable counts the allegations per own category, in the organisation's
// order, with the national type of each after its name when both are shown,
// and a row for those without one.
func (l *layout) ownTable(rp *Reports, withType bool) Table {
	t := Table{Sheet: "Eigen categorieën", Caption: l.t("annual.cap.by_own_label"),
		Headers: []string{l.t("annual.col.own_label"), l.t("annual.col.count")}}
	if withType {
		t.Headers[0] = l.t("annual.col.own_label_type")
	}
	typeOf := map[string]domain.Category{}
	labels := []string{}
	for _, c := range rp.OwnCategories {
		typeOf[c.Label] = c.Category
		labels = append(labels, c.Label)
	}
	for _, lb := range slices.Sorted(maps.Keys(rp.ByOwnLabel)) { // a label no longer in the list
		if !slices.Contains(labels, lb) {
			labels = append(labels, lb)
		}
	}
	var total int
	hidden := false
	add := func(label string, n Count) {
		t.Rows = append(t.Rows, []string{label, l.count(n)})
		hidden = hidden || n < 0
		total += max(0, int(n))
	}
	for _, lb := range labels {
		name := lb
		if c, ok := typeOf[lb]; ok && withType {
			name += " (" + l.t("case.category."+string(c)) + ")"
		}
		add(name, rp.ByOwnLabel[lb])
	}
	if n := rp.WithoutOwnCategory; n != nil && *n != 0 {
		add(l.t("annual.own_label_none"), *n)
	}
	tot := strconv.Itoa(total)
	if hidden {
		tot = l.count(Secret)
	}
	t.Rows = append(t.Rows, []string{l.t("annual.col.total"), tot})
	return t
}

func (l *layout) advice() (Section, bool) {
	ar := l.r.AdviceRequests
	if ar == nil {
		return l.unregistered("advice", "annual.sec.advice", domain.ReportRegisterAdviceRequests)
	}
	return Section{ID: "advice", Title: l.t("annual.sec.advice"),
		Intro: l.t("annual.advice_intro", l.count(ar.Total), l.count(ar.Answered)),
		Tables: []Table{
			l.codeTable("Adviesvragen", "annual.cap.advice_by_topic", "annual.col.topic", domain.Strings(domain.AdviceTopics), ar.ByTopic, "advice.topic."),
			l.trend("Adviesvragen per jaar", "annual.cap.advice_trend", "annual.col.advice_requests", ar.Trend),
		}}, true
}

func (l *layout) advisers() (Section, bool) {
	ca := l.r.ConfidentialAdvisers
	if ca == nil {
		regs := []domain.ReportRegister{domain.ReportRegisterAdviserContacts, domain.ReportRegisterAdviserCases, domain.ReportRegisterAdviserActivities}
		if l.omitted(regs[0]) && l.omitted(regs[1]) && l.omitted(regs[2]) {
			return Section{}, false
		}
		return Section{ID: "advisers", Title: l.t("annual.sec.advisers"), Intro: l.t("annual.not_registered", l.r.Year)}, true
	}
	s := Section{ID: "advisers", Title: l.t("annual.sec.advisers")}
	var intro []string
	// Each of the three registers: its figures, or a sentence that it was
	// not registered, or nothing.
	part := func(reg domain.ReportRegister, key string) bool {
		if l.registered(reg) {
			return true
		}
		if !l.omitted(reg) {
			s.Text = append(s.Text, l.t("annual.part_not_registered", l.t(key)))
		}
		return false
	}
	if part(domain.ReportRegisterAdviserContacts, "annual.part.adviser_contacts") {
		intro = append(intro, l.t("annual.advisers_intro_contacts", l.count(ca.FirstContacts)))
		contacts := Table{Sheet: "Contacten VP", Caption: l.t("annual.cap.adviser_contacts"),
			Headers: []string{l.t("annual.col.contact_kind"), l.t("annual.col.times"), l.t("annual.col.hours")}}
		for _, k := range domain.AdviserContactKinds {
			c := ca.Contacts[string(k)]
			contacts.Rows = append(contacts.Rows, []string{l.label(string(k), "adviser.contact_kind."), l.count(c.Count), l.hours(c.Hours)})
		}
		contacts.Rows = append(contacts.Rows, []string{l.t("annual.col.total"), l.count(ca.ContactsTotal.Count), l.hours(ca.ContactsTotal.Hours)})
		fc := l.trend("Eerste contacten VP", "annual.cap.first_contacts_trend", "annual.col.first_contacts", ca.FirstContactsTrend)
		fc.Heading = l.t("annual.part.adviser_contacts")
		s.Tables = append(s.Tables, fc, contacts)
	}
	if part(domain.ReportRegisterAdviserCases, "annual.part.adviser_cases") {
		intro = append(intro, l.t("annual.advisers_intro_cases", l.count(ca.Cases)))
		part := len(s.Tables)
		s.Tables = append(s.Tables,
			l.pairs("Casussen VP", "annual.cap.adviser_cases",
				l.row("annual.fig.cases", ca.Cases),
				[]string{l.label("via_adviser", "adviser.formal."), l.count(ca.FormalReports["via_adviser"])},
				[]string{l.label("by_adviser", "adviser.formal."), l.count(ca.FormalReports["by_adviser"])}),
			l.codeTable("Relatie VP", "annual.cap.relations", "annual.col.relation", domain.Strings(domain.AdviserRelations), ca.Relations, "adviser.relation."))
		s.Tables = append(s.Tables, l.adviserCaseTables(ca)...)
		s.Tables[part].Heading = l.t("annual.part.adviser_cases")
	}
	if part(domain.ReportRegisterAdviserActivities, "annual.part.adviser_activities") {
		acts := Table{Sheet: "Activiteiten VP", Caption: l.t("annual.cap.adviser_activities"),
			Headers: []string{l.t("annual.col.activity"), l.t("annual.col.hours")}}
		for _, k := range domain.AdviserActivityKinds {
			acts.Rows = append(acts.Rows, []string{l.label(string(k), "adviser.activity."), l.hours(ca.ActivityHours[string(k)])})
		}
		acts.Rows = append(acts.Rows, []string{l.t("annual.col.total"), l.hours(*ca.ActivityHoursTotal)})
		acts.Heading = l.t("annual.part.adviser_activities")
		s.Tables = append(s.Tables, acts)
	}
	s.Intro = strings.Join(intro, " ")
	return s, true
}

func (l *layout) aggression() (Section, bool) {
	ag := l.r.Aggression
	if ag == nil {
		return l.unregistered("aggression", "annual.sec.aggression", domain.ReportRegisterAggression)
	}
	return Section{ID: "aggression", Title: l.t("annual.sec.aggression"),
		Intro: l.t("annual.aggression_intro", l.count(ag.Total), l.count(ag.PreviousYear), l.count(ag.PoliceInvolved)),
		Tables: []Table{
			l.pairs("Agressie", "annual.cap.aggression",
				l.row("annual.fig.aggression_total", ag.Total),
				l.row("annual.fig.aggression_previous", ag.PreviousYear),
				l.row("annual.fig.police_involved", ag.PoliceInvolved),
				l.row("annual.fig.criminal_complaints", ag.CriminalComplaints)),
			l.codeTable("Agressie per soort", "annual.cap.aggression_by_kind", "annual.col.kind", domain.Strings(domain.AggressionKinds), ag.ByKind, "aggression.kind."),
			l.codeTable("Agressie tegen", "annual.cap.aggression_by_target", "annual.col.target", domain.Strings(domain.AggressionTargets), ag.ByTarget, "aggression.target."),
			l.trend("Agressie per jaar", "annual.cap.aggression_trend", "annual.col.incidents", ag.Trend),
		}}, true
}

func (l *layout) people() (Section, bool) {
	p := l.r.People
	if p == nil {
		return l.unregistered("people", "annual.sec.people", domain.ReportRegisterPeople)
	}
	return Section{ID: "people", Title: l.t("annual.sec.people"),
		Intro: l.t("annual.people_intro", l.count(p.Oaths)),
		Tables: []Table{l.pairs("Indiensttreding", "annual.cap.onboarding",
			l.row("annual.fig.started", p.Started),
			l.row("annual.fig.oaths", p.Oaths),
			l.row("annual.fig.oaths_only", p.OathsOnly),
			l.row("annual.fig.affirmations", p.Affirmations),
			l.row("annual.fig.vogs", p.VOGs),
			l.row("annual.fig.declarations", p.Declarations),
			l.row("annual.fig.confidentiality", p.Confidentiality),
			l.row("annual.fig.intro_trainings", p.IntroTrainings))}}, true
}

func (l *layout) council() (Section, bool) {
	c := l.r.Council
	if c == nil {
		return l.unregistered("council", "annual.sec.council", domain.ReportRegisterCouncil)
	}
	return Section{ID: "council", Title: l.t("annual.sec.council"),
		Intro: l.t("annual.council_intro", l.count(c.Contacts), l.count(c.MayorConversations), l.count(c.PreliminaryInquiries)),
		Tables: []Table{l.pairs("Gemeenteraad", "annual.cap.council",
			l.row("annual.fig.council_contacts", c.Contacts),
			l.row("annual.fig.mayor_conversations", c.MayorConversations),
			l.row("annual.fig.preliminary_inquiries", c.PreliminaryInquiries),
			l.row("annual.fig.screenings", c.Screenings))}}, true
}

func (l *layout) activities() (Section, bool) {
	r := l.r
	if r.ActivityCounts == nil {
		return l.unregistered("activities", "annual.sec.activities", domain.ReportRegisterActivities)
	}
	at := Table{Plain: true, Sheet: "Activiteiten", Caption: l.t("annual.cap.activities"),
		Headers: []string{l.t("annual.col.date"), l.t("annual.col.title"), l.t("annual.col.kind"), l.t("annual.col.audience"), l.t("annual.col.attendance")}}
	for _, a := range r.Activities {
		var aud []string
		for _, x := range a.Audiences {
			aud = append(aud, l.label(x, "activity.audience."))
		}
		att := "–"
		if a.Attendance != nil {
			att = strconv.Itoa(*a.Attendance)
		}
		at.Rows = append(at.Rows, []string{dutchDate(a.Date), a.Title, l.label(a.Kind, "activity.kind."), strings.Join(aud, ", "), att})
	}
	if len(at.Rows) == 0 {
		at.Note = l.t("annual.no_activities")
	}
	at.Brief = l.activitiesBrief()
	return Section{ID: "activities", Title: l.t("annual.sec.activities"),
		Intro:  l.t("annual.activities_intro", l.count(r.ActivityCounts.Total), r.ActivityCounts.Attendance),
		Tables: []Table{at}}, true
}

// registers is the section of the outside activities, gifts and financial
// interests: a table for each register that is known, a sentence for each
// that is not (unless left out).
func (l *layout) registers() (Section, bool) {
	r := l.r
	s := Section{ID: "registers", Title: l.t("annual.sec.registers")}
	shown := false
	part := func(reg domain.ReportRegister, key string) bool {
		if l.registered(reg) {
			shown = true
			return true
		}
		if !l.omitted(reg) {
			shown = true
			s.Text = append(s.Text, l.t("annual.part_not_registered", l.t(key)))
		}
		return false
	}
	if o := r.OutsideActivities; part(domain.ReportRegisterOutsideActivities, "annual.part.outside") {
		s.Tables = append(s.Tables, l.pairs("Nevenwerkzaamheden", "annual.cap.outside",
			l.row("annual.fig.outside_reported", o.Reported),
			[]string{l.label("allowed", "outside.assessment."), l.count(o.Allowed)},
			[]string{l.label("allowed_with_conditions", "outside.assessment."), l.count(o.AllowedWithConditions)},
			[]string{l.label("not_allowed", "outside.assessment."), l.count(o.NotAllowed)},
			[]string{l.label(string(domain.OutsideAssessmentPending), "outside.assessment."), l.count(o.Pending)},
			l.row("annual.fig.outside_published", o.Published)))
		s.Tables[len(s.Tables)-1].Heading = l.t("annual.part.outside")
	}
	if g := r.Gifts; part(domain.ReportRegisterGifts, "annual.part.gifts") {
		gifts := l.codeTable("Geschenken", "annual.cap.gifts", "annual.col.decision", domain.Strings(domain.GiftDecisions), g.ByDecision, "gift.decision.")
		// The total value has a cell of its own, a number in the workbook.
		value := Table{Sheet: "Waarde geschenken", Caption: l.t("annual.cap.gifts_value"),
			Headers: []string{l.t("annual.col.figure"), l.t("annual.col.amount")},
			Rows:    [][]string{{l.t("annual.fig.gifts_value"), l.euro(g.TotalEUR)}}}
		gifts.Heading = l.t("annual.part.gifts")
		s.Tables = append(s.Tables, gifts, value)
	}
	if f := r.FinancialInterests; part(domain.ReportRegisterFinancialInterests, "annual.part.financial") {
		fin := l.codeTable("Financiële belangen", "annual.cap.financial", "annual.col.assessment",
			domain.Strings(domain.FinancialAssessments), f.ByAssessment, "financial.assessment.")
		fin.Heading = l.t("annual.part.financial")
		s.Tables = append(s.Tables, fin)
	}
	return s, shown
}
