package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// demoActivity is one fictional integrity activity, on a day of the year
// (the last such day before today, so that the activities fill the past
// twelve months in the seasons a municipality holds them).
type demoActivity struct {
	month      time.Month
	day        int
	by         string // demo account that records it
	title      string
	kind       string
	audiences  []string
	attendance int // 0: not known
	materials  string
}

// demoActivities are the seven activities of a year in the kinds and for
// the audiences of Helmond's annual report 2021 (one workshop for staff
// with 100 participants, four webinars and meetings for the council, party
// boards and the executive, one dilemma session for the executive); the
// titles are our own. Management, new staff and hired staff have nothing,
// which the list then points out.
var demoActivities = []demoActivity{
	{time.March, 22, "coordinator", "Week van de weerbaarheid: online workshops over omgaan met druk en intimidatie", "workshop",
		[]string{"staff"}, 100, "Presentaties en opnames op intranet"},
	{time.March, 24, "clerk", "Webinar: wie ken je en wat betekent dat? Netwerken en belangen", "webinar",
		[]string{"council", "party_board"}, 0, "Opname in de raadsinformatieomgeving"},
	{time.March, 25, "clerk", "Webinar: integriteit in bestuurlijke samenwerking", "webinar",
		[]string{"executive"}, 0, ""},
	{time.March, 26, "clerk", "Webinar: ethiek van algoritmes en het gebruik van data", "webinar",
		[]string{"executive"}, 0, "Hand-out bij de griffie"},
	{time.June, 21, "clerk", "Avond over kandidaatstelling en integriteit voor fractievoorzitters en partijbesturen", "meeting",
		[]string{"party_board", "council"}, 0, "Handreiking kandidaatstelling (pdf op de website)"},
	{time.September, 15, "clerk", "Dilemmasessie college: morele oordeelsvorming in de praktijk", "dilemma_session",
		[]string{"executive"}, 0, ""},
	{time.November, 15, "clerk", "Rondetafelgesprek bestuurlijke integriteit met de raad", "meeting",
		[]string{"council"}, 0, "Verslag in het raadsinformatiesysteem"},
}

// demoExpiredActivity is a training held six years ago (demoExpiredYears):
// past its five years of retention, so the demo's destruction list has an
// entry the controller can approve and the statement of destruction can be
// tried.
var demoExpiredActivity = demoActivity{time.October, 12, "coordinator", "Training integriteit voor leidinggevenden (termijn verstreken)",
	"training", []string{"management"}, 14, ""}

const demoExpiredYears = 6

// demoLastDay returns the last day with month and day at noon in
// Amsterdam that is not after today: this year's, or last year's.
func demoLastDay(now time.Time, month time.Month, day int) time.Time {
	loc := demoLocation()
	now = now.In(loc)
	t := time.Date(now.Year(), month, day, 12, 0, 0, 0, loc)
	if t.After(now) {
		t = t.AddDate(-1, 0, 0)
	}
	return t
}

func demoLocation() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}

// seedDemoActivities records the demo's integrity activities.
func seedDemoActivities(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	realNow := s.Now
	defer func() { s.Now = realNow }()
	now := realNow()
	actors := map[string]store.Actor{}
	for _, d := range append(demoActivities[:len(demoActivities):len(demoActivities)], demoExpiredActivity) {
		if _, ok := actors[d.by]; !ok {
			u, err := s.UserByUsername(ctx, org.ID, d.by)
			if err != nil {
				return err
			}
			actors[d.by] = store.UserActor(u, "demo")
		}
		day := demoLastDay(now, d.month, d.day)
		if d.title == demoExpiredActivity.title {
			day = day.AddDate(-demoExpiredYears, 0, 0)
		}
		s.Now = func() time.Time { return day.Add(5 * time.Hour) } // recorded the afternoon after
		a := &domain.Activity{Date: day, Title: d.title, Kind: domain.ActivityKind(d.kind), Audiences: domain.Codes[domain.ActivityAudience](d.audiences), Materials: d.materials}
		if d.attendance > 0 {
			n := d.attendance
			a.Attendance = &n
		}
		if err := s.CreateActivity(ctx, actors[d.by], org.ID, a); err != nil {
			return fmt.Errorf("demo activity %q: %w", d.title, err)
		}
	}
	return nil
}
