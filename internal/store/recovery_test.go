package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_RecoveryAfterPasswordReset: after a password reset the
// handler's key pair is replaced and their grants, wrapped to the old key,
// cannot be opened; the recovery replaces exactly those grants (it used to
// skip every report where a grant existed, restoring nothing). A second
// recovery finds nothing to do and says why in its counts and audit line.
func TestDefect_RecoveryAfterPasswordReset(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		orgIdentity, orgPub, _ := seal.NewIdentity()
		custodian := mustUser(t, s, org, "bewaarder", domain.RoleCustodian)
		cActor := store.UserActor(custodian, "c")
		h, kr := handler(t, s, org, "hh", "officials")
		early, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", Anonymous: true,
			Content: domain.ReportContent{What: "voor de herstelsleutel"}}, receipt(t, s, org.ID, "1111222233334444"))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetRecoveryKey(ctx, cActor, org.ID, orgPub); err != nil {
			t.Fatal(err)
		}
		r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", Anonymous: true,
			Content: domain.ReportContent{What: "melding"}}, receipt(t, s, org.ID, "5555666677778888"))
		if err != nil {
			t.Fatal(err)
		}
		hActor := store.UserActor(h, "h")
		if _, err := s.OpenReport(ctx, hActor, org.ID, r.ID, kr); err != nil {
			t.Fatalf("before the reset: %v", err)
		}

		// The reset: a new key pair at the next login.
		newID, newPub, _ := seal.NewIdentity()
		if err := s.SetUserKey(ctx, hActor, &store.UserKey{UserID: h.ID, Public: newPub, WrappedPrivate: []byte("y"), Salt: []byte("t")}); err != nil {
			t.Fatal(err)
		}
		newKR := store.Keyring{UserID: h.ID, Identity: newID}
		if _, err := s.OpenReport(ctx, hActor, org.ID, r.ID, newKR); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("after the reset, before recovery: %v", err)
		}

		got, err := s.RecoverAccess(ctx, cActor, org.ID, orgIdentity, h.ID)
		if want := (store.Recovery{Restored: 1, Replaced: 1, NoKey: 1}); err != nil || got != want {
			t.Fatalf("recovery after the reset: %+v, %v; want %+v", got, err, want)
		}
		if _, err := s.OpenReport(ctx, hActor, org.ID, r.ID, newKR); err != nil {
			t.Fatalf("after recovery: %v", err)
		}
		if _, err := s.OpenReport(ctx, hActor, org.ID, early.ID, newKR); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("a report from before the recovery key: %v", err)
		}

		// Again: nothing to restore, and the counts say why.
		got, err = s.RecoverAccess(ctx, cActor, org.ID, orgIdentity, h.ID)
		if want := (store.Recovery{Current: 1, NoKey: 1}); err != nil || got != want {
			t.Fatalf("second recovery: %+v, %v; want %+v", got, err, want)
		}
		entries, err := s.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "organisation.recovery_used"})
		if err != nil {
			t.Fatal(err)
		}
		var details []string
		for _, e := range entries {
			details = append(details, e.Detail)
		}
		all := strings.Join(details, "\n")
		if !strings.Contains(all, "1 reports (1 replacing a grant to a former key), 0 already open, 1 filed before the recovery key") ||
			!strings.Contains(all, "0 reports (0 replacing a grant to a former key), 1 already open, 1 filed before the recovery key") {
			t.Fatalf("audit details:\n%s", all)
		}
	})
}
