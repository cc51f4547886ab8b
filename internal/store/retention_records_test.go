package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestRetentionActivitiesAndPeople: an activity is proposed five years
// after the day held, a person's onboarding record ten years after they
// left, and no one who has not left (no end date, or one still to come).
// A person no other register names is removed with HR's marks; one a gift
// names keeps the row (the gifts register still shows them) without the
// onboarding record, and is not proposed again. The audit names counts and
// references only; the year's activity and onboarding figures stay.
func TestRetentionActivitiesAndPeople(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clock := newClock(s) // 2 March 2026
		org := mustOrg(t, s, "helmond")
		day := func(y int, m time.Month, d int) *time.Time { v := domain.Day(acDay(y, m, d)); return &v }

		person := func(ref, name string, end *time.Time) *domain.Person {
			p := &domain.Person{OrgID: org.ID, Ref: ref, Name: name, Employment: "permanent", StartOn: day(2025, 1, 6),
				VOGOn: day(2024, 12, 20), OathOn: day(2025, 2, 3), OathKind: domain.OathKindOath, OathWitness: "Burgemeester Geheim",
				DeclarationOn: day(2025, 1, 6), EndOn: end}
			if err := s.SavePerson(ctx, store.CLI, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		gone := person("P-1", "Anna Geheim", day(2026, 1, 31))
		named := person("P-2", "Bert Geheim", day(2026, 1, 31))
		staying := person("P-3", "Cor Blijft", nil)
		leaving := person("P-4", "Dirk Gaat", day(2030, 6, 30)) // leaves later: due in 2040
		if err := s.SetOnboardingMark(ctx, store.CLI, org.ID, domain.OnboardingMark{PersonID: gone.ID, Item: domain.OnboardingItemConfidentiality,
			Mark: domain.DutyNotApplicable, On: *day(2025, 1, 6)}); err != nil {
			t.Fatal(err)
		}
		gift := newGift(named.ID, *day(2025, 12, 18), "Leverancier BV", 2500, "accepted")
		if err := s.CreateGift(ctx, store.CLI, org.ID, gift); err != nil {
			t.Fatal(err)
		}
		att := 30
		old := &domain.Activity{Date: acDay(2025, 3, 12), Title: "Dilemmasessie Burgerzaken", Kind: "workshop",
			Audiences: []domain.ActivityAudience{"staff"}, Attendance: &att, Materials: "presentatie op intranet"}
		recent := &domain.Activity{Date: acDay(2031, 9, 1), Title: "Webinar", Kind: "webinar", Audiences: []domain.ActivityAudience{"council"}}
		for _, a := range []*domain.Activity{old, recent} {
			if err := s.CreateActivity(ctx, store.CLI, org.ID, a); err != nil {
				t.Fatal(err)
			}
		}
		onboarding, _ := s.OnboardingCounts(ctx, org.ID, 2025)
		activities, _ := s.ActivityCounts(ctx, org.ID, 2025)
		retained, _ := s.RetainedOnboarding(ctx, org.ID)
		if onboarding.Started != 4 || activities.Total != 1 || len(retained) != 0 {
			t.Fatalf("before: onboarding %+v, activities %+v, retained %d", onboarding, activities, len(retained))
		}

		clock.Add(time.Duration(10*366) * 24 * time.Hour) // 2036
		list, err := s.DestructionList(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		var keys, refs []string
		for _, c := range list {
			keys, refs = append(keys, c.Key()), append(refs, c.Ref)
		}
		want := []string{"activity:" + itoa(old.ID), "person:" + itoa(gone.ID), "person:" + itoa(named.ID)}
		if strings.Join(keys, " ") != strings.Join(want, " ") {
			t.Fatalf("destruction list = %v, want %v (not %s who stays, not %s who leaves in 2030, not the 2031 activity)", keys, want, staying.Ref, leaving.Ref)
		}
		if strings.Join(refs, "|") != "2025-03-12 Dilemmasessie Burgerzaken|P-1|P-2" {
			t.Errorf("references = %q", refs)
		}

		ctl := store.UserActor(mustUser(t, s, org, "ctl", domain.RoleController), "sess")
		if _, err := s.Destroy(ctx, ctl, org.ID, "Controller", domain.DestructionApproval{Keys: keys, Authority: "Mandaat 2036/1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Activity(ctx, org.ID, old.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("destroyed activity: %v", err)
		}
		if _, err := s.Activity(ctx, org.ID, recent.ID); err != nil {
			t.Errorf("the 2031 activity: %v", err)
		}
		if _, err := s.Person(ctx, org.ID, gone.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("removed person: %v", err)
		}
		var marks int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM onboarding_marks WHERE person_id = $1`, gone.ID).Scan(&marks); err != nil || marks != 0 {
			t.Errorf("marks left: %d, %v", marks, err)
		}
		kept, err := s.Person(ctx, org.ID, named.ID)
		if err != nil {
			t.Fatalf("the person a gift names: %v", err)
		}
		if kept.Name != named.Name || kept.EndOn == nil || kept.StartOn != nil || kept.VOGOn != nil || kept.OathOn != nil ||
			kept.OathWitness != "" || kept.OathKind != "" || kept.DeclarationOn != nil {
			t.Errorf("kept person = %+v: name and end date stay, the onboarding record goes", kept)
		}
		if gifts, err := s.Gifts(ctx, org.ID, store.GiftFilter{PersonID: named.ID}); err != nil || len(gifts) != 1 {
			t.Errorf("gifts of the kept person = %d, %v", len(gifts), err)
		}
		for _, p := range []*domain.Person{staying, leaving} {
			if got, err := s.Person(ctx, org.ID, p.ID); err != nil || got.OathOn == nil {
				t.Errorf("%s: %+v, %v", p.Ref, got, err)
			}
		}

		entries, err := s.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "retention.", Limit: 10})
		if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, "activities=1 people=2") ||
			!strings.Contains(entries[0].Detail, "person P-2") || strings.Contains(entries[0].Detail, "Geheim") {
			t.Errorf("audit = %+v, %v", entries, err)
		}

		// The year's figures are the same; nothing is proposed twice.
		if after, _ := s.OnboardingCounts(ctx, org.ID, 2025); after != onboarding {
			t.Errorf("onboarding counts before %+v, after %+v", onboarding, after)
		}
		if after, _ := s.ActivityCounts(ctx, org.ID, 2025); after.Total != 1 || after.Attendance != activities.Attendance {
			t.Errorf("activity counts before %+v, after %+v", activities, after)
		}
		acts, err := s.Activities(ctx, org.ID, 2025)
		if err != nil || len(acts) != 1 || acts[0].ID != 0 || acts[0].Title != old.Title || acts[0].Materials != "" {
			t.Errorf("activities of 2025 after destruction = %+v, %v", acts, err)
		}
		if years, _ := s.ActivityYears(ctx, org.ID); len(years) != 2 || years[0] != 2031 || years[1] != 2025 {
			t.Errorf("activity years = %v", years)
		}
		if retained, _ := s.RetainedOnboarding(ctx, org.ID); len(retained) != 2 || retained[0].Ref != "" || retained[0].OathWitness != "" {
			t.Errorf("retained onboarding = %+v", retained)
		}
		if list, _ := s.DestructionList(ctx, org.ID); len(list) != 0 {
			t.Errorf("list after destruction = %+v", list)
		}
	})
}
