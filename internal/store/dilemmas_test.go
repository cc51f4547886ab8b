package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDilemmaSession plays a session through: draw, votes from three
// phones (one voting twice), a vote after the vote closed, the steps, the
// conclusion, and the close, which sums the votes into the round, forgets
// who voted, and records the session as an activity the annual report
// counts. Another organisation sees none of it.
func TestDilemmaSession(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s)
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		lead := mustUser(t, s, org, "teamleider", domain.RoleEmployee)
		actor := store.UserActor(lead, "sess")
		phone := func(n byte) []byte { h := sha256.Sum256([]byte{n}); return h[:] }

		ds := &domain.DilemmaSession{Title: "Team Vergunningen", Audience: domain.DilemmaOfficials, FacilitatorID: lead.ID}
		if err := s.StartDilemmaSession(ctx, actor, org.ID, ds); err != nil {
			t.Fatal(err)
		}
		if len(ds.Code) != domain.DilemmaCodeLength {
			t.Fatalf("code %q", ds.Code)
		}
		if _, err := s.OpenDilemmaSession(ctx, other.ID, ds.Code); !domain.IsNotFound(err) {
			t.Fatalf("another organisation opens the session: %v", err)
		}
		lower := string(bytes.ToLower([]byte(ds.Code[:3]))) + " " + ds.Code[3:]
		if got, err := s.OpenDilemmaSession(ctx, org.ID, lower); err != nil || got.ID != ds.ID {
			t.Fatalf("code typed as %q: %v", lower, err)
		}
		if err := s.VoteDilemma(ctx, org.ID, ds.Code, 1, phone(1), 0); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("a vote before any dilemma: %v", err)
		}
		deck := domain.DilemmaDeck()
		if err := s.DrawDilemma(ctx, actor, org.ID, ds.ID, "no-such"); !domain.IsNotFound(err) {
			t.Fatalf("drawing an unknown dilemma: %v", err)
		}
		if err := s.DrawDilemma(ctx, actor, org.ID, ds.ID, deck[0].Ref); err != nil {
			t.Fatal(err)
		}
		for i, v := range []struct {
			phone  byte
			choice int
			want   string
		}{{1, 0, ""}, {2, 1, ""}, {3, 1, ""}, {1, 1, domain.ECONFLICT}, {4, 99, domain.EINVALID}} {
			if err := s.VoteDilemma(ctx, org.ID, ds.Code, 1, phone(v.phone), v.choice); domain.ErrorCode(err) != v.want {
				t.Errorf("vote %d: %v, want %q", i, err, v.want)
			}
		}
		got, err := s.DilemmaSession(ctx, org.ID, ds.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c := got.Current(); c == nil || c.Votes[0] != 1 || c.Votes[1] != 2 || !got.Voting() {
			t.Fatalf("votes while open: %+v", got.Rounds)
		}
		if voted, _ := s.HasVoted(ctx, ds.ID, 1, phone(2)); !voted {
			t.Error("phone 2 has not voted")
		}
		if err := s.SetDilemmaStep(ctx, actor, org.ID, ds.ID, 1); err != nil {
			t.Fatal(err)
		}
		if err := s.VoteDilemma(ctx, org.ID, ds.Code, 1, phone(5), 0); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("a vote after the vote closed: %v", err)
		}
		if err := s.SetDilemmaStep(ctx, actor, org.ID, ds.ID, domain.DilemmaSteps+1); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("a step past the last: %v", err)
		}
		if err := s.KeepDilemmaConclusion(ctx, actor, org.ID, ds.ID, "Ik weiger, omdat ik onpartijdig moet zijn, ondanks de goede bedoeling."); err != nil {
			t.Fatal(err)
		}
		if err := s.DrawDilemma(ctx, actor, org.ID, ds.ID, deck[1].Ref); err != nil {
			t.Fatal(err)
		}
		if err := s.VoteDilemma(ctx, org.ID, ds.Code, 2, phone(4), 0); err != nil {
			t.Fatal(err)
		}
		before, _ := s.DilemmaSession(ctx, org.ID, ds.ID)

		act, err := s.CloseDilemmaSession(ctx, actor, org.ID, ds.ID, acDay(2026, 3, 2), "Team Vergunningen")
		if err != nil {
			t.Fatal(err)
		}
		if act.Kind != domain.ActivityKindDilemmaSession || act.Attendance == nil || *act.Attendance != 4 {
			t.Errorf("activity %+v, want a dilemma session with 4 participants", act)
		}
		closed, err := s.DilemmaSession(ctx, org.ID, ds.ID)
		if err != nil {
			t.Fatal(err)
		}
		if closed.Open() || closed.Participants != 4 || closed.ActivityID != act.ID || len(closed.Rounds) != 2 ||
			closed.Rounds[0].Votes[1] != 2 || closed.Rounds[0].Votes[0] != 1 || closed.Rounds[1].Votes[0] != 1 ||
			closed.Rounds[0].Conclusion == "" || closed.Version <= before.Version {
			t.Errorf("closed session %+v", closed)
		}
		var votes int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM dilemma_votes`).Scan(&votes); err != nil || votes != 0 {
			t.Errorf("after closing, %d votes are kept with their phone's hash (%v)", votes, err)
		}
		if _, err := s.OpenDilemmaSession(ctx, org.ID, ds.Code); !domain.IsNotFound(err) {
			t.Errorf("a closed session can be joined: %v", err)
		}
		if err := s.DrawDilemma(ctx, actor, org.ID, ds.ID, deck[2].Ref); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("drawing in a closed session: %v", err)
		}
		counts, err := s.ActivityCounts(ctx, org.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if counts.ByKind[string(domain.ActivityKindDilemmaSession)] != 1 {
			t.Errorf("the year's activities count %v dilemma sessions", counts.ByKind)
		}
		if got := acAuditActions(t, s, org.ID, "dilemma_session."); len(got) != 6 {
			t.Errorf("audited %q, want start, two draws, a step, the conclusion and the close", got)
		}
	})
}

// TestOwnDilemmas: an organisation adds and deletes its own dilemmas; a bad
// one is refused at its fields and nothing is stored.
func TestOwnDilemmas(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		actor := store.UserActor(mustUser(t, s, org, "coo", domain.RoleCoordinator), "s")
		bad := &domain.Dilemma{Audience: "everyone", Theme: "gifts", NL: domain.DilemmaText{Title: " ", Options: []string{"Alleen dit"}}}
		if err := s.CreateDilemma(ctx, actor, org.ID, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("bad dilemma: %v", err)
		}
		if n := len(bad.Check()); n != 4 {
			t.Errorf("bad dilemma has %d problems, want title, text, options and audience", n)
		}
		d := &domain.Dilemma{Audience: domain.DilemmaBoth, Theme: "gifts",
			NL: domain.DilemmaText{Title: "Taart van de aannemer", Text: "De aannemer brengt taart.", Options: []string{"Aannemen", "", "Weigeren"}}}
		if err := s.CreateDilemma(ctx, actor, org.ID, d); err != nil {
			t.Fatal(err)
		}
		owns, err := s.OwnDilemmas(ctx, org.ID)
		if err != nil || len(owns) != 1 || len(owns[0].NL.Options) != 2 {
			t.Fatalf("own dilemmas %+v, %v", owns, err)
		}
		if got, err := s.DilemmaByRef(ctx, org.ID, d.Ref); err != nil || got.NL.Title != "Taart van de aannemer" {
			t.Fatalf("by ref %q: %+v %v", d.Ref, got, err)
		}
		if _, err := s.DilemmaByRef(ctx, other.ID, d.Ref); !domain.IsNotFound(err) {
			t.Errorf("another organisation reads the own dilemma: %v", err)
		}
		if err := s.DeleteDilemma(ctx, actor, other.ID, d.OwnID); !domain.IsNotFound(err) {
			t.Errorf("deleted through another organisation: %v", err)
		}
		if err := s.DeleteDilemma(ctx, actor, org.ID, d.OwnID); err != nil {
			t.Fatal(err)
		}
		if owns, _ := s.OwnDilemmas(ctx, org.ID); len(owns) != 0 {
			t.Errorf("after delete: %d", len(owns))
		}
	})
}
