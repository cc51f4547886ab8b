package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestAggressionIncidents(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s) // 2 March 2026
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		hr := mustUser(t, s, org, "pieter", domain.RoleHR)
		actor := store.UserActor(hr, "sess")

		// Two years in the shape of the Helmond figures, shifted: 14 in
		// 2024 and 21 in 2025, 12 of them with the police involved.
		kinds := domain.AggressionKinds
		for i := range 14 {
			a := &domain.AggressionIncident{OccurredOn: recDay(2024, time.Month(1+i%12), 1+i), Kind: kinds[i%5], Target: "employee",
				PoliceInvolved: i < 8, CriminalComplaint: i < 8 && i%2 == 0}
			if err := s.CreateAggressionIncident(ctx, actor, org.ID, a); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 21 {
			a := &domain.AggressionIncident{OccurredOn: recDay(2025, time.Month(1+i%12), 1+i), Kind: kinds[i%5], Target: "employee",
				Department: "Publiekszaken", PoliceInvolved: i < 12, CriminalComplaint: i < 12 && i%2 == 0,
				AftercareOffered: i < 18, AftercareFollowedUp: i < 15}
			if i == 20 {
				a.Target = "councillor"
			}
			if err := s.CreateAggressionIncident(ctx, actor, org.ID, a); err != nil {
				t.Fatal(err)
			}
		}
		// One on New Year's Eve, late in the evening in Amsterdam: still 2025.
		nye := &domain.AggressionIncident{OccurredOn: time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC).Add(-time.Hour), Kind: "online", Target: "office_holder"}
		if err := s.CreateAggressionIncident(ctx, store.CLI, other.ID, nye); err != nil {
			t.Fatal(err)
		}
		c, err := s.AggressionCounts(ctx, org.ID, 2025)
		if err != nil || c.Total != 21 || c.Previous != 14 || c.Change() != 7 || c.PoliceInvolved != 12 || c.CriminalComplaints != 6 ||
			c.PoliceOrComplaint != 12 || c.AftercareOffered != 18 || c.AftercareFollowedUp != 15 ||
			c.ByKind["verbal"] != 5 || c.ByKind["threat"] != 4 || c.ByTarget["councillor"] != 1 || c.ByTarget["office_holder"] != 0 ||
			len(c.ByKind) != len(domain.AggressionKinds) {
			t.Fatalf("counts 2025 = %+v, %v", c, err)
		}
		if c, _ := s.AggressionCounts(ctx, other.ID, 2025); c.Total != 1 || c.Previous != 0 || c.ByTarget["office_holder"] != 1 {
			t.Fatalf("other organisation 2025 = %+v", c)
		}
		if c, _ := s.AggressionCounts(ctx, other.ID, 2026); c.Total != 0 || c.Previous != 1 {
			t.Fatalf("other organisation 2026 = %+v", c)
		}
		byYear, _ := s.AggressionCountsByYear(ctx, org.ID)
		if len(byYear) != 2 || byYear[0].Year != 2025 || byYear[0].Previous != 14 || byYear[1].Previous != 0 {
			t.Fatalf("by year = %+v", byYear)
		}
		for _, tc := range []struct {
			f    store.AggressionFilter
			want int
		}{
			{store.AggressionFilter{}, 35}, {store.AggressionFilter{Year: 2025}, 21}, {store.AggressionFilter{Year: 2025, Police: "yes"}, 12},
			{store.AggressionFilter{Police: "no"}, 15}, {store.AggressionFilter{Kind: "online"}, 6}, {store.AggressionFilter{Target: "councillor"}, 1},
		} {
			if list, _ := s.AggressionIncidents(ctx, org.ID, tc.f); len(list) != tc.want {
				t.Errorf("filter %+v: %d, want %d", tc.f, len(list), tc.want)
			}
		}
		list, _ := s.AggressionIncidents(ctx, org.ID, store.AggressionFilter{Sort: "kind"})
		if list[0].Kind != "verbal" || list[len(list)-1].Kind != "online" {
			t.Errorf("sorted by kind: %s … %s", list[0].Kind, list[len(list)-1].Kind)
		}
		newest, _ := s.AggressionIncidents(ctx, org.ID, store.AggressionFilter{})
		if !newest[0].OccurredOn.After(newest[len(newest)-1].OccurredOn) {
			t.Error("the default order is not newest first")
		}

		// Bad input: every problem named, nothing stored.
		bad := &domain.AggressionIncident{OccurredOn: recDay(2026, 3, 3), Kind: "shouting", Target: "", AftercareFollowedUp: true,
			Description: strings.Repeat("x", domain.MaxAggressionDescriptionRunes+1)}
		fields := map[string]bool{}
		for _, err := range bad.Check(s.Now()) {
			fields[domain.AsError(err).Field] = true
		}
		for _, f := range []string{"occurred_on", "kind", "target", "description", "aftercare_followed_up"} {
			if !fields[f] {
				t.Errorf("no error at %s: %v", f, fields)
			}
		}
		wantCode(t, s.CreateAggressionIncident(ctx, actor, org.ID, bad), domain.EINVALID)
		if all, _ := s.AggressionIncidents(ctx, org.ID, store.AggressionFilter{}); len(all) != 35 {
			t.Fatalf("bad input stored: %d", len(all))
		}

		// Edit and delete, only within the organisation.
		a := newest[0]
		a.Kind, a.PoliceInvolved, a.Description = "physical", true, "Duw bij de balie"
		if err := s.UpdateAggressionIncident(ctx, actor, org.ID, a); err != nil {
			t.Fatal(err)
		}
		got, _ := s.AggressionIncident(ctx, org.ID, a.ID)
		if got.Kind != "physical" || !got.PoliceInvolved || got.Description != "Duw bij de balie" || got.Department != "Publiekszaken" {
			t.Fatalf("updated = %+v", got)
		}
		wantCode(t, s.UpdateAggressionIncident(ctx, actor, other.ID, a), domain.ENOTFOUND)
		if _, err := s.AggressionIncident(ctx, other.ID, a.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("read from another organisation: %v", err)
		}
		wantCode(t, s.DeleteAggressionIncident(ctx, actor, other.ID, a.ID), domain.ENOTFOUND)
		if err := s.DeleteAggressionIncident(ctx, actor, org.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.DeleteAggressionIncident(ctx, actor, org.ID, a.ID), domain.ENOTFOUND)
		if c, _ := s.AggressionCounts(ctx, org.ID, 2025); c.Total != 20 {
			t.Fatalf("after delete: %d", c.Total)
		}
		seen := recAuditActions(t, s, org.ID)
		if seen["aggression.create"] != 35 || seen["aggression.update"] != 1 || seen["aggression.delete"] != 1 {
			t.Errorf("audit = %v", seen)
		}
	})
}
