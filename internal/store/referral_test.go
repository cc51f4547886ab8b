package store_test

import (
	"context"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_ReferredWithoutBody: the outcome "referred" names the body the
// allegation went to; "other" names it in words; a referral cannot be
// cleared while an allegation says it was referred.
func TestDefect_ReferredWithoutBody(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "verwijsstad")
		coord, kr := handler(t, s, org, "coord", "officials")
		actor := store.UserActor(coord, "sess")
		r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "resident", Anonymous: true,
			Content: domain.ReportContent{What: "Datalek"}}, receipt(t, s, org.ID, "1234567890123456"))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Acknowledge(ctx, actor, org.ID, r.ID, kr, "Ontvangen."); err != nil {
			t.Fatal(err)
		}
		if err := s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "information_misuse", 0); err != nil {
			t.Fatal(err)
		}
		got, _ := s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		aID := got.Allegations[0].ID
		field := func(err error) string {
			if e := domain.AsError(err); e != nil && e.Code == domain.EINVALID {
				return e.Field
			}
			return "not refused: " + domain.ErrorCode(err)
		}
		if f := field(s.SetOutcome(ctx, actor, org.ID, r.ID, aID, kr, domain.OutcomeReferred, "")); f != "referred_to" {
			t.Errorf("referred without a body: %s, want refused at referred_to", f)
		}
		if f := field(s.SetOutcomeReferred(ctx, actor, org.ID, r.ID, aID, kr, domain.OutcomeReferred, "", domain.ReferralOther, "")); f != "referred_name" {
			t.Errorf("referred to another body without its name: %s, want refused at referred_name", f)
		}
		if f := field(s.Refer(ctx, actor, org.ID, r.ID, kr, domain.ReferralOther, " ")); f != "referred_name" {
			t.Errorf("a referral to another body without its name: %s", f)
		}
		got, _ = s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		if got.ReferredTo != "" || got.Allegations[0].Outcome != "" {
			t.Fatalf("a refused step changed the report: %q %q", got.ReferredTo, got.Allegations[0].Outcome)
		}
		if err := s.SetOutcomeReferred(ctx, actor, org.ID, r.ID, aID, kr, domain.OutcomeReferred, "", domain.ReferralOther, "Autoriteit Persoonsgegevens"); err != nil {
			t.Fatal(err)
		}
		got, _ = s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		if got.ReferredTo != domain.ReferralOther || got.Content.ReferredName != "Autoriteit Persoonsgegevens" || got.Allegations[0].Outcome != domain.OutcomeReferred {
			t.Errorf("after referring: %q %q %q", got.ReferredTo, got.Content.ReferredName, got.Allegations[0].Outcome)
		}
		if f := field(s.Refer(ctx, actor, org.ID, r.ID, kr, "", "")); f != "referred_to" {
			t.Errorf("clearing the referral of a referred allegation: %s", f)
		}
		if err := s.Refer(ctx, actor, org.ID, r.ID, kr, domain.ReferralDataProtectionOfficer, ""); err != nil {
			t.Errorf("another body: %v", err)
		}
	})
}
