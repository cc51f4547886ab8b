package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDashboardSummaries: a coordinator sees how many reports are overdue,
// due soon and open; a custodian sees waiting requests and a missing
// recovery key.
func TestDashboardSummaries(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, cookie := e.handlerIn(org, "coord", "officials")
	now := time.Now()
	e.report(org, "officials", "oud", false, now.AddDate(0, 0, -10))   // acknowledgement overdue
	e.report(org, "officials", "recent", false, now.AddDate(0, 0, -3)) // due within a week
	e.report(org, "office_holders", "elders", false, now)              // another channel: not counted
	res := e.get(cookie, "/helmond/dashboard")
	if !strings.Contains(res.body, "1 te laat · 1 binnen een week · 2 open.") || !strings.Contains(res.body, "Nog 2 niet bevestigd.") {
		t.Fatalf("coordinator dashboard lacks the summary:\n%s", res.body)
	}
	cust := e.user(org, "bewaarder", domain.RoleCustodian)
	res = e.get(e.session(cust, domain.StateFull), "/helmond/dashboard")
	if !strings.Contains(res.body, "nog geen herstelsleutel") || !strings.Contains(res.body, "0 verzoeken") {
		t.Fatalf("custodian dashboard:\n%s", res.body)
	}
	if err := e.store.SetRecoveryKey(context.Background(), store.CLI, org.ID, "age1qqq"); err != nil {
		t.Fatal(err)
	}
	if res := e.get(e.session(cust, domain.StateFull), "/helmond/dashboard"); strings.Contains(res.body, "nog geen herstelsleutel") {
		t.Fatal("the warning stays after the key was made")
	}
}

func TestAdminAddsAChannel(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	admin := e.user(org, "beheer", domain.RoleAdmin)
	cookie := e.session(admin, domain.StateFull)
	form := url.Values{"code": {"klachtencommissie"}, "name_nl": {"Klachtencommissie ongewenst gedrag"}, "name_en": {"Complaints committee"}}
	if res := e.post(cookie, "/helmond/admin/channels", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, res.body)
	}
	if res := e.get(cookie, "/helmond/admin/channels"); !strings.Contains(res.body, "Klachtencommissie ongewenst gedrag") {
		t.Fatal("the new channel is not listed")
	}
	res := e.post(cookie, "/helmond/admin/channels", form)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "De code klachtencommissie is al in gebruik.") {
		t.Fatalf("duplicate: %d", res.StatusCode)
	}
	res = e.post(cookie, "/helmond/admin/channels", url.Values{"code": {"Klachten!"}, "name_nl": {"x"}, "name_en": {"y"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Gebruik 2 tot 40 kleine letters") || !strings.Contains(res.body, `value="Klachten!"`) {
		t.Fatalf("bad code: %d", res.StatusCode)
	}
	chans, _ := e.store.Channels(context.Background(), org.ID)
	if len(chans) != 4 {
		t.Fatalf("%d channels, want the three defaults and one more", len(chans))
	}
}

// TestReportListPages: the list shows a hundred reports a page, urgent
// first; closed reports newest first.
func TestReportListPages(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, cookie := e.handlerIn(org, "coord", "officials")
	now := time.Now()
	for i := range 105 {
		e.report(org, "officials", "melding", false, now.AddDate(0, 0, -i%20))
	}
	first := e.get(cookie, "/helmond/reports")
	if n := strings.Count(first.body, `scope="row"`); n != 100 {
		t.Fatalf("first page shows %d reports, want 100", n)
	}
	if !strings.Contains(first.body, "105 in deze lijst") {
		t.Error("the summary does not count the reports of every page")
	}
	if !strings.Contains(first.body, `rel="next"`) || strings.Contains(first.body, `rel="prev"`) {
		t.Fatal("first page lacks its next link or has a previous one")
	}
	second := e.get(cookie, "/helmond/reports?state=open&page=2")
	if n := strings.Count(second.body, `scope="row"`); n != 5 || !strings.Contains(second.body, `rel="prev"`) {
		t.Fatalf("second page shows %d reports", n)
	}
}
