package web_test

import (
	"context"
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
	if !strings.Contains(res.body, "nog geen herstelsleutel") || !strings.Contains(res.body, "0 verzoek(en)") {
		t.Fatalf("custodian dashboard:\n%s", res.body)
	}
	if err := e.store.SetRecoveryKey(context.Background(), store.CLI, org.ID, "age1qqq"); err != nil {
		t.Fatal(err)
	}
	if res := e.get(e.session(cust, domain.StateFull), "/helmond/dashboard"); strings.Contains(res.body, "nog geen herstelsleutel") {
		t.Fatal("the warning stays after the key was made")
	}
}
