package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestUnkeyed: the report list marks the reports a handler holds no key
// for (issue 12, point 21); Unkeyed names exactly those of the ids asked.
func TestUnkeyed(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		a, _ := handler(t, s, org, "aa", "officials")
		file := func(code string) int64 {
			r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", Anonymous: true,
				Content: domain.ReportContent{What: "melding"}}, receipt(t, s, org.ID, code))
			if err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		before := file("1111222233334444")
		b, _ := handler(t, s, org, "bb", "officials") // joins after the first report
		after := file("5555666677778888")
		for _, tc := range []struct {
			user int64
			want map[int64]bool
		}{{a.ID, map[int64]bool{}}, {b.ID, map[int64]bool{before: true}}} {
			got, err := s.Unkeyed(ctx, tc.user, []int64{before, after})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("user %d: (-want +got)\n%s", tc.user, diff)
			}
		}
		if got, err := s.Unkeyed(ctx, b.ID, nil); err != nil || len(got) != 0 {
			t.Errorf("no ids: %v, %v", got, err)
		}
	})
}

// TestMinutesCorrectionIsItsOwnKind: the reporter's correction of the
// minutes is stored as a correction, not as an ordinary message, so both
// the mailbox and the report page can say what it is (issue 12, point 19).
func TestMinutesCorrectionIsItsOwnKind(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		u, kr := handler(t, s, org, "coord", "officials")
		rc := receipt(t, s, org.ID, "1111222233334444")
		r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", Anonymous: true,
			Content: domain.ReportContent{What: "melding"}}, rc)
		if err != nil {
			t.Fatal(err)
		}
		id, err := s.AddMessage(ctx, store.UserActor(u, "t"), org.ID, r.ID, kr, domain.KindMinutes, "verslag")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AnswerMinutes(ctx, org.ID, rc, id, false, "verslag, verbeterd"); err != nil {
			t.Fatal(err)
		}
		mb, err := s.OpenMailbox(ctx, org.ID, rc)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range mb.Messages {
			got = append(got, string(m.Kind)+":"+string(m.Approval)+":"+m.Body)
		}
		if diff := cmp.Diff([]string{"minutes:corrected:verslag", "correction::verslag, verbeterd"}, got); diff != "" {
			t.Errorf("(-want +got)\n%s", diff)
		}
	})
}
