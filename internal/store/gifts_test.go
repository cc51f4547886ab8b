package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// giftPerson adds a person to the people register, linked to the account
// when u is not nil.
func giftPerson(t *testing.T, s *store.Store, org *domain.Organisation, ref, name string, u *domain.User) *domain.Person {
	t.Helper()
	p := &domain.Person{OrgID: org.ID, Ref: ref, Name: name, Employment: "permanent"}
	if u != nil {
		p.UserID = u.ID
	}
	if err := s.SavePerson(context.Background(), store.CLI, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func newGift(personID int64, on time.Time, giver string, cents int64, decision string) *domain.Gift {
	return &domain.Gift{PersonID: personID, OfferedOn: on, Giver: giver, Description: "Kerstpakket", ValueCents: cents,
		Kind: "gift", Decision: domain.GiftDecision(decision)}
}

// TestGiftThreshold: above the threshold a gift cannot be recorded or
// decided as plain "accepted"; at or below it can; every other decision is
// always possible. The message names the threshold.
func TestGiftThreshold(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s) // 2 March 2026
		org := mustOrg(t, s, "helmond")
		hr := mustUser(t, s, org, "pieter", domain.RoleHR)
		actor := store.UserActor(hr, "sess")
		person := giftPerson(t, s, org, "P001", "Jan Jansen", nil)
		if th, err := s.GiftThreshold(ctx, org.ID); err != nil || th != domain.DefaultGiftThresholdCents {
			t.Fatalf("default threshold = %d, %v", th, err)
		}
		on := recDay(2026, 2, 10)
		for _, threshold := range []int64{5000, 2500} {
			if err := s.SetGiftThreshold(ctx, actor, org.ID, threshold); err != nil {
				t.Fatal(err)
			}
			for _, value := range []int64{0, threshold - 1, threshold, threshold + 1, threshold * 3} {
				for _, decision := range domain.GiftDecisions {
					name := fmt.Sprintf("%d/%d/%s", threshold, value, decision)
					refused := decision == "accepted" && value > threshold
					// Recorded with the decision.
					g := newGift(person.ID, on, "Leverancier", value, string(decision))
					err := s.CreateGift(ctx, actor, org.ID, g)
					checkThresholdError(t, name+" create", err, refused, "decision", domain.FormatEuro(threshold))
					if err == nil {
						got, _ := s.Gift(ctx, org.ID, g.ID)
						if got.Decision != decision || got.ValueCents != value || (decision == "pending") != (got.DecidedAt == nil) ||
							(decision != "pending" && got.DecidedBy != hr.ID) {
							t.Errorf("%s: stored %+v", name, got)
						}
					}
					// Recorded pending, then decided.
					g = newGift(person.ID, on, "Leverancier", value, "pending")
					if err := s.CreateGift(ctx, actor, org.ID, g); err != nil {
						t.Fatal(err)
					}
					err = s.DecideGift(ctx, actor, org.ID, g.ID, decision)
					checkThresholdError(t, name+" decide", err, refused, "decision", domain.FormatEuro(threshold))
					if got, _ := s.Gift(ctx, org.ID, g.ID); (err == nil) != (got.Decision == decision) {
						t.Errorf("%s: decision now %s", name, got.Decision)
					}
				}
			}
		}

		// A changed value meets the threshold at "value"; an unchanged
		// one keeps the decision taken under an earlier threshold.
		if err := s.SetGiftThreshold(ctx, actor, org.ID, 5000); err != nil {
			t.Fatal(err)
		}
		g := newGift(person.ID, on, "Adviesbureau", 4500, "accepted")
		if err := s.CreateGift(ctx, actor, org.ID, g); err != nil {
			t.Fatal(err)
		}
		g.ValueCents = 5500
		checkThresholdError(t, "update value", s.UpdateGift(ctx, actor, org.ID, g), true, "value", "€ 50,00")
		if err := s.SetGiftThreshold(ctx, actor, org.ID, 3000); err != nil {
			t.Fatal(err)
		}
		g.ValueCents, g.Description = 4500, "Fles wijn en een boek"
		if err := s.UpdateGift(ctx, actor, org.ID, g); err != nil {
			t.Fatalf("unchanged value under a lower threshold: %v", err)
		}
		if got, _ := s.Gift(ctx, org.ID, g.ID); got.Decision != "accepted" || got.Description != "Fles wijn en een boek" {
			t.Fatalf("updated = %+v", got)
		}

		// The threshold itself: from 0 to € 10.000,00, as cents.
		for _, bad := range []int64{-1, domain.MaxGiftThresholdCents + 1} {
			wantCode(t, s.SetGiftThreshold(ctx, actor, org.ID, bad), domain.EINVALID)
		}
		if th, _ := s.GiftThreshold(ctx, org.ID); th != 3000 {
			t.Fatalf("threshold after bad input = %d", th)
		}
		if n := giftAudited(t, s, org.ID, "gift.threshold"); n != 4 {
			t.Errorf("threshold changes audited: %d", n)
		}
	})
}

// giftAudited counts the organisation's audit entries of one action.
func giftAudited(t *testing.T, s *store.Store, orgID int64, action string) int {
	t.Helper()
	entries, err := s.AuditEntries(context.Background(), domain.AuditFilter{OrgID: orgID, Action: action, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action {
			n++
		}
	}
	return n
}

func checkThresholdError(t *testing.T, name string, err error, refused bool, field, threshold string) {
	t.Helper()
	if !refused {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		return
	}
	e := domain.AsError(err)
	if e == nil || e.Code != domain.EINVALID || e.Field != field || len(e.Args) != 1 || fmt.Sprint(e.Args[0]) != threshold {
		t.Errorf("%s: error = %#v, want the threshold %s at %s", name, e, threshold, field)
	}
}

func TestGifts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s) // 2 March 2026
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		hr := mustUser(t, s, org, "pieter", domain.RoleHR)
		actor := store.UserActor(hr, "sess")
		ann, bert := giftPerson(t, s, org, "P001", "Ann de Wit", nil), giftPerson(t, s, org, "P002", "Bert Claes", nil)
		stranger := giftPerson(t, s, other, "X001", "Elders", nil)

		// 2025: De Vries three times (spelled two ways, two recipients),
		// Adviesbureau Noord twice, Stichting Sport once; 2026: Noord once.
		for _, g := range []*domain.Gift{
			newGift(ann.ID, recDay(2025, 1, 10), "Bouwbedrijf De Vries", 2500, "accepted"),
			newGift(bert.ID, recDay(2025, 6, 3), "bouwbedrijf  de vries", 7500, "declined"),
			newGift(ann.ID, recDay(2025, 12, 20), "Bouwbedrijf De Vries", 15000, "handed_in"),
			newGift(ann.ID, recDay(2025, 3, 1), "Adviesbureau Noord", 4500, "accepted"),
			newGift(bert.ID, recDay(2025, 9, 9), "Adviesbureau Noord", 5500, "accepted_with_permission"),
			newGift(bert.ID, recDay(2025, 4, 4), "Stichting Sport", 30000, "pending"),
			newGift(ann.ID, recDay(2026, 2, 1), "Adviesbureau Noord", 5000, "accepted"),
		} {
			if g.Giver == "Stichting Sport" {
				g.Kind = "invitation"
			}
			if err := s.CreateGift(ctx, actor, org.ID, g); err != nil {
				t.Fatal(err)
			}
		}
		// Another organisation's gift from the same giver counts there only.
		if err := s.CreateGift(ctx, store.CLI, other.ID, newGift(stranger.ID, recDay(2025, 5, 5), "Bouwbedrijf De Vries", 9900, "accepted_with_permission")); err != nil {
			t.Fatal(err)
		}
		// Nobody of another organisation can receive ours.
		err := s.CreateGift(ctx, actor, org.ID, newGift(stranger.ID, recDay(2025, 5, 5), "X", 100, "pending"))
		if e := domain.AsError(err); e == nil || e.Field != "person" {
			t.Fatalf("recipient of another organisation: %v", err)
		}

		givers, err := s.GiftGivers(ctx, org.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		want := []domain.GiftGiver{
			{Giver: "Bouwbedrijf De Vries", Count: 3, TotalCents: 25000, Recipients: 2, Frequent: true},
			{Giver: "Adviesbureau Noord", Count: 2, TotalCents: 10000, Recipients: 2},
			{Giver: "Stichting Sport", Count: 1, TotalCents: 30000, Recipients: 1},
		}
		if fmt.Sprint(givers) != fmt.Sprint(want) {
			t.Fatalf("givers 2025 = %+v\nwant %+v", givers, want)
		}
		if g, _ := s.GiftGivers(ctx, org.ID, 2026); len(g) != 1 || g[0].Count != 1 || g[0].TotalCents != 5000 || g[0].Frequent {
			t.Fatalf("givers 2026 = %+v", g)
		}
		if g, _ := s.GiftGivers(ctx, other.ID, 2025); len(g) != 1 || g[0].Count != 1 || g[0].TotalCents != 9900 {
			t.Fatalf("givers of the other organisation = %+v", g)
		}

		c, err := s.GiftCounts(ctx, org.ID, 2025)
		if err != nil || c.Total != 6 || c.TotalCents != 65000 || c.ByDecision["accepted"] != 2 || c.ByDecision["declined"] != 1 ||
			c.ByDecision["handed_in"] != 1 || c.ByDecision["accepted_with_permission"] != 1 || c.ByDecision["pending"] != 1 ||
			c.ByKind["invitation"] != 1 || c.ByKind["gift"] != 5 || len(c.ByDecision) != len(domain.GiftDecisions) {
			t.Fatalf("counts 2025 = %+v, %v", c, err)
		}
		byYear, _ := s.GiftCountsByYear(ctx, org.ID)
		if len(byYear) != 2 || byYear[0].Year != 2026 || byYear[0].Total != 1 || byYear[1].TotalCents != 65000 {
			t.Fatalf("by year = %+v", byYear)
		}

		for _, tc := range []struct {
			f    store.GiftFilter
			want int
		}{
			{store.GiftFilter{}, 7}, {store.GiftFilter{Year: 2025}, 6}, {store.GiftFilter{Decision: "accepted"}, 3},
			{store.GiftFilter{Kind: "invitation"}, 1}, {store.GiftFilter{PersonID: bert.ID}, 3},
			{store.GiftFilter{Giver: "DE VRIES"}, 3}, {store.GiftFilter{Giver: "noord", Year: 2026}, 1},
			{store.GiftFilter{PersonID: stranger.ID}, 0},
		} {
			if list, _ := s.Gifts(ctx, org.ID, tc.f); len(list) != tc.want {
				t.Errorf("filter %+v: %d, want %d", tc.f, len(list), tc.want)
			}
		}
		list, _ := s.Gifts(ctx, org.ID, store.GiftFilter{Sort: "value"})
		if list[0].ValueCents != 30000 || list[len(list)-1].ValueCents != 2500 {
			t.Errorf("by value: %d … %d", list[0].ValueCents, list[len(list)-1].ValueCents)
		}
		list, _ = s.Gifts(ctx, org.ID, store.GiftFilter{Sort: "recipient"})
		if list[0].PersonName != "Ann de Wit" || list[len(list)-1].PersonName != "Bert Claes" {
			t.Errorf("by recipient: %s … %s", list[0].PersonName, list[len(list)-1].PersonName)
		}
		list, _ = s.Gifts(ctx, org.ID, store.GiftFilter{Sort: "giver"})
		if list[0].Giver != "Adviesbureau Noord" || list[len(list)-1].Giver != "Stichting Sport" {
			t.Errorf("by giver: %s … %s", list[0].Giver, list[len(list)-1].Giver)
		}
		newest, _ := s.Gifts(ctx, org.ID, store.GiftFilter{})
		if !newest[0].OfferedOn.Equal(recDay(2026, 2, 1)) || newest[0].PersonName != "Ann de Wit" || newest[0].DecidedByName != "pieter" {
			t.Errorf("newest = %+v", newest[0])
		}
		if r, _ := s.GiftRecipients(ctx, org.ID); len(r) != 2 || r[0].Name != "Ann de Wit" {
			t.Errorf("recipients = %+v", r)
		}

		// Bad input: every problem named, nothing stored.
		bad := &domain.Gift{OfferedOn: recDay(2026, 3, 3), Giver: " ", ValueCents: -5, Kind: "cash", Decision: "maybe"}
		fields := map[string]bool{}
		for _, err := range bad.Check(s.Now(), 5000) {
			fields[domain.AsError(err).Field] = true
		}
		for _, f := range []string{"person", "giver", "offered_on", "description", "value", "kind", "decision"} {
			if !fields[f] {
				t.Errorf("no error at %s: %v", f, fields)
			}
		}
		wantCode(t, s.CreateGift(ctx, actor, org.ID, bad), domain.EINVALID)
		wantCode(t, s.DecideGift(ctx, actor, org.ID, newest[0].ID, "maybe"), domain.EINVALID)
		if all, _ := s.Gifts(ctx, org.ID, store.GiftFilter{}); len(all) != 7 {
			t.Fatalf("bad input stored: %d", len(all))
		}

		// Edit, decide and delete, only within the organisation.
		g := newest[0]
		g.PersonID, g.Giver, g.Kind = bert.ID, "Adviesbureau Noord B.V.", "invitation"
		if err := s.UpdateGift(ctx, actor, org.ID, g); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Gift(ctx, org.ID, g.ID)
		if got.PersonID != bert.ID || got.Giver != "Adviesbureau Noord B.V." || got.Kind != "invitation" || got.Decision != "accepted" {
			t.Fatalf("updated = %+v", got)
		}
		if err := s.DecideGift(ctx, actor, org.ID, g.ID, "pending"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Gift(ctx, org.ID, g.ID); got.DecidedAt != nil || got.DecidedBy != 0 || got.DecidedByName != "" {
			t.Fatalf("back to pending = %+v", got)
		}
		if err := s.DecideGift(ctx, actor, org.ID, g.ID, "pending"); err != nil { // no change, no entry
			t.Fatal(err)
		}
		wantCode(t, s.UpdateGift(ctx, actor, other.ID, g), domain.ENOTFOUND)
		wantCode(t, s.DecideGift(ctx, actor, other.ID, g.ID, "declined"), domain.ENOTFOUND)
		if _, err := s.Gift(ctx, other.ID, g.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("read from another organisation: %v", err)
		}
		wantCode(t, s.DeleteGift(ctx, actor, other.ID, g.ID), domain.ENOTFOUND)
		if err := s.DeleteGift(ctx, actor, org.ID, g.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.DeleteGift(ctx, actor, org.ID, g.ID), domain.ENOTFOUND)
		seen := recAuditActions(t, s, org.ID)
		if seen["gift.create"] != 6+1 || seen["gift.update"] != 1 || seen["gift.decide"] != 1 || seen["gift.delete"] != 1 {
			t.Errorf("audit = %v", seen)
		}
	})
}

// TestOwnGifts: an employee reports gifts for the person linked to their
// account only, pending, and sees only their own.
func TestOwnGifts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s)
		org := mustOrg(t, s, "helmond")
		fatima, karel, loose := mustUser(t, s, org, "fatima", domain.RoleEmployee), mustUser(t, s, org, "karel", domain.RoleEmployee),
			mustUser(t, s, org, "los", domain.RoleEmployee)
		pf, pk := giftPerson(t, s, org, "P100", "Fatima", fatima), giftPerson(t, s, org, "P200", "Karel", karel)

		// Whatever the caller says about recipient and decision is ignored.
		g := newGift(pk.ID, recDay(2026, 2, 20), "Drukkerij Zuid", 9000, "accepted")
		if err := s.ReportOwnGift(ctx, store.UserActor(fatima, "s1"), org.ID, fatima.ID, g); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Gift(ctx, org.ID, g.ID)
		if got.PersonID != pf.ID || got.Decision != "pending" || !got.SelfReported || got.DecidedAt != nil {
			t.Fatalf("reported = %+v", got)
		}
		k := newGift(0, recDay(2026, 2, 21), "Cateraar", 2000, "")
		if err := s.ReportOwnGift(ctx, store.UserActor(karel, "s2"), org.ID, karel.ID, k); err != nil {
			t.Fatal(err)
		}
		bad := &domain.Gift{OfferedOn: recDay(2026, 2, 21), Kind: "gift"}
		wantCode(t, s.ReportOwnGift(ctx, store.UserActor(karel, "s2"), org.ID, karel.ID, bad), domain.EINVALID)

		mine, err := s.OwnGifts(ctx, org.ID, fatima.ID)
		if err != nil || len(mine) != 1 || mine[0].ID != g.ID {
			t.Fatalf("Fatima's gifts = %v, %v", mine, err)
		}
		if _, err := s.OwnGift(ctx, org.ID, fatima.ID, k.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("Karel's gift for Fatima: %v", err)
		}
		if got, err := s.OwnGift(ctx, org.ID, karel.ID, k.ID); err != nil || got.Giver != "Cateraar" {
			t.Fatalf("Karel's own gift: %v, %v", got, err)
		}
		// Without a linked person there is nothing to report or see.
		if _, err := s.OwnGifts(ctx, org.ID, loose.ID); domain.AsError(err) == nil || domain.AsError(err).Key != "gift.err_no_person" {
			t.Fatalf("unlinked: %v", err)
		}
		wantCode(t, s.ReportOwnGift(ctx, store.UserActor(loose, "s3"), org.ID, loose.ID, newGift(0, recDay(2026, 2, 21), "X", 100, "")), domain.ENOTFOUND)
		if all, _ := s.Gifts(ctx, org.ID, store.GiftFilter{}); len(all) != 2 {
			t.Fatalf("gifts = %d", len(all))
		}
		if seen := recAuditActions(t, s, org.ID); seen["gift.create"] != 2 {
			t.Errorf("audit = %v", seen)
		}
	})
}

func TestParseEuro(t *testing.T) {
	for in, want := range map[string]int64{
		"45": 4500, "45,5": 4550, "45,50": 4550, "45.50": 4550, "€ 45": 4500, "€45,-": 4500, "EUR 75": 7500,
		"1.250": 125000, "1.250,75": 125075, "1,250.75": 125075, "1.000.000": 100000000, "0": 0, ",50": 50, " 50 ": 5000,
	} {
		if got, ok := domain.ParseEuro(in); !ok || got != want {
			t.Errorf("ParseEuro(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-5", "4,555", "12,34,56", "1.2,3.4", "45,", "abc", "1.25.000", "12.50,00", "1e3", "1250.000"} {
		if got, ok := domain.ParseEuro(in); ok {
			t.Errorf("ParseEuro(%q) = %d, accepted", in, got)
		}
	}
	for cents, want := range map[int64]string{0: "€ 0,00", 5: "€ 0,05", 5000: "€ 50,00", 125075: "€ 1.250,75", 100000000: "€ 1.000.000,00"} {
		if got := domain.FormatEuro(cents); got != want {
			t.Errorf("FormatEuro(%d) = %q, want %q", cents, got, want)
		}
	}
}
