package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestNormRecords: the controller's evidence is kept as a history, a year
// reads the latest record before its end, another organisation sees none,
// and adding and deleting are audited.
func TestNormRecords(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s)
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		u := mustUser(t, s, org, "ctl", domain.RoleController)
		actor := store.UserActor(u, "sess")
		old := &domain.NormRecord{Norm: domain.NormCodes, Status: domain.NormPartly, On: *vpDay(2024, 6, 1), Document: "Concept gedragscode"}
		adopted := &domain.NormRecord{Norm: domain.NormCodes, Status: domain.NormMet, On: *vpDay(2025, 2, 10), Document: "Raadsbesluit 2025/7"}
		for _, r := range []*domain.NormRecord{old, adopted} {
			if err := s.AddNormRecord(ctx, actor, org.ID, r); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, s.AddNormRecord(ctx, actor, org.ID, &domain.NormRecord{Norm: domain.NormOath, Status: domain.NormMet, On: *vpDay(2025, 1, 1), Document: "x"}), domain.EINVALID)

		_, end2024 := domain.YearBounds(2024)
		_, end2025 := domain.YearBounds(2025)
		at2024, err := s.NormRecordsAt(ctx, org.ID, end2024)
		if err != nil {
			t.Fatal(err)
		}
		if r := at2024[domain.NormCodes]; r == nil || r.Status != domain.NormPartly {
			t.Errorf("2024 = %+v", r)
		}
		at2025, _ := s.NormRecordsAt(ctx, org.ID, end2025)
		if r := at2025[domain.NormCodes]; r == nil || r.Status != domain.NormMet || domain.DateOf(r.On).String() != "2025-02-10" {
			t.Errorf("2025 = %+v", r)
		}
		if m, _ := s.NormRecordsAt(ctx, other.ID, end2025); len(m) != 0 {
			t.Errorf("other organisation sees %v", m)
		}
		wantCode(t, s.DeleteNormRecord(ctx, actor, other.ID, adopted.ID), domain.ENOTFOUND)
		if err := s.DeleteNormRecord(ctx, actor, org.ID, adopted.ID); err != nil {
			t.Fatal(err)
		}
		list, err := s.NormRecords(ctx, org.ID)
		if err != nil || len(list) != 1 || list[0].ID != old.ID {
			t.Errorf("after delete: %+v %v", list, err)
		}
		want := []string{"norms.record", "norms.record", "norms.record_delete"}
		if got := acAuditActions(t, s, org.ID, "norms."); len(got) != 3 || got[0] != want[0] || got[2] != want[2] {
			t.Errorf("audit = %v, want %v", got, want)
		}
	})
}

// TestAdviserAppointments counts advisers by their kind, only those whose
// account existed before the moment asked.
func TestAdviserAppointments(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clock := newClock(s)
		org := mustOrg(t, s, "helmond")
		in := mustUser(t, s, org, "vp1", domain.RoleAdviser)
		mustUser(t, s, org, "vp2", domain.RoleAdviser)
		mustUser(t, s, org, "hr", domain.RoleHR)
		if err := s.SetAdviserKind(ctx, store.CLI, org.ID, in.ID, "internal"); err != nil {
			t.Fatal(err)
		}
		got, err := s.AdviserAppointments(ctx, org.ID, clock.now.Add(time.Hour))
		if err != nil || got["internal"] != 1 || got[""] != 1 || got["external"] != 0 {
			t.Errorf("appointments = %v, %v", got, err)
		}
		if before, _ := s.AdviserAppointments(ctx, org.ID, clock.now.Add(-time.Hour)); len(before) != 0 {
			t.Errorf("before the accounts: %v", before)
		}
	})
}
