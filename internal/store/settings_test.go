package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestOrgSettings: the HR department is "HR" until the organisation names
// its own; the name and the accessibility contact are kept per
// organisation, a name too long changes nothing, and the change is audited.
func TestOrgSettings(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "eindhoven")
		admin := store.UserActor(mustUser(t, s, org, "beheer", domain.RoleAdmin), "sess")
		if o, err := s.OrgSettings(ctx, org.ID); err != nil || o.HR() != "HR" || o.A11yContact != "" {
			t.Fatalf("defaults: %+v, %v", o, err)
		}
		want := domain.OrgSettings{HRName: " P&O ", A11yContact: "toegankelijkheid@helmond.nl", A11yAssessed: domain.Date{Year: 2026, Month: time.June, Day: 1}}
		if err := s.SetOrgSettings(ctx, admin, org.ID, want); err != nil {
			t.Fatal(err)
		}
		got, err := s.OrgSettings(ctx, org.ID)
		if err != nil || got.HR() != "P&O" || got.A11yContact != want.A11yContact || got.A11yAssessed != want.A11yAssessed {
			t.Fatalf("after setting: %+v, %v", got, err)
		}
		if o, _ := s.OrgSettings(ctx, other.ID); o.HR() != "HR" {
			t.Fatalf("another organisation's HR is %q", o.HR())
		}
		err = s.SetOrgSettings(ctx, admin, org.ID, domain.OrgSettings{HRName: strings.Repeat("x", 41)})
		if e := domain.AsError(err); e == nil || e.Code != domain.EINVALID || e.Field != "hr_name" {
			t.Fatalf("a name of 41 characters: %v", err)
		}
		if o, _ := s.OrgSettings(ctx, org.ID); o.HR() != "P&O" {
			t.Fatalf("a refused change changed the name to %q", o.HR())
		}
		var n int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.settings' AND org_id = $1`, org.ID).Scan(&n); err != nil || n != 1 {
			t.Fatalf("audit entries: %d, %v", n, err)
		}
	})
}
