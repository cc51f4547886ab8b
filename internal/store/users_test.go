package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestOrganisations(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := mustOrg(t, s, "helmond")
		mustOrg(t, s, "huizen")
		wantCode(t, s.CreateOrganisation(ctx, store.CLI, &domain.Organisation{Slug: "helmond", Name: "Dubbel"}), domain.ECONFLICT)
		wantCode(t, s.CreateOrganisation(ctx, store.CLI, &domain.Organisation{Slug: "Bad Slug", Name: "x"}), domain.EINVALID)
		wantCode(t, s.CreateOrganisation(ctx, store.CLI, &domain.Organisation{Slug: "static", Name: "x"}), domain.EINVALID)

		got, err := s.OrganisationBySlug(ctx, "helmond")
		if err != nil || got.ID != a.ID || got.Name != "Gemeente helmond" {
			t.Fatalf("by slug = %+v, %v", got, err)
		}
		_, err = s.OrganisationBySlug(ctx, "nowhere")
		wantCode(t, err, domain.ENOTFOUND)
		all, err := s.Organisations(ctx)
		if err != nil || len(all) != 2 || all[0].Slug != "helmond" || all[1].Slug != "huizen" {
			t.Fatalf("list = %v, %v", all, err)
		}
	})
}

func TestUsers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		other := mustOrg(t, s, "huizen")
		u := mustUser(t, s, org, "Coord", domain.RoleHR, domain.RoleCoordinator)
		if u.Username != "coord" {
			t.Errorf("username not lower-cased: %q", u.Username)
		}
		mustUser(t, s, other, "coord", domain.RoleAdmin) // same name, other organisation

		got, err := s.UserByUsername(ctx, org.ID, " COORD ")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]domain.Role{domain.RoleCoordinator, domain.RoleHR}, got.Roles); diff != "" {
			t.Errorf("roles (-want +got):\n%s", diff)
		}
		_, err = s.UserByID(ctx, other.ID, u.ID)
		wantCode(t, err, domain.ENOTFOUND) // never across organisations

		dup := &domain.User{OrgID: org.ID, Username: "coord", PasswordHash: "x", Roles: []domain.Role{domain.RoleHR}}
		wantCode(t, s.CreateUser(ctx, store.CLI, dup), domain.ECONFLICT)
		bad := &domain.User{OrgID: org.ID, Username: "x y", PasswordHash: "x", Roles: []domain.Role{domain.RoleHR}}
		wantCode(t, s.CreateUser(ctx, store.CLI, bad), domain.EINVALID)

		if err := s.SetRoles(ctx, store.CLI, org.ID, u.ID, []domain.Role{domain.RoleAuditor}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.SetRoles(ctx, store.CLI, other.ID, u.ID, []domain.Role{domain.RoleAdmin}), domain.ENOTFOUND)
		users, err := s.Users(ctx, org.ID)
		if err != nil || len(users) != 1 || !cmp.Equal(users[0].Roles, []domain.Role{domain.RoleAuditor}) {
			t.Fatalf("users = %+v, %v", users, err)
		}
		wantCode(t, s.SetDisabled(ctx, store.CLI, other.ID, u.ID, true), domain.ENOTFOUND)
		if err := s.SetDisabled(ctx, store.CLI, org.ID, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.UserByID(ctx, org.ID, u.ID); !got.Disabled {
			t.Error("user not disabled")
		}
	})
}

func TestTwoFactorState(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		u := mustUser(t, s, org, "coord", domain.RoleCoordinator)
		if err := s.EnrolTwoFactor(ctx, store.CLI, org.ID, u.ID, "SECRET", 100, []string{"h1", "h2"}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.UseTOTPStep(ctx, u.ID, 100), domain.EUNAUTHORIZED) // the enrolment code itself
		if err := s.UseTOTPStep(ctx, u.ID, 101); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.UseTOTPStep(ctx, u.ID, 101), domain.EUNAUTHORIZED) // replay
		wantCode(t, s.UseTOTPStep(ctx, u.ID, 99), domain.EUNAUTHORIZED)  // older step

		if err := s.UseRecoveryCode(ctx, u.ID, "h1"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.UseRecoveryCode(ctx, u.ID, "h1"), domain.EUNAUTHORIZED) // once only
		wantCode(t, s.UseRecoveryCode(ctx, u.ID, "nope"), domain.EUNAUTHORIZED)
		if n, _ := s.RecoveryCodesLeft(ctx, u.ID); n != 1 {
			t.Errorf("codes left = %d, want 1", n)
		}
		if err := s.ResetTwoFactor(ctx, store.CLI, org.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := s.UserByID(ctx, org.ID, u.ID)
		if got.TwoFactorEnrolled() {
			t.Error("secret kept after reset")
		}
		if n, _ := s.RecoveryCodesLeft(ctx, u.ID); n != 0 {
			t.Errorf("codes left after reset = %d", n)
		}
	})
}
