package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// acDay is noon in Amsterdam on the day, as the forms store a date.
func acDay(y int, m time.Month, d int) time.Time {
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	return time.Date(y, m, d, 12, 0, 0, 0, loc)
}

func acAuditActions(t *testing.T, s *store.Store, orgID int64, prefix string) []string {
	t.Helper()
	entries, err := s.AuditEntries(context.Background(), domain.AuditFilter{OrgID: orgID, Action: prefix, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Action)
	}
	slices.Sort(out)
	return out
}

func TestActivities(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s)
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		u := mustUser(t, s, org, "pen", domain.RoleHR)
		actor := store.UserActor(u, "sess") // its entries go to org's log, even for the test's one activity elsewhere
		n := func(i int) *int { return &i }

		add := func(orgID int64, a domain.Activity) *domain.Activity {
			t.Helper()
			if err := s.CreateActivity(ctx, actor, orgID, &a); err != nil {
				t.Fatal(err)
			}
			return &a
		}
		// The last day of 2025 and the first of 2026, at the edges of the
		// Amsterdam year.
		late := add(org.ID, domain.Activity{Date: acDay(2025, 12, 31).Add(11*time.Hour + 30*time.Minute), Title: "Oudejaarsquiz",
			Kind: "e_learning", Audiences: []domain.ActivityAudience{"staff", "new_staff"}, Attendance: n(40)})
		early := add(org.ID, domain.Activity{Date: acDay(2026, 1, 1).Add(-11*time.Hour - 30*time.Minute), Title: "Nieuwjaarsbijeenkomst",
			Kind: "meeting", Audiences: []domain.ActivityAudience{"council"}})
		web := add(org.ID, domain.Activity{Date: acDay(2026, 3, 24), Title: "Webinar", Kind: "webinar",
			Audiences: []domain.ActivityAudience{"party_board", "council"}, Materials: "  Opname op intranet  "})
		add(other.ID, domain.Activity{Date: acDay(2026, 2, 2), Title: "Elders", Kind: "training", Audiences: []domain.ActivityAudience{"management"}})

		if web.Audiences[0] != "council" || web.Materials != "Opname op intranet" {
			t.Errorf("not tidied: %+v", web)
		}
		got, err := s.Activities(ctx, org.ID, 2026)
		if err != nil || len(got) != 2 || got[0].ID != early.ID || got[1].ID != web.ID || got[1].Attendance != nil ||
			!slices.Equal(got[1].Audiences, []domain.ActivityAudience{"council", "party_board"}) {
			t.Fatalf("2026 = %+v, %v", got, err)
		}
		if got, _ := s.Activities(ctx, org.ID, 2025); len(got) != 1 || got[0].ID != late.ID || *got[0].Attendance != 40 {
			t.Fatalf("2025 = %+v", got)
		}
		if got, _ := s.ListActivities(ctx, org.ID, domain.ActivityFilter{Year: 2026, Audience: "party_board"}); len(got) != 1 || got[0].ID != web.ID {
			t.Errorf("audience filter = %+v", got)
		}
		if got, _ := s.ListActivities(ctx, org.ID, domain.ActivityFilter{Year: 2026, Kind: "meeting"}); len(got) != 1 || got[0].ID != early.ID {
			t.Errorf("kind filter = %+v", got)
		}
		if years, err := s.ActivityYears(ctx, org.ID); err != nil || !slices.Equal(years, []int{2026, 2025}) {
			t.Errorf("years = %v, %v", years, err)
		}

		c, err := s.ActivityCounts(ctx, org.ID, 2026)
		if err != nil || c.Total != 2 || c.ByKind["webinar"] != 1 || c.ByKind["training"] != 0 || c.ByAudience["council"] != 2 ||
			c.Unknown != 2 || !slices.Equal(c.Uncovered(), []domain.ActivityAudience{"executive", "management", "staff", "new_staff", "external_staff"}) {
			t.Errorf("counts = %+v %v, %v", c, c.Uncovered(), err)
		}

		// Validation names the field; nothing is stored.
		for field, a := range map[string]domain.Activity{
			"date":       {Title: "x", Kind: "webinar", Audiences: []domain.ActivityAudience{"staff"}},
			"title":      {Date: acDay(2026, 1, 5), Title: "  ", Kind: "webinar", Audiences: []domain.ActivityAudience{"staff"}},
			"kind":       {Date: acDay(2026, 1, 5), Title: "x", Kind: "lecture", Audiences: []domain.ActivityAudience{"staff"}},
			"audiences":  {Date: acDay(2026, 1, 5), Title: "x", Kind: "webinar", Audiences: []domain.ActivityAudience{"staff", "aliens"}},
			"attendance": {Date: acDay(2026, 1, 5), Title: "x", Kind: "webinar", Audiences: []domain.ActivityAudience{"staff"}, Attendance: n(-1)},
		} {
			err := s.CreateActivity(ctx, actor, org.ID, &a)
			if e := domain.AsError(err); e == nil || e.Code != domain.EINVALID || e.Field != field {
				t.Errorf("%s: %v", field, err)
			}
		}
		if none, _ := s.Activities(ctx, org.ID, 2026); len(none) != 2 {
			t.Errorf("%d activities after refused ones", len(none))
		}

		// Update and delete, only within the organisation.
		web.Title, web.Attendance = "Webinar netwerken", n(25)
		if err := s.UpdateActivity(ctx, actor, org.ID, web); err != nil {
			t.Fatal(err)
		}
		if a, err := s.Activity(ctx, org.ID, web.ID); err != nil || a.Title != "Webinar netwerken" || *a.Attendance != 25 {
			t.Errorf("after update: %+v, %v", a, err)
		}
		wantCode(t, s.UpdateActivity(ctx, actor, other.ID, web), domain.ENOTFOUND)
		wantCode(t, s.DeleteActivity(ctx, actor, other.ID, web.ID), domain.ENOTFOUND)
		if _, err := s.Activity(ctx, other.ID, web.ID); !domain.IsNotFound(err) {
			t.Errorf("read across organisations: %v", err)
		}
		if err := s.DeleteActivity(ctx, actor, org.ID, web.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.DeleteActivity(ctx, actor, org.ID, web.ID), domain.ENOTFOUND)

		if got := acAuditActions(t, s, org.ID, "activity."); !slices.Equal(got, []string{"activity.create", "activity.create",
			"activity.create", "activity.create", "activity.delete", "activity.update"}) {
			t.Errorf("audit = %v", got)
		}
	})
}
