package store_test

import (
	"bytes"
	"context"
	"maps"
	"strconv"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_ReportListHasNoSubject: the coordinator gives a report a short
// subject for the list, sealed like the narrative (the database holds no
// trace of it), readable by the channel's handlers only; the list's other
// facts (first category, assignees) come from the clear columns.
func TestDefect_ReportListHasNoSubject(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		coord, kr := handler(t, s, org, "coord", "officials")
		mayor, mayorKR := handler(t, s, org, "mayor", "office_holders")
		actor := store.UserActor(coord, "sess")
		r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "employee", Anonymous: true,
			Content: domain.ReportContent{What: "Declaraties"}}, receipt(t, s, org.ID, "1234567890123456"))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetSubject(ctx, actor, org.ID, r.ID, kr, "  Declaraties "+canary+"  "); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSubject(ctx, actor, org.ID, r.ID, kr, strings.Repeat("x", domain.MaxSubjectRunes+1)); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("a subject too long: %v", err)
		}
		if err := s.SetSubject(ctx, store.UserActor(mayor, "m"), org.ID, r.ID, mayorKR, "x"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another channel's handler set the subject: %v", err)
		}
		var raw []byte
		if err := s.DB().QueryRow(`SELECT subject FROM reports WHERE id = $1`, r.ID).Scan(&raw); err != nil || len(raw) == 0 || bytes.Contains(raw, []byte(canary)) {
			t.Fatalf("subject stored as %q, %v: want it sealed", raw, err)
		}
		got, err := s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		if err != nil || got.Subject != "Declaraties "+canary {
			t.Fatalf("opened subject %q, %v", got.Subject, err)
		}
		subjects, err := s.ReportSubjects(ctx, actor, org.ID, kr, []int64{r.ID})
		if err != nil || subjects[r.ID] != "Declaraties "+canary {
			t.Fatalf("list subjects %v, %v", subjects, err)
		}
		if other, err := s.ReportSubjects(ctx, store.UserActor(mayor, "m"), org.ID, mayorKR, []int64{r.ID}); err != nil || len(other) != 0 {
			t.Fatalf("another channel's handler read subjects %v, %v", other, err)
		}
		if err := s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "financial", 0); err != nil {
			t.Fatal(err)
		}
		if err := s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "undesirable_conduct", 0); err != nil {
			t.Fatal(err)
		}
		if err := s.AssignReport(ctx, actor, org.ID, r.ID, kr, []int64{coord.ID}); err != nil {
			t.Fatal(err)
		}
		facts, err := s.ReportListFacts(ctx, org.ID, []int64{r.ID})
		if err != nil {
			t.Fatal(err)
		}
		f := facts[r.ID]
		if f == nil || len(f.Categories) != 2 || f.Categories[0] != "financial" || len(f.Assignees) != 1 || f.Assignees[0] != coord.ID {
			t.Fatalf("facts %+v", f)
		}
		// Another organisation's ids yield nothing.
		other := mustOrg(t, s, "oss")
		if facts, _ := s.ReportListFacts(ctx, other.ID, []int64{r.ID}); len(facts[r.ID].Categories) != 0 {
			t.Fatal("facts cross organisations")
		}
	})
}

// TestReportSubjectsOfAPage: the subjects of a page are read together, and
// still only those of reports that exist, have a subject and belong to the
// handler's channels, each under its own report's key.
func TestReportSubjectsOfAPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "page")
		coord, kr := handler(t, s, org, "coord", "officials")
		actor := store.UserActor(coord, "sess")
		var ids []int64
		// Six, so that the keys are unwrapped by more than one worker.
		for i, code := range []string{"1111111111111111", "2222222222222222", "3333333333333333", "4444444444444444", "5555555555555555",
			"6666666666666666"} {
			r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "employee", Anonymous: true,
				Content: domain.ReportContent{What: "x"}}, receipt(t, s, org.ID, code))
			if err != nil {
				t.Fatal(err)
			}
			if i%3 != 1 { // the second and the fifth have no subject
				if err := s.SetSubject(ctx, actor, org.ID, r.ID, kr, "onderwerp "+strconv.Itoa(i)); err != nil {
					t.Fatal(err)
				}
			}
			ids = append(ids, r.ID)
		}
		got, err := s.ReportSubjects(ctx, actor, org.ID, kr, append(ids, ids[2]+1000))
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]string{ids[0]: "onderwerp 0", ids[2]: "onderwerp 2", ids[3]: "onderwerp 3", ids[5]: "onderwerp 5"}
		if !maps.Equal(got, want) {
			t.Fatalf("subjects %v, want %v", got, want)
		}
	})
}
