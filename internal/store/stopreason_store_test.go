package store_test

import (
	"context"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestStopReason (issue 11 defect 5): the outcome "discontinued" names why
// the investigation stopped; another outcome names no reason; "other"
// needs a note saying why. A refused outcome changes nothing; the reason is
// read back with the allegation and named in the timeline's entry.
func TestStopReason(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "stopstad")
		coord, kr := handler(t, s, org, "coord", "officials")
		actor := store.UserActor(coord, "sess")
		r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "employee", Anonymous: true,
			Content: domain.ReportContent{What: "Declaraties"}}, receipt(t, s, org.ID, "1234567890123457"))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Acknowledge(ctx, actor, org.ID, r.ID, kr, "Ontvangen."); err != nil {
			t.Fatal(err)
		}
		if err := s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "financial", 0); err != nil {
			t.Fatal(err)
		}
		got, _ := s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		aID := got.Allegations[0].ID
		set := func(c store.OutcomeChange) string {
			err := s.SetOutcomeWith(ctx, actor, org.ID, r.ID, aID, kr, c)
			if e := domain.AsError(err); e != nil && e.Code == domain.EINVALID {
				return e.Field + " " + e.Key
			}
			return "not refused: " + domain.ErrorCode(err)
		}
		for _, tc := range []struct {
			name   string
			change store.OutcomeChange
			want   string
		}{
			{"discontinued without a reason", store.OutcomeChange{Outcome: domain.OutcomeDiscontinued}, "stop_reason err.stop_reason_required"},
			{"the old call without a reason", store.OutcomeChange{Outcome: domain.OutcomeDiscontinued, Note: "Gestopt."}, "stop_reason err.stop_reason_required"},
			{"a reason with another outcome", store.OutcomeChange{Outcome: domain.OutcomeUnsubstantiated, StopReason: domain.StopPersonLeft}, "stop_reason err.stop_reason_not_discontinued"},
			{"other without a note", store.OutcomeChange{Outcome: domain.OutcomeDiscontinued, StopReason: domain.StopOther, Note: "  "}, "note err.stop_reason_other_note"},
			{"an unknown reason", store.OutcomeChange{Outcome: domain.OutcomeDiscontinued, StopReason: "bored"}, "stop_reason err.choice_invalid"},
		} {
			if got := set(tc.change); got != tc.want {
				t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
			}
		}
		if f := s.SetOutcome(ctx, actor, org.ID, r.ID, aID, kr, domain.OutcomeDiscontinued, ""); domain.AsError(f) == nil {
			t.Error("SetOutcome records discontinued without a reason")
		}
		got, _ = s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		if a := got.Allegations[0]; a.Outcome != "" || a.StopReason != "" {
			t.Fatalf("a refused outcome changed the allegation: %q %q", a.Outcome, a.StopReason)
		}
		if err := s.SetOutcomeWith(ctx, actor, org.ID, r.ID, aID, kr, store.OutcomeChange{Outcome: domain.OutcomeDiscontinued,
			StopReason: domain.StopOther, Note: "De betrokkene is overleden."}); err != nil {
			t.Fatal(err)
		}
		got, _ = s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		if a := got.Allegations[0]; a.Outcome != domain.OutcomeDiscontinued || a.StopReason != domain.StopOther || a.OutcomeNote != "De betrokkene is overleden." {
			t.Errorf("stored %q %q %q", a.Outcome, a.StopReason, a.OutcomeNote)
		}
		if err := s.SetOutcome(ctx, actor, org.ID, r.ID, aID, kr, domain.OutcomeUnsubstantiated, ""); err != nil {
			t.Fatal(err)
		}
		if got, _ = s.OpenReport(ctx, actor, org.ID, r.ID, kr); got.Allegations[0].StopReason != "" {
			t.Errorf("another outcome kept the reason %q", got.Allegations[0].StopReason)
		}
	})
}
