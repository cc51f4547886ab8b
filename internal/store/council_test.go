package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestCouncilRegisters(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clock := newClock(s) // 2 March 2026
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		u := mustUser(t, s, org, "griffie", domain.RoleClerk)
		actor := store.UserActor(u, "sess")

		// Questions: 2025 as in Helmond's report, scaled down.
		ask := func(orgID int64, day time.Time, mayor, inquiry bool, topic string) *domain.CouncilQuestion {
			t.Helper()
			q := &domain.CouncilQuestion{Date: day, MayorConversation: mayor, PreliminaryInquiry: inquiry, Topic: domain.CouncilTopic(topic)}
			if err := s.CreateCouncilQuestion(ctx, actor, orgID, q); err != nil {
				t.Fatal(err)
			}
			return q
		}
		first := ask(org.ID, acDay(2025, 1, 4), true, true, "conflict_of_interest")
		ask(org.ID, acDay(2025, 2, 5), true, false, "")
		ask(org.ID, acDay(2025, 12, 31), false, false, "gifts")
		ask(org.ID, acDay(2026, 1, 2), true, false, "")
		ask(other.ID, acDay(2025, 3, 3), true, true, "")

		c, err := s.CouncilCounts(ctx, org.ID, 2025)
		if err != nil || c.Contacts != 3 || c.MayorConversations != 2 || c.PreliminaryInquiries != 1 || c.Screenings != 0 {
			t.Errorf("counts 2025 = %+v, %v", c, err)
		}

		// Refused: a future date, an unknown topic; across organisations
		// nothing exists.
		wantCode(t, s.CreateCouncilQuestion(ctx, actor, org.ID, &domain.CouncilQuestion{Date: acDay(2026, 3, 3)}), domain.EINVALID)
		wantCode(t, s.CreateCouncilQuestion(ctx, actor, org.ID, &domain.CouncilQuestion{Date: acDay(2026, 3, 1), Topic: "weather"}), domain.EINVALID)
		wantCode(t, s.CreateCouncilQuestion(ctx, actor, org.ID, &domain.CouncilQuestion{}), domain.EINVALID)
		if _, err := s.CouncilQuestion(ctx, other.ID, first.ID); !domain.IsNotFound(err) {
			t.Errorf("read across organisations: %v", err)
		}
		wantCode(t, s.DeleteCouncilQuestion(ctx, actor, other.ID, first.ID), domain.ENOTFOUND)
		first.PreliminaryInquiry = false
		wantCode(t, s.UpdateCouncilQuestion(ctx, actor, other.ID, first), domain.ENOTFOUND)
		if err := s.UpdateCouncilQuestion(ctx, actor, org.ID, first); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.CouncilCounts(ctx, org.ID, 2025); c.PreliminaryInquiries != 0 {
			t.Errorf("after update: %+v", c)
		}
		if err := s.DeleteCouncilQuestion(ctx, actor, org.ID, first.ID); err != nil {
			t.Fatal(err)
		}
		if qs, _ := s.CouncilQuestions(ctx, org.ID, 2025); len(qs) != 2 || qs[1].Topic != "gifts" {
			t.Errorf("questions 2025 = %+v", qs)
		}

		// Screenings: a reference, never a name; a note the audit log
		// never repeats.
		x := &domain.Screening{Date: acDay(2026, 2, 20), Reference: " kandidaat-wethouder 2026-1 ", CandidateRole: "alderman",
			PerformedBy: "BING", Outcome: "risks_mitigated", Note: "Nevenfunctie wordt afgebouwd."}
		if err := s.CreateScreening(ctx, actor, org.ID, x); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Screening(ctx, org.ID, x.ID); err != nil || got.Reference != "kandidaat-wethouder 2026-1" || got.Note != x.Note {
			t.Errorf("screening = %+v, %v", got, err)
		}
		for field, bad := range map[string]domain.Screening{
			"reference":      {Date: acDay(2026, 2, 20), CandidateRole: "alderman", PerformedBy: "BING", Outcome: "no_risks"},
			"candidate_role": {Date: acDay(2026, 2, 20), Reference: "r", CandidateRole: "mayor", PerformedBy: "BING", Outcome: "no_risks"},
			"performed_by":   {Date: acDay(2026, 2, 20), Reference: "r", CandidateRole: "alderman", Outcome: "no_risks"},
			"outcome":        {Date: acDay(2026, 2, 20), Reference: "r", CandidateRole: "alderman", PerformedBy: "BING"},
			"note":           {Date: acDay(2026, 2, 20), Reference: "r", CandidateRole: "alderman", PerformedBy: "BING", Outcome: "no_risks", Note: strings.Repeat("x", 1001)},
			"date":           {Date: acDay(2026, 3, 9), Reference: "r", CandidateRole: "alderman", PerformedBy: "BING", Outcome: "no_risks"},
		} {
			err := s.CreateScreening(ctx, actor, org.ID, &bad)
			if e := domain.AsError(err); e == nil || e.Code != domain.EINVALID || e.Field != field {
				t.Errorf("%s: %v", field, err)
			}
		}
		x.Outcome = "advised_against"
		if err := s.UpdateScreening(ctx, actor, org.ID, x); err != nil {
			t.Fatal(err)
		}
		c, _ = s.CouncilCounts(ctx, org.ID, 2026)
		if c.Contacts != 1 || c.Screenings != 1 || c.ScreeningsByOutcome["advised_against"] != 1 || c.ScreeningsByOutcome["no_risks"] != 0 {
			t.Errorf("counts 2026 = %+v", c)
		}
		wantCode(t, s.DeleteScreening(ctx, actor, other.ID, x.ID), domain.ENOTFOUND)

		// Codes of conduct: versions per body; all years or one.
		code := func(body, version string, adopted time.Time) *domain.ConductCode {
			t.Helper()
			cc := &domain.ConductCode{Body: domain.ConductBody(body), Title: "Gedragscode " + body, Version: version, AdoptedOn: adopted, PublishedAt: "Gemeenteblad"}
			if err := s.CreateConductCode(ctx, actor, org.ID, cc); err != nil {
				t.Fatal(err)
			}
			return cc
		}
		old := code("council", "2019", acDay(2019, 6, 1))
		code("council", "2026", acDay(2026, 2, 1))
		code("mayor", "1.0", acDay(2022, 5, 10))
		wantCode(t, s.CreateConductCode(ctx, actor, org.ID, &domain.ConductCode{Body: "party", Title: "t", Version: "1", AdoptedOn: acDay(2022, 1, 1)}), domain.EINVALID)
		wantCode(t, s.CreateConductCode(ctx, actor, org.ID, &domain.ConductCode{Body: "council", Title: "t", AdoptedOn: acDay(2022, 1, 1)}), domain.EINVALID)
		if all, err := s.ConductCodes(ctx, org.ID, 0); err != nil || len(all) != 3 || all[0].ID != old.ID {
			t.Errorf("codes = %+v, %v", all, err)
		}
		if y, _ := s.ConductCodes(ctx, org.ID, 2026); len(y) != 1 || y[0].Version != "2026" {
			t.Errorf("codes 2026 = %+v", y)
		}
		if none, _ := s.ConductCodes(ctx, other.ID, 0); len(none) != 0 {
			t.Errorf("another organisation sees %d codes", len(none))
		}
		old.Version = "2019-a"
		if err := s.UpdateConductCode(ctx, actor, org.ID, old); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteConductCode(ctx, actor, org.ID, old.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ConductCode(ctx, org.ID, old.ID); !domain.IsNotFound(err) {
			t.Errorf("deleted code: %v", err)
		}

		// Later, the future date of before is allowed.
		clock.Add(14 * 24 * time.Hour)
		if err := s.CreateCouncilQuestion(ctx, actor, org.ID, &domain.CouncilQuestion{Date: acDay(2026, 3, 3)}); err != nil {
			t.Errorf("a past date refused: %v", err)
		}
		if years, err := s.CouncilYears(ctx, org.ID); err != nil || !slices.Equal(years, []int{2026, 2025, 2022}) {
			t.Errorf("years = %v, %v", years, err)
		}

		got := acAuditActions(t, s, org.ID, "council.")
		want := []string{"council.code_create", "council.code_create", "council.code_create", "council.code_delete", "council.code_update",
			"council.question_create", "council.question_create", "council.question_create", "council.question_create", "council.question_create",
			"council.question_create", "council.question_delete", "council.question_update", "council.screening_create", "council.screening_update"}
		if !slices.Equal(got, want) {
			t.Errorf("audit = %v", got)
		}
		entries, _ := s.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "council.screening", Limit: 10})
		for _, e := range entries {
			if strings.Contains(e.Detail, "kandidaat") || strings.Contains(e.Detail, "Nevenfunctie") {
				t.Errorf("audit detail %q names the reference or the note", e.Detail)
			}
		}
	})
}
