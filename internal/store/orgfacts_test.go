package store_test

import (
	"context"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestOrganisationFacts: the controller's facts of a year replace the
// year's earlier ones (a field left empty becomes unknown), each save is
// one audit entry naming what the year holds, other years and other
// organisations are left alone, and a bad count changes nothing.
func TestOrganisationFacts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "elders")
		n := func(v int) *int { return &v }
		set := func(orgID int64, year int, facts map[domain.OrgFact]*int) error {
			return s.SetOrganisationFacts(ctx, store.CLI, orgID, year, facts)
		}
		if err := set(org.ID, 2020, map[domain.OrgFact]*int{domain.FactEmployees: n(1080)}); err != nil {
			t.Fatal(err)
		}
		if err := set(org.ID, 2021, map[domain.OrgFact]*int{domain.FactEmployees: n(1100), domain.FactInternalAdvisers: n(2), domain.FactExternalAdvisers: n(0)}); err != nil {
			t.Fatal(err)
		}
		if err := set(other.ID, 2021, map[domain.OrgFact]*int{domain.FactEmployees: n(50)}); err != nil {
			t.Fatal(err)
		}
		// The second save of 2021 forgets the internal advisers.
		if err := set(org.ID, 2021, map[domain.OrgFact]*int{domain.FactEmployees: n(1110), domain.FactExternalAdvisers: n(1), domain.FactInternalAdvisers: nil}); err != nil {
			t.Fatal(err)
		}
		got, err := s.OrganisationFacts(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[2020][domain.FactEmployees] != 1080 || got[2021][domain.FactEmployees] != 1110 ||
			got[2021][domain.FactExternalAdvisers] != 1 || len(got[2021]) != 2 {
			t.Errorf("facts %v", got)
		}
		if o, _ := s.OrganisationFacts(ctx, other.ID); len(o) != 1 || o[2021][domain.FactEmployees] != 50 {
			t.Errorf("the other organisation's facts %v", o)
		}
		entries, err := s.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "organisation_facts.set", Limit: 10})
		if err != nil || len(entries) != 3 {
			t.Fatalf("%d audit entries (%v), want 3", len(entries), err)
		}
		if d := entries[0].Detail; d != "2021: employees 1110, internal_advisers -, external_advisers 1, integrity_coordinators -" {
			t.Errorf("audit detail %q", d)
		}

		for _, tc := range []struct {
			name  string
			year  int
			facts map[domain.OrgFact]*int
			field string
		}{
			{"no employees", 2021, map[domain.OrgFact]*int{domain.FactEmployees: n(0)}, "employees"},
			{"negative", 2021, map[domain.OrgFact]*int{domain.FactIntegrityCoordinators: n(-1)}, "integrity_coordinators"},
			{"too many", 2021, map[domain.OrgFact]*int{domain.FactEmployees: n(domain.MaxOrgFact + 1)}, "employees"},
			{"unknown measure", 2021, map[domain.OrgFact]*int{"volunteers": n(3)}, "volunteers"},
			{"year out of range", 1800, map[domain.OrgFact]*int{domain.FactEmployees: n(10)}, "year"},
		} {
			err := set(org.ID, tc.year, tc.facts)
			wantCode(t, err, domain.EINVALID)
			if e := domain.AsError(err); e == nil || e.Field != tc.field {
				t.Errorf("%s: %v, want a problem at %q", tc.name, err, tc.field)
			}
		}
		if again, _ := s.OrganisationFacts(ctx, org.ID); again[2021][domain.FactEmployees] != 1110 || len(again[2021]) != 2 {
			t.Errorf("a refused save changed the facts: %v", again)
		}
		if entries, _ := s.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "organisation_facts.set", Limit: 10}); len(entries) != 3 {
			t.Errorf("%d audit entries after refused saves, want 3", len(entries))
		}
	})
}
