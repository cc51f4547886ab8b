package register

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/store"
)

// parsed is one file of an import read: its rows for the store, the
// spreadsheet row of each, and the problems found.
type parsed struct {
	file     File
	rows     []int
	problems []RowProblem
}

// row reads a file's rows with fn, which fills the store's set; grow is
// told the number of rows first, so that the set's list is made once at
// its size (a list grown row by row holds up to twice the rows, and leaves
// its smaller copies behind: at 100,000 reports about 80 MB).
func readRows(data []byte, f File, grow func(n int), fn func(c *cells)) (*parsed, error) {
	t := readTableOf(data, f.Name, f.Names(), f.Required())
	p := &parsed{file: f, problems: t.problems}
	if len(t.problems) > 0 {
		return p, nil
	}
	grow(len(t.rows))
	p.rows = make([]int, 0, len(t.rows))
	for _, row := range t.rows {
		c := &cells{file: f.Name, row: row.n, get: row.get}
		fn(c)
		p.rows = append(p.rows, row.n)
		p.problems = append(p.problems, c.problems...)
	}
	return p, nil
}

// col reads a cell of the template's column by its kind's rules: a code
// (or its Dutch label), in any case.
func (c *cells) codeOf(col Column) string {
	v := c.get(col.Name)
	if v == "" {
		return ""
	}
	if code, ok := matchCode(col, v); ok {
		return code
	}
	c.problem(col.Name, "err.import_code_unknown", v, choices(col))
	return ""
}

// codesOf reads a list of codes separated by semicolons.
func (c *cells) codesOf(col Column) []string {
	v := c.get(col.Name)
	var out []string
	for _, part := range strings.Split(v, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		code, ok := matchCode(col, part)
		if !ok {
			c.problem(col.Name, "err.import_code_unknown", part, choices(col))
			continue
		}
		out = append(out, code)
	}
	return out
}

func matchCode(col Column, v string) (string, bool) {
	for _, code := range col.Codes {
		if strings.EqualFold(v, code) || (col.Label(code) != "" && strings.EqualFold(v, col.Label(code))) {
			return code, true
		}
	}
	return "", false
}

func choices(col Column) string {
	var out []string
	for _, code := range col.Codes {
		if l := col.Label(code); l != "" {
			out = append(out, code+" ("+l+")")
		} else {
			out = append(out, code)
		}
	}
	return strings.Join(out, ", ")
}

// number reads a whole number of at least 0; empty is nil.
func (c *cells) number(column string) *int {
	v := strings.ReplaceAll(c.get(column), ".", "")
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		c.problem(column, "err.import_number_invalid", c.get(column))
		return nil
	}
	return &n
}

// hours reads a duration in hours (0.75, 0,75 or 0:45) as minutes.
func (c *cells) hours(column string) int {
	v := c.get(column)
	if v == "" {
		return 0
	}
	m, ok := domain.ParseHours(v)
	if !ok {
		c.problem(column, "err.import_hours_invalid", v)
	}
	return m
}

// euro reads an amount in euro (12,50 or 12.50) as cents.
func (c *cells) euro(column string) int64 {
	v := strings.TrimSpace(strings.TrimPrefix(c.get(column), "€"))
	if v == "" {
		return 0
	}
	v = strings.ReplaceAll(v, ",", ".")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || strings.ContainsAny(v, "eE+-") {
		c.problem(column, "err.import_euro_invalid", c.get(column))
		return 0
	}
	return int64(math.Round(f * 100))
}

// day returns a date cell as the day's midnight in Amsterdam, the zero time
// when empty or unreadable.
func (c *cells) day(column string) time.Time {
	if d := c.date(column); d != nil {
		return *d
	}
	return time.Time{}
}

// noon is a day at Date.Noon (activities, council contacts).
func noon(t time.Time) time.Time { return domain.DateOf(t).Noon() }

// utcDay is a day at midnight UTC (the advisers' records).
func utcDay(t time.Time) time.Time { return domain.DateOf(t).UTCMidnight() }

// check adds the domain's validation errors at their columns (fields
// renamed by columns), skipping columns that already have a problem.
func (c *cells) check(errs []error, columns map[string]string) {
	for _, err := range errs {
		c.domain(err, columns)
	}
}

func first(err error) []error {
	if err == nil {
		return nil
	}
	return []error{err}
}

// The parsers of each file: each appends its rows to set.
var parsers = map[string]func(c *cells, f File, set *store.ImportSet, now time.Time){
	VulnerablePositionsFile: parseVulnerable,
	ActionsFile:             parseAction,
	ReportsFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		// The ref is copied: as a part of the row's text it would keep the
		// whole row in memory until the import ends.
		r := store.ImportReport{Ref: strings.Clone(c.required("ref")), Channel: strings.ToLower(c.text("context")), Investigator: c.text("investigator"),
			ReferredName: c.text("referred_name")}
		r.Report = store.ImportReportFields{
			ReceivedAt:    noon(c.day("received_on")),
			Source:        domain.Source(c.codeOf(f.Column("channel"))),
			ReporterKind:  domain.ReporterKind(c.codeOf(f.Column("reporter_kind"))),
			Anonymous:     c.yesNo("anonymous"),
			Whistleblower: c.yesNo("whistleblower"),
			Investigation: domain.Investigation(c.codeOf(f.Column("investigation"))),
			ReferredTo:    domain.Referral(c.codeOf(f.Column("referred_to"))),
		}
		for _, d := range []struct {
			column string
			into   **time.Time
		}{{"acknowledged_on", &r.Report.AcknowledgedAt}, {"feedback_on", &r.Report.FeedbackAt}, {"closed_on", &r.Report.ClosedAt}} {
			if t := c.day(d.column); !t.IsZero() {
				t = noon(t)
				*d.into = &t
			}
		}
		if r.Report.ReceivedAt.IsZero() && !c.failed("received_on") {
			c.problem("received_on", "err.import_required")
		}
		r.Measures = domain.Codes[domain.MeasureKind](c.codesOf(f.Column("measures")))
		if !r.Report.ReceivedAt.IsZero() {
			c.check(first(checkReport(r.Report.Fields(), now)), nil)
		}
		set.Reports = append(set.Reports, r)
	},
	AllegationsFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		a := store.ImportAllegation{ReportRef: strings.Clone(c.required("report_ref")), ReferredTo: domain.Referral(c.codeOf(f.Column("referred_to")))}
		a.Allegation = domain.Allegation{Category: domain.Category(c.codeOf(f.Column("category"))), Outcome: domain.Outcome(c.codeOf(f.Column("outcome"))), OutcomeNote: c.text("outcome_note"),
			OwnLabel: c.text("own_label"), StopReason: domain.StopReason(c.codeOf(f.Column("stop_reason")))}
		if !c.failed("outcome") && !c.failed("stop_reason") {
			c.check(first(domain.CheckStopReason(a.Allegation.Outcome, a.Allegation.StopReason, a.Allegation.OutcomeNote)), map[string]string{"note": "outcome_note"})
		}
		if a.Allegation.Category == "" && a.Allegation.OwnLabel == "" && !c.failed("category") {
			c.problem("category", "err.import_required")
		}
		set.Allegations = append(set.Allegations, a)
	},
	OwnCategoriesFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		o := store.ImportOwnCategory{Label: c.required("label"), Category: domain.Category(c.codeOf(f.Column("category")))}
		if o.Category == "" && !c.failed("category") {
			c.problem("category", "err.import_required")
		}
		if utf8.RuneCountInString(o.Label) > domain.MaxOwnCategoryLabel {
			c.problem("label", "err.too_long")
		}
		set.OwnCategories = append(set.OwnCategories, o)
	},
	AdviceRequestsFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		a := domain.AdviceRequest{ReceivedOn: c.day("received_on"), Topic: domain.AdviceTopic(c.codeOf(f.Column("topic"))), AnsweredOn: c.date("answered_on")}
		c.check(a.Check(now), nil)
		set.AdviceRequests = append(set.AdviceRequests, a)
	},
	AdviserCasesFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		k := store.ImportAdviserCase{Adviser: c.required("adviser"), Group: domain.AdviserKind(c.codeOf(f.Column("adviser_group")))}
		k.Case = domain.AdviserCase{Ref: c.required("ref"), OpenedOn: utcDay(c.day("opened_on")),
			IssueKinds: c.codesOf(f.Column("issue_kinds")), Relations: c.codesOf(f.Column("relations")),
			FormalReport: domain.AdviserFormalReport(c.codeOf(f.Column("formal_report")))}
		if d := c.date("closed_on"); d != nil {
			u := utcDay(*d)
			k.Case.ClosedOn = &u
		}
		kc := k.Case
		c.check(kc.Check(domain.Today(now).UTCMidnight()), map[string]string{"opened": "opened_on", "closed": "closed_on"})
		set.AdviserCases = append(set.AdviserCases, k)
	},
	AdviserContactsFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		k := store.ImportAdviserContact{Adviser: c.required("adviser"), CaseRef: c.text("case_ref")}
		k.Contact = domain.AdviserContact{On: utcDay(c.day("date")), Kind: domain.AdviserContactKind(c.codeOf(f.Column("kind"))), Minutes: c.hours("hours"),
			FirstContact: c.yesNo("first_contact")}
		c.check(k.Contact.Check(domain.Today(now).UTCMidnight()), nil)
		set.AdviserContacts = append(set.AdviserContacts, k)
	},
	AdviserActivitiesFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		k := store.ImportAdviserActivity{Adviser: c.required("adviser")}
		k.Activity = domain.AdviserActivity{On: utcDay(c.day("date")), Kind: domain.AdviserActivityKind(c.codeOf(f.Column("kind"))), Minutes: c.hours("hours")}
		c.check(k.Activity.Check(domain.Today(now).UTCMidnight()), nil)
		set.AdviserActivities = append(set.AdviserActivities, k)
	},
	AggressionIncidentsFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		a := domain.AggressionIncident{OccurredOn: c.day("date"), Kind: domain.AggressionKind(c.codeOf(f.Column("kind"))), Target: domain.AggressionTarget(c.codeOf(f.Column("target"))),
			PoliceInvolved: c.yesNo("police_involved"), CriminalComplaint: c.yesNo("criminal_complaint")}
		c.check(a.Check(now), map[string]string{"occurred_on": "date"})
		set.AggressionIncidents = append(set.AggressionIncidents, a)
	},
	OutsideActivitiesFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		k := store.ImportOutside{PersonRef: c.required("person_ref"), PositionRef: c.text("position_ref")}
		a := domain.OutsideActivity{PersonID: -1, Activity: c.required("activity"), Organisation: c.required("organisation"), Paid: c.yesNo("paid"),
			StartOn: c.date("start_on"), EndOn: c.date("end_on"), Assessment: domain.OutsideAssessment(c.codeOf(f.Column("assessment"))), Status: domain.OutsideStatusReported}
		if n := c.number("hours_per_month"); n != nil {
			a.HoursPerMonth = *n
		}
		if n := c.number("income_eur"); n != nil {
			v := int64(*n)
			a.IncomeEUR = &v
		}
		a.ReportedOn = domain.Day(now)
		if a.StartOn != nil && a.StartOn.Before(a.ReportedOn) {
			a.ReportedOn = domain.Day(*a.StartOn)
		}
		check := a
		c.check(check.Check(now), map[string]string{"person": "person_ref", "position": "position_ref", "reported_on": "start_on"})
		a.PersonID = 0
		set.OutsideActivities = append(set.OutsideActivities, k)
		set.OutsideActivities[len(set.OutsideActivities)-1].Activity = a
	},
	GiftsFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		k := store.ImportGift{RecipientRef: c.required("recipient_ref")}
		g := domain.Gift{OfferedOn: c.day("date"), Giver: c.required("giver"), Description: c.required("description"),
			ValueCents: c.euro("value_eur"), Kind: domain.GiftKindGift, Decision: domain.GiftDecision(c.codeOf(f.Column("decision")))}
		if g.Decision == "" {
			g.Decision = domain.GiftDecisionPending
		}
		check := g
		check.PersonID = 1
		// The organisation's threshold is the store's to check.
		c.check(check.Check(now, math.MaxInt64), map[string]string{"offered_on": "date", "value": "value_eur", "person": "recipient_ref"})
		k.Gift = g
		set.Gifts = append(set.Gifts, k)
	},
	ActivitiesFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		a := domain.Activity{Date: noon(c.day("date")), Title: c.required("title"), Kind: domain.ActivityKind(c.codeOf(f.Column("kind"))),
			Audiences: domain.Codes[domain.ActivityAudience](c.codesOf(f.Column("audience")))}
		a.Attendance = c.number("attendance")
		check := a
		c.check(check.Check(), map[string]string{"audiences": "audience"})
		if !a.Date.IsZero() && a.Date.After(now) {
			c.problem("date", "err.import_future")
		}
		set.Activities = append(set.Activities, a)
	},
	CouncilContactsFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		q := domain.CouncilQuestion{Date: noon(c.day("date")), MayorConversation: c.yesNo("mayor_conversation"), PreliminaryInquiry: c.yesNo("preliminary_inquiry")}
		c.check(q.Check(), nil)
		if !q.Date.IsZero() && q.Date.After(now) {
			c.problem("date", "err.import_future")
		}
		set.CouncilContacts = append(set.CouncilContacts, q)
	},
	YearlyCountsFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		y := store.YearlyCount{Measure: c.codeOf(f.Column("measure"))}
		if n := c.number("year"); n != nil {
			y.Year = *n
			if y.Year < domain.FirstYear || y.Year > domain.ThisYear(now) {
				c.problem("year", "err.import_year_invalid", c.get("year"))
			}
		} else if !c.failed("year") {
			c.problem("year", "err.import_required")
		}
		if n := c.number("count"); n != nil {
			y.Count = *n
		} else if !c.failed("count") {
			c.problem("count", "err.import_required")
		}
		if y.Measure == "" && !c.failed("measure") {
			c.problem("measure", "err.import_required")
		}
		y.Code = yearlyCode(c, y.Measure)
		set.YearlyCounts = append(set.YearlyCounts, y)
	},
	OrganisationFactsFile: func(c *cells, f File, set *store.ImportSet, now time.Time) {
		o := store.OrganisationFact{Measure: domain.OrgFact(c.codeOf(f.Column("measure")))}
		year, count := c.number("year"), c.number("count")
		for _, v := range []struct {
			column string
			n      *int
		}{{"year", year}, {"count", count}} {
			if v.n == nil && !c.failed(v.column) {
				c.problem(v.column, "err.import_required")
			}
		}
		if o.Measure == "" && !c.failed("measure") {
			c.problem("measure", "err.import_required")
		}
		if year != nil && (*year < domain.FirstYear || *year > domain.ThisYear(now)) {
			c.problem("year", "err.import_year_invalid", c.get("year"))
			year = nil
		}
		if year != nil && count != nil && o.Measure != "" {
			o.Year, o.Count = *year, *count
			c.check(domain.CheckOrgFact(o.Year, o.Measure, o.Count), nil)
		}
		set.OrganisationFacts = append(set.OrganisationFacts, o)
	},
}

// yearlyCode reads the code of a yearly count: none for a total, one of
// the measure's codes (or its Dutch label) for reports by outcome or
// category, an own label for reports by own label.
func yearlyCode(c *cells, measure string) string {
	v := c.text("code")
	switch {
	case measure == "":
		return v
	case !slices.Contains(store.YearlyCodedMeasures, measure):
		if v != "" {
			c.problem("code", "err.import_code_not_allowed")
		}
		return ""
	case v == "":
		c.problem("code", "err.import_code_required")
		return ""
	case measure == store.YearlyReportsByOwnLabel:
		if utf8.RuneCountInString(v) > store.YearlyOwnLabelMaxRunes {
			c.problem("code", "err.import_code_invalid")
		}
		return v
	}
	col := Column{Name: "code", Codes: store.YearlyCodes(measure), Labels: []string{"case.outcome.", "annual.outcome.", "case.category."}}
	if code, ok := matchCode(col, v); ok {
		return code
	}
	c.problem("code", "err.import_code_unknown", v, choices(col))
	return ""
}

// checkReport is the store's check of a report's clear fields, run early
// so that every row's problems show at once.
func checkReport(r domain.Report, now time.Time) error {
	if r.ReceivedAt.After(now) {
		return domain.FieldError("received_on", "err.import_future")
	}
	for _, d := range []struct {
		column string
		at     *time.Time
	}{{"acknowledged_on", r.AcknowledgedAt}, {"feedback_on", r.FeedbackAt}, {"closed_on", r.ClosedAt}} {
		if d.at == nil {
			continue
		}
		if d.at.Before(domain.Day(r.ReceivedAt)) {
			return domain.FieldError(d.column, "err.import_before_received")
		}
		if d.at.After(now) {
			return domain.FieldError(d.column, "err.import_future")
		}
	}
	return nil
}

// codeLabel is the Dutch label of a column's code, for the docs and the
// template's explanation.
func codeLabel(col Column, code string) string {
	if l := col.Label(code); l != "" {
		return l
	}
	return catalog().T(i18n.Dutch, code)
}
