package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDemoActivitiesAndCouncil checks the demo's activities and council
// registers: Helmond's 2021 figures, moved into the past twelve months.
func TestDemoActivitiesAndCouncil(t *testing.T) {
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := SeedDemo(ctx, s, testParams); err != nil {
		t.Fatal(err)
	}
	org, _ := s.OrganisationBySlug(ctx, DemoSlug)
	now := time.Now()
	yearAgo := domain.Day(now).AddDate(-1, 0, 0)
	inYear := func(what string, t0 time.Time) {
		t.Helper()
		if t0.Before(yearAgo) || t0.After(now) {
			t.Errorf("%s of %v is not in the past year", what, t0)
		}
	}
	years := []int{now.Year() - 1, now.Year()}

	// Seven activities in Helmond's kinds and audiences, and the dilemma
	// session the demo played in Integer (nine phones, for staff); three
	// audiences had nothing.
	kinds, audiences, attendance, total := map[string]int{}, map[string]int{}, 0, 0
	for _, y := range years {
		list, err := s.Activities(ctx, org.ID, y)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			inYear("activity", a.Date)
			total++
			kinds[string(a.Kind)]++
			for _, au := range a.Audiences {
				audiences[string(au)]++
			}
			if a.Attendance != nil {
				attendance += *a.Attendance
			}
		}
	}
	if total != 8 || kinds["webinar"] != 3 || kinds["meeting"] != 2 || kinds["workshop"] != 1 || kinds["dilemma_session"] != 2 ||
		audiences["executive"] != 3 || audiences["council"] != 3 || audiences["party_board"] != 2 || audiences["staff"] != 2 ||
		audiences["management"]+audiences["new_staff"]+audiences["external_staff"] != 0 || attendance != 109 {
		t.Errorf("demo activities: %d, kinds %v, audiences %v, attendance %d", total, kinds, audiences, attendance)
	}

	// One training six years ago, past its five years: the demo's only
	// entry on the destruction list, so that a destruction can be tried.
	list, err := s.DestructionList(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Kind != domain.RetainActivity || !strings.Contains(list[0].Ref, demoExpiredActivity.title) ||
		list[0].Start.Year() != now.Year()-demoExpiredYears && list[0].Start.Year() != now.Year()-demoExpiredYears-1 {
		t.Errorf("demo destruction list: %+v", list)
	}

	// 22 questions, 7 conversations with the mayor, 1 preliminary inquiry;
	// 3 screenings; the three codes of conduct, one in force per body.
	var c domain.CouncilCounts
	for _, y := range years {
		qs, err := s.CouncilQuestions(ctx, org.ID, y)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			inYear("question", q.Date)
		}
		cy, err := s.CouncilCounts(ctx, org.ID, y)
		if err != nil {
			t.Fatal(err)
		}
		c.Contacts += cy.Contacts
		c.MayorConversations += cy.MayorConversations
		c.PreliminaryInquiries += cy.PreliminaryInquiries
		c.Screenings += cy.Screenings
	}
	if c.Contacts != 22 || c.MayorConversations != 7 || c.PreliminaryInquiries != 1 || c.Screenings != 3 {
		t.Errorf("demo council counts: %+v", c)
	}
	codes, err := s.ConductCodes(ctx, org.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]int{}
	for _, cc := range codes {
		bodies[string(cc.Body)]++
	}
	if len(bodies) != 3 || bodies["council"] < 2 {
		t.Errorf("demo codes of conduct: %v", bodies)
	}
}
