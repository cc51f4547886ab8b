package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// recCoordinator makes a coordinator with a key pair and returns their
// keyring (no channel: advice requests belong to every coordinator).
func recCoordinator(t *testing.T, s *store.Store, org *domain.Organisation, name string) (*domain.User, store.Keyring) {
	t.Helper()
	u := mustUser(t, s, org, name, domain.RoleCoordinator)
	id, pub, err := seal.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserKey(context.Background(), store.CLI, &store.UserKey{UserID: u.ID, Public: pub, WrappedPrivate: []byte("x"), Salt: []byte("s")}); err != nil {
		t.Fatal(err)
	}
	return u, store.Keyring{UserID: u.ID, Identity: id}
}

func recDay(y int, m time.Month, d int) time.Time {
	return domain.Day(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
}

func recAuditActions(t *testing.T, s *store.Store, orgID int64) map[string]int {
	t.Helper()
	entries, err := s.AuditEntries(context.Background(), domain.AuditFilter{OrgID: orgID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range entries {
		out[e.Action]++
	}
	return out
}

func TestAdviceRequests(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s) // 2 March 2026
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		coord, kr := recCoordinator(t, s, org, "coord")
		_, kr2 := recCoordinator(t, s, org, "coord2")
		_, otherKR := recCoordinator(t, s, other, "elders")
		actor := store.UserActor(coord, "sess")

		// A summary is sealed: not in the database in clear, readable by
		// both coordinators, audited when read.
		answered := recDay(2026, 1, 9)
		a := &domain.AdviceRequest{ReceivedOn: recDay(2026, 1, 4), Topic: "outside_activities", Requester: "employee",
			AnsweredOn: &answered, Summary: "Mag ik bestuurslid worden van de voetbalclub? " + canary}
		if err := s.CreateAdviceRequest(ctx, actor, org.ID, a); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || !a.HasSummary {
			t.Fatalf("created = %+v", a)
		}
		for _, k := range []store.Keyring{kr, kr2} {
			got, err := s.OpenAdviceRequest(ctx, actor, org.ID, a.ID, k)
			if err != nil || !strings.Contains(got.Summary, canary) || got.Topic != "outside_activities" ||
				!got.ReceivedOn.Equal(recDay(2026, 1, 4)) || got.AnsweredOn == nil || !got.AnsweredOn.Equal(answered) {
				t.Fatalf("open = %+v, %v", got, err)
			}
		}
		// Another organisation's coordinator neither finds nor opens it.
		if _, err := s.OpenAdviceRequest(ctx, actor, other.ID, a.ID, otherKR); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("other organisation: %v", err)
		}
		if _, err := s.AdviceRequest(ctx, other.ID, a.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("other organisation: %v", err)
		}
		if err := s.DeleteAdviceRequest(ctx, actor, other.ID, a.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("delete from another organisation: %v", err)
		}
		if _, err := s.OpenAdviceRequest(ctx, actor, org.ID, a.ID, otherKR); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("a foreign key opens the summary: %v", err)
		}
		// The list carries no summary.
		plain, _ := s.AdviceRequest(ctx, org.ID, a.ID)
		if plain.Summary != "" || !plain.HasSummary {
			t.Fatalf("plain = %+v", plain)
		}
		assertNoCanary(t, s)

		// Bad input: every problem named, nothing stored.
		bad := &domain.AdviceRequest{ReceivedOn: recDay(2026, 3, 5), Topic: "weather", Requester: "mayor", AnsweredOn: &answered}
		errs := bad.Check(s.Now())
		fields := map[string]bool{}
		for _, err := range errs {
			fields[domain.AsError(err).Field] = true
		}
		for _, f := range []string{"received_on", "topic", "requester"} {
			if !fields[f] {
				t.Errorf("no error at %s: %v", f, errs)
			}
		}
		early := recDay(2026, 1, 2)
		wantCode(t, s.CreateAdviceRequest(ctx, actor, org.ID, &domain.AdviceRequest{ReceivedOn: recDay(2026, 1, 4), Topic: "gifts",
			Requester: "manager", AnsweredOn: &early}), domain.EINVALID)
		wantCode(t, s.CreateAdviceRequest(ctx, actor, org.ID, &domain.AdviceRequest{ReceivedOn: recDay(2026, 1, 4), Topic: "gifts",
			Summary: strings.Repeat("x", domain.MaxAdviceSummaryRunes+1)}), domain.EINVALID)
		if list, _ := s.AdviceRequests(ctx, org.ID, store.AdviceFilter{}); len(list) != 1 {
			t.Fatalf("bad input stored: %d requests", len(list))
		}

		// More requests over two years, one open; in another organisation one.
		for _, r := range []struct {
			on       time.Time
			topic    string
			answered bool
		}{
			{recDay(2025, 12, 31), "gifts", true}, {recDay(2026, 2, 1), "policy", false}, {recDay(2026, 2, 15), "gifts", true},
			{recDay(2025, 6, 1), "conduct", true},
		} {
			x := &domain.AdviceRequest{ReceivedOn: r.on, Topic: domain.AdviceTopic(r.topic), Requester: "manager"}
			if r.answered {
				x.AnsweredOn = &r.on
			}
			if err := s.CreateAdviceRequest(ctx, actor, org.ID, x); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateAdviceRequest(ctx, store.CLI, other.ID, &domain.AdviceRequest{ReceivedOn: recDay(2026, 1, 1), Topic: "gifts"}); err != nil {
			t.Fatal(err)
		}
		c, err := s.AdviceCounts(ctx, org.ID, 2026)
		if err != nil || c.Total != 3 || c.Open != 1 || c.Answered != 2 || c.ByTopic["gifts"] != 1 || c.ByTopic["outside_activities"] != 1 ||
			c.ByTopic["policy"] != 1 || c.ByTopic["other"] != 0 || len(c.ByTopic) != len(domain.AdviceTopics) {
			t.Fatalf("counts 2026 = %+v, %v", c, err)
		}
		if c, _ := s.AdviceCounts(ctx, org.ID, 2025); c.Total != 2 || c.ByTopic["conduct"] != 1 || c.ByTopic["gifts"] != 1 {
			t.Fatalf("counts 2025 = %+v", c)
		}
		byYear, _ := s.AdviceCountsByYear(ctx, org.ID)
		if len(byYear) != 2 || byYear[0].Year != 2026 || byYear[0].Total != 3 || byYear[1].Year != 2025 {
			t.Fatalf("by year = %+v", byYear)
		}
		for _, tc := range []struct {
			f    store.AdviceFilter
			want int
		}{
			{store.AdviceFilter{Year: 2026}, 3}, {store.AdviceFilter{Topic: "gifts"}, 2}, {store.AdviceFilter{State: "open"}, 1},
			{store.AdviceFilter{State: "answered", Year: 2025}, 2}, {store.AdviceFilter{Year: 2024}, 0},
		} {
			if list, _ := s.AdviceRequests(ctx, org.ID, tc.f); len(list) != tc.want {
				t.Errorf("filter %+v: %d, want %d", tc.f, len(list), tc.want)
			}
		}
		list, _ := s.AdviceRequests(ctx, org.ID, store.AdviceFilter{Sort: "topic"})
		if list[0].Topic != "outside_activities" || list[len(list)-1].Topic != "conduct" {
			t.Errorf("sorted by topic: %s … %s", list[0].Topic, list[len(list)-1].Topic)
		}
		if list, _ := s.AdviceRequests(ctx, org.ID, store.AdviceFilter{Sort: "date_asc"}); !list[0].ReceivedOn.Equal(recDay(2025, 6, 1)) {
			t.Errorf("oldest first starts with %v", list[0].ReceivedOn)
		}

		// Editing: keeping the summary, replacing it, removing it.
		a.Topic, a.Summary = "policy", ""
		if err := s.UpdateAdviceRequest(ctx, actor, org.ID, a, true); err != nil {
			t.Fatal(err)
		}
		got, _ := s.OpenAdviceRequest(ctx, actor, org.ID, a.ID, kr)
		if got.Topic != "policy" || !strings.Contains(got.Summary, canary) {
			t.Fatalf("kept summary: %+v", got)
		}
		a.Summary = "Nieuwe samenvatting"
		if err := s.UpdateAdviceRequest(ctx, actor, org.ID, a, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.OpenAdviceRequest(ctx, actor, org.ID, a.ID, kr2); got.Summary != "Nieuwe samenvatting" {
			t.Fatalf("replaced summary: %q", got.Summary)
		}
		a.Summary = ""
		if err := s.UpdateAdviceRequest(ctx, actor, org.ID, a, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.AdviceRequest(ctx, org.ID, a.ID); got.HasSummary {
			t.Fatal("the summary was not removed")
		}
		var grants int
		s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM record_grants WHERE kind = 'advice_requests' AND record_id = $1`, a.ID).Scan(&grants)
		if grants != 0 {
			t.Fatalf("%d grants left without a summary", grants)
		}
		a.ID = 99999
		wantCode(t, s.UpdateAdviceRequest(ctx, actor, other.ID, a, false), domain.ENOTFOUND)

		// Deleting takes the grants with it.
		x := &domain.AdviceRequest{ReceivedOn: recDay(2026, 2, 20), Topic: "resources", Requester: "office_holder", Summary: "weg"}
		if err := s.CreateAdviceRequest(ctx, actor, org.ID, x); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAdviceRequest(ctx, actor, org.ID, x.ID); err != nil {
			t.Fatal(err)
		}
		s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM record_grants WHERE kind = 'advice_requests' AND record_id = $1`, x.ID).Scan(&grants)
		if _, err := s.AdviceRequest(ctx, org.ID, x.ID); domain.ErrorCode(err) != domain.ENOTFOUND || grants != 0 {
			t.Fatalf("after delete: %v, %d grants", err, grants)
		}
		wantCode(t, s.DeleteAdviceRequest(ctx, actor, org.ID, x.ID), domain.ENOTFOUND)

		got2 := recAuditActions(t, s, org.ID)
		for _, action := range []string{"advice.create", "advice.update", "advice.delete", "advice.read_summary"} {
			if got2[action] == 0 {
				t.Errorf("no audit entry %s", action)
			}
		}
	})
}

// A summary nobody could open is refused; without a summary the request
// needs no key at all.
func TestAdviceSummaryNeedsARecipient(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		u := mustUser(t, s, org, "coord", domain.RoleCoordinator) // no key pair yet
		actor := store.UserActor(u, "sess")
		err := s.CreateAdviceRequest(ctx, actor, org.ID, &domain.AdviceRequest{ReceivedOn: s.Now(), Topic: "gifts", Requester: "employee", Summary: "x"})
		if e := domain.AsError(err); e == nil || e.Code != domain.EINVALID || e.Field != "summary" {
			t.Fatalf("summary without recipients: %v", err)
		}
		if list, _ := s.AdviceRequests(ctx, org.ID, store.AdviceFilter{}); len(list) != 0 {
			t.Fatal("a refused request was stored")
		}
		if err := s.CreateAdviceRequest(ctx, actor, org.ID, &domain.AdviceRequest{ReceivedOn: s.Now(), Topic: "gifts", Requester: "employee"}); err != nil {
			t.Fatal(err)
		}
		// With the recovery key only, the summary is sealed for it.
		_, public, _ := seal.NewIdentity()
		if err := s.SetRecoveryKey(ctx, store.CLI, org.ID, public); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateAdviceRequest(ctx, actor, org.ID, &domain.AdviceRequest{ReceivedOn: s.Now(), Topic: "gifts", Requester: "employee", Summary: "x"}); err != nil {
			t.Fatal(err)
		}
	})
}
