package domain

import (
	"slices"
	"strings"
	"time"
)

// Integrity activities and training (integriteitsactiviteiten en
// trainingen): what the organisation did to keep integrity on the agenda,
// for whom, and how many came. The annual report counts them per kind and
// per audience and names the audiences that had nothing that year.

var (
	// ActivityKinds are the forms an activity takes.
	ActivityKinds = []ActivityKind{ActivityKindWebinar, ActivityKindWorkshop, ActivityKindTraining, ActivityKindMeeting,
		ActivityKindDilemmaSession, ActivityKindELearning}
	// ActivityAudiences are the groups an activity is meant for; one
	// activity can be for several.
	ActivityAudiences = []ActivityAudience{ActivityAudienceCouncil, ActivityAudienceExecutive, ActivityAudienceManagement,
		ActivityAudienceStaff, ActivityAudienceNewStaff, ActivityAudienceExternalStaff, ActivityAudiencePartyBoard}
)

// ActivityKind is the form an activity takes.
type ActivityKind string

// The codes of ActivityKind, in their list's order.
const (
	ActivityKindWebinar        ActivityKind = "webinar"
	ActivityKindWorkshop       ActivityKind = "workshop"
	ActivityKindTraining       ActivityKind = "training"
	ActivityKindMeeting        ActivityKind = "meeting"
	ActivityKindDilemmaSession ActivityKind = "dilemma_session"
	ActivityKindELearning      ActivityKind = "e_learning"
)

// ActivityAudience is a group an activity is meant for.
type ActivityAudience string

// The codes of ActivityAudience, in their list's order.
const (
	ActivityAudienceCouncil       ActivityAudience = "council"
	ActivityAudienceExecutive     ActivityAudience = "executive"
	ActivityAudienceManagement    ActivityAudience = "management"
	ActivityAudienceStaff         ActivityAudience = "staff"
	ActivityAudienceNewStaff      ActivityAudience = "new_staff"
	ActivityAudienceExternalStaff ActivityAudience = "external_staff"
	ActivityAudiencePartyBoard    ActivityAudience = "party_board"
)

// Limits of an activity's fields.
const (
	MaxActivityTitle      = 200
	MaxActivityMaterials  = 500
	MaxActivityAttendance = 100000
)

// Activity is one integrity activity or training. Nothing in it is
// confidential: it names no person.
type Activity struct {
	ID         int64
	OrgID      int64
	Date       time.Time // the day it took place (noon, Amsterdam)
	Title      string
	Kind       ActivityKind
	Audiences  []ActivityAudience // in the order of ActivityAudiences
	Attendance *int               // number of participants; nil when not known
	Materials  string             // title or location of the materials, e.g. "presentatie op intranet"
}

// HasAudience reports whether the activity was meant for audience.
func (a *Activity) HasAudience(audience ActivityAudience) bool {
	return slices.Contains(a.Audiences, audience)
}

// Check tidies an activity and returns every problem with it, each a
// FieldError naming the form field, so that a form shows them all at once.
func (a *Activity) Check() []error {
	a.Title = strings.TrimSpace(a.Title)
	a.Materials = strings.TrimSpace(a.Materials)
	var errs []error
	switch {
	case a.Date.IsZero():
		errs = append(errs, FieldError("date", "err.activity_date_required"))
	case !YearValid(a.Date.Year()):
		errs = append(errs, FieldError("date", "err.date_invalid"))
	}
	switch {
	case a.Title == "":
		errs = append(errs, FieldError("title", "err.activity_title_required"))
	case len([]rune(a.Title)) > MaxActivityTitle:
		errs = append(errs, FieldError("title", "err.too_long"))
	}
	if !slices.Contains(ActivityKinds, a.Kind) {
		errs = append(errs, FieldError("kind", "err.activity_kind_required"))
	}
	errs = append(errs, a.checkAudiences()...)
	if a.Attendance != nil && (*a.Attendance < 0 || *a.Attendance > MaxActivityAttendance) {
		errs = append(errs, FieldError("attendance", "err.activity_attendance_invalid", MaxActivityAttendance))
	}
	if len([]rune(a.Materials)) > MaxActivityMaterials {
		errs = append(errs, FieldError("materials", "err.too_long"))
	}
	return errs
}

// checkAudiences refuses unknown audiences and none at all; known ones are
// put in the order of ActivityAudiences, without duplicates.
func (a *Activity) checkAudiences() []error {
	for _, code := range a.Audiences {
		if !slices.Contains(ActivityAudiences, code) {
			return []error{FieldError("audiences", "err.choice_invalid")}
		}
	}
	var audiences []ActivityAudience
	for _, code := range ActivityAudiences {
		if slices.Contains(a.Audiences, code) {
			audiences = append(audiences, code)
		}
	}
	if len(audiences) == 0 {
		return []error{FieldError("audiences", "err.activity_audience_required")}
	}
	a.Audiences = audiences
	return nil
}

// Validate returns the first problem Check finds, or nil.
func (a *Activity) Validate() error { return firstError(a.Check()) }

// ActivityFilter narrows a list of activities. Year is required; an empty
// Kind or Audience does not narrow.
type ActivityFilter struct {
	Year     int
	Kind     string
	Audience string
}

// ActivityCounts are a year's activities as the annual report counts them.
type ActivityCounts struct {
	Year       int
	Total      int
	Attendance int            // the sum of the known attendance figures
	Unknown    int            // activities without an attendance figure
	ByKind     map[string]int // every kind, zero included
	ByAudience map[string]int // every audience, zero included; an activity counts for each of its audiences
}

// NewActivityCounts counts the activities (of one year).
func NewActivityCounts(year int, activities []Activity) ActivityCounts {
	c := ActivityCounts{Year: year, ByKind: map[string]int{}, ByAudience: map[string]int{}}
	for _, k := range ActivityKinds {
		c.ByKind[string(k)] = 0
	}
	for _, a := range ActivityAudiences {
		c.ByAudience[string(a)] = 0
	}
	for _, a := range activities {
		c.Total++
		c.ByKind[string(a.Kind)]++
		for _, au := range a.Audiences {
			c.ByAudience[string(au)]++
		}
		if a.Attendance != nil {
			c.Attendance += *a.Attendance
		} else {
			c.Unknown++
		}
	}
	return c
}

// Uncovered lists the audiences no activity of the year was meant for, in
// the order of ActivityAudiences.
func (c ActivityCounts) Uncovered() []ActivityAudience {
	var out []ActivityAudience
	for _, a := range ActivityAudiences {
		if c.ByAudience[string(a)] == 0 {
			out = append(out, a)
		}
	}
	return out
}
