package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Advice requests (adviesvragen) are questions to the reporting point that
// are not reports: may I take this outside activity, accept this gift, how
// does this rule apply. The annual report counts them per year and topic.
var (
	// AdviceTopics are what an advice request is about, in the order forms
	// and tables show them.
	AdviceTopics = []AdviceTopic{AdviceTopicOutsideActivities, AdviceTopicGifts, AdviceTopicPolicy, AdviceTopicConduct,
		AdviceTopicResources, AdviceTopicOther}
	// AdviceRequesters are who asked.
	AdviceRequesters = []AdviceRequester{AdviceRequesterEmployee, AdviceRequesterManager, AdviceRequesterOfficeHolder,
		AdviceRequesterExternal, AdviceRequesterOther}
)

// AdviceTopic is what an advice request is about.
type AdviceTopic string

// The codes of AdviceTopic, in their list's order.
const (
	AdviceTopicOutsideActivities AdviceTopic = "outside_activities"
	AdviceTopicGifts             AdviceTopic = "gifts"
	AdviceTopicPolicy            AdviceTopic = "policy"
	AdviceTopicConduct           AdviceTopic = "conduct"
	AdviceTopicResources         AdviceTopic = "resources"
	AdviceTopicOther             AdviceTopic = "other"
)

// AdviceRequester is who asked for advice.
type AdviceRequester string

// The codes of AdviceRequester, in their list's order.
const (
	AdviceRequesterEmployee     AdviceRequester = "employee"
	AdviceRequesterManager      AdviceRequester = "manager"
	AdviceRequesterOfficeHolder AdviceRequester = "office_holder"
	AdviceRequesterExternal     AdviceRequester = "external"
	AdviceRequesterOther        AdviceRequester = "other"
)

// MaxAdviceSummaryRunes limits an advice request's summary: a summary, not a file.
const MaxAdviceSummaryRunes = 5000

// AdviceRequest is one advice request. Everything but the summary stays in
// the clear, because the statistics need it; the summary is sealed like a
// report's content and readable only by the coordinators.
type AdviceRequest struct {
	ID         int64
	OrgID      int64
	ReceivedOn time.Time // a day: midnight in Europe/Amsterdam
	Topic      AdviceTopic
	Requester  AdviceRequester // "" when not recorded (imported registers)
	AnsweredOn *time.Time      // a day; nil while the question is open
	HasSummary bool            // a sealed summary exists
	Summary    string          // sealed; "" unless opened with a key
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Answered reports whether the request has been answered.
func (a *AdviceRequest) Answered() bool { return a.AnsweredOn != nil }

// Normalise trims the text fields and turns the dates into days.
func (a *AdviceRequest) Normalise() {
	a.Topic, a.Requester = AdviceTopic(strings.TrimSpace(string(a.Topic))), AdviceRequester(strings.TrimSpace(string(a.Requester)))
	a.Summary = strings.TrimSpace(a.Summary)
	if !a.ReceivedOn.IsZero() {
		a.ReceivedOn = Day(a.ReceivedOn)
	}
	if a.AnsweredOn != nil {
		d := Day(*a.AnsweredOn)
		a.AnsweredOn = &d
	}
}

// Check returns every problem with the request as of the day today, each
// a FieldError naming the form field, so that a form shows them all at once.
func (a *AdviceRequest) Check(today time.Time) []error {
	a.Normalise()
	today = Day(today)
	var errs []error
	switch {
	case a.ReceivedOn.IsZero():
		errs = append(errs, FieldError("received_on", "advice.err_received"))
	case a.ReceivedOn.After(today):
		errs = append(errs, FieldError("received_on", "advice.err_future"))
	case a.ReceivedOn.Year() < RecordFirstYear:
		errs = append(errs, FieldError("received_on", "err.date_invalid"))
	}
	if !slices.Contains(AdviceTopics, a.Topic) {
		errs = append(errs, FieldError("topic", "advice.err_topic"))
	}
	if a.Requester != "" && !slices.Contains(AdviceRequesters, a.Requester) {
		errs = append(errs, FieldError("requester", "advice.err_requester"))
	}
	if a.AnsweredOn != nil {
		switch {
		case a.AnsweredOn.After(today):
			errs = append(errs, FieldError("answered_on", "advice.err_future"))
		case !a.ReceivedOn.IsZero() && a.AnsweredOn.Before(a.ReceivedOn):
			errs = append(errs, FieldError("answered_on", "advice.err_answered_before"))
		}
	}
	if utf8.RuneCountInString(a.Summary) > MaxAdviceSummaryRunes {
		errs = append(errs, FieldError("summary", "advice.err_summary_long", MaxAdviceSummaryRunes))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (a *AdviceRequest) Validate(today time.Time) error { return firstError(a.Check(today)) }

// AdviceCounts are the figures of one year's advice requests (by the day
// of receipt) for the annual report and the list page.
type AdviceCounts struct {
	Year        int
	Total       int
	Answered    int
	Open        int
	ByTopic     map[string]int // every code of AdviceTopics, zero included
	ByRequester map[string]int // every code of AdviceRequesters, zero included, and "" when unrecorded
}

// NewAdviceCounts returns zero counts for year with every code present.
func NewAdviceCounts(year int) AdviceCounts {
	c := AdviceCounts{Year: year, ByTopic: map[string]int{}, ByRequester: map[string]int{}}
	for _, t := range AdviceTopics {
		c.ByTopic[string(t)] = 0
	}
	for _, r := range AdviceRequesters {
		c.ByRequester[string(r)] = 0
	}
	return c
}

// Add counts one request.
func (c *AdviceCounts) Add(a *AdviceRequest) {
	c.Total++
	if a.Answered() {
		c.Answered++
	} else {
		c.Open++
	}
	c.ByTopic[string(a.Topic)]++
	c.ByRequester[string(a.Requester)]++
}
