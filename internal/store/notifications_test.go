package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// mailUser makes an account with an e-mail address.
func mailUser(t *testing.T, s *store.Store, org *domain.Organisation, username, email string, roles ...domain.Role) *domain.User {
	t.Helper()
	u := &domain.User{OrgID: org.ID, Username: username, Email: email, PasswordHash: "$argon2id$test", Roles: roles}
	if err := s.CreateUser(context.Background(), store.CLI, u); err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

func TestChannelHandlerAddresses(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, other := mustOrg(t, s, "tilburg"), mustOrg(t, s, "breda")
		withMail := mailUser(t, s, org, "coord", "coord@tilburg.example", domain.RoleCoordinator)
		noMail := mailUser(t, s, org, "nomail", "", domain.RoleCoordinator)
		disabled := mailUser(t, s, org, "disabled", "disabled@tilburg.example", domain.RoleCoordinator)
		demoted := mailUser(t, s, org, "demoted", "demoted@tilburg.example", domain.RoleCoordinator)
		elsewhere := mailUser(t, s, org, "mayorside", "mayor@tilburg.example", domain.RoleCoordinator)
		otherOrg := mailUser(t, s, other, "coord", "coord@breda.example", domain.RoleCoordinator)

		officials, err := s.ChannelByCode(ctx, org.ID, "officials")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetChannelHandlers(ctx, store.CLI, org.ID, officials.ID, []int64{withMail.ID, noMail.ID, disabled.ID, demoted.ID}); err != nil {
			t.Fatal(err)
		}
		holders, _ := s.ChannelByCode(ctx, org.ID, "office_holders")
		if err := s.SetChannelHandlers(ctx, store.CLI, org.ID, holders.ID, []int64{elsewhere.ID}); err != nil {
			t.Fatal(err)
		}
		otherOfficials, _ := s.ChannelByCode(ctx, other.ID, "officials")
		if err := s.SetChannelHandlers(ctx, store.CLI, other.ID, otherOfficials.ID, []int64{otherOrg.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDisabled(ctx, store.CLI, org.ID, disabled.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRoles(ctx, store.CLI, org.ID, demoted.ID, []domain.Role{domain.RoleEmployee}); err != nil {
			t.Fatal(err)
		}

		got, err := s.ChannelHandlerAddresses(ctx, officials.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.Recipient{{UserID: withMail.ID, Email: "coord@tilburg.example"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("officials (-want +got):\n%s", diff)
		}
		if got, _ := s.ChannelHandlerAddresses(ctx, holders.ID); len(got) != 1 || got[0].UserID != elsewhere.ID {
			t.Errorf("office holders = %+v", got)
		}
		mayor, _ := s.ChannelByCode(ctx, org.ID, "mayor")
		if got, err := s.ChannelHandlerAddresses(ctx, mayor.ID); err != nil || len(got) != 0 {
			t.Errorf("channel without handlers = %+v, %v", got, err)
		}
	})
}

func TestOpenReportsForReminders(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s)
		org, other := mustOrg(t, s, "tilburg"), mustOrg(t, s, "breda")
		coord, kr := handler(t, s, org, "coord", "officials")
		handler(t, s, other, "coord", "mayor")
		actor := store.UserActor(coord, "sess")
		create := func(org *domain.Organisation, channel, code string) *domain.Report {
			t.Helper()
			r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{
				Channel: channel, Anonymous: true, Content: domain.ReportContent{What: "Iets " + canary},
			}, receipt(t, s, org.ID, code))
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		received := create(org, "officials", "1111111111111111")
		acknowledged := create(org, "officials", "2222222222222222")
		answered := create(org, "officials", "3333333333333333")
		closed := create(org, "officials", "4444444444444444")
		elsewhere := create(other, "mayor", "5555555555555555")
		for _, r := range []*domain.Report{acknowledged, answered} {
			if err := s.Acknowledge(ctx, actor, org.ID, r.ID, kr, "Ontvangen."); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.AddMessage(ctx, actor, org.ID, answered.ID, kr, domain.KindFeedback, "Terugkoppeling."); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().ExecContext(ctx, `UPDATE reports SET state = 'closed', closed_at = received_at WHERE id = $1`, closed.ID); err != nil {
			t.Fatal(err)
		}

		got, err := s.OpenReportsForReminders(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range got {
			ids = append(ids, r.ID)
			if r.Content != nil || r.Identity != nil {
				t.Errorf("report %d was opened: %+v", r.ID, r)
			}
		}
		want := []int64{received.ID, acknowledged.ID, elsewhere.ID}
		slices.Sort(ids)
		slices.Sort(want)
		if !slices.Equal(ids, want) {
			t.Fatalf("reports = %v, want %v", ids, want)
		}
		for _, r := range got {
			if r.ID == acknowledged.ID && (r.AcknowledgedAt == nil || r.State != domain.StateAcknowledged || r.Number == "") {
				t.Errorf("acknowledged report = %+v", r)
			}
			if r.ID == elsewhere.ID && (r.OrgID != other.ID || r.ChannelCode != "mayor") {
				t.Errorf("other organisation's report = %+v", r)
			}
		}
	})
}

func TestClaimReminder(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "tilburg")
		handler(t, s, org, "coord", "officials")
		r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{
			Channel: "officials", Anonymous: true, Content: domain.ReportContent{What: "Iets"},
		}, receipt(t, s, org.ID, "1111111111111111"))
		if err != nil {
			t.Fatal(err)
		}
		claim := func(kind, stage string) bool {
			t.Helper()
			ok, err := s.ClaimReminder(ctx, r.ID, kind, stage)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !claim(store.ReminderAcknowledgement, store.ReminderSoon) {
			t.Fatal("first claim refused")
		}
		if claim(store.ReminderAcknowledgement, store.ReminderSoon) {
			t.Fatal("second claim of the same reminder granted")
		}
		if !claim(store.ReminderAcknowledgement, store.ReminderOverdue) || !claim(store.ReminderFeedback, store.ReminderSoon) {
			t.Fatal("another stage or kind refused")
		}

		// Of many simultaneous claims (several servers) exactly one wins.
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for range 8 {
			wg.Go(func() {
				ok, err := s.ClaimReminder(ctx, r.ID, store.ReminderFeedback, store.ReminderOverdue)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					won++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if won != 1 {
			t.Fatalf("%d concurrent claims won, want 1", won)
		}

		// A released claim (nothing could be sent) can be claimed again.
		if err := s.ReleaseReminder(ctx, r.ID, store.ReminderAcknowledgement, store.ReminderSoon); err != nil {
			t.Fatal(err)
		}
		if !claim(store.ReminderAcknowledgement, store.ReminderSoon) {
			t.Fatal("claim after release refused")
		}
		if _, err := s.ClaimReminder(ctx, r.ID, "deadline", store.ReminderSoon); err == nil {
			t.Fatal("unknown kind accepted")
		}
		if _, err := s.ClaimReminder(ctx, r.ID, store.ReminderFeedback, "late"); err == nil {
			t.Fatal("unknown stage accepted")
		}
	})
}
