package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/mail/mailtest"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_NewReportNoticeSaysAcknowledgementOverdue: a coordinator
// enters a letter received ten days ago; the notice to the handlers said
// "De ontvangst moet uiterlijk … bevestigd zijn" with a day already past,
// as if it were ahead. It now says the deadline has passed (issue 12,
// point 20), in both languages; a report on time keeps the old words.
func TestDefect_NewReportNoticeSaysAcknowledgementOverdue(t *testing.T) {
	smtp := mailtest.NewServer(t)
	e := newNotifyEnv(t, "", smtp, notifyWithSMTP(smtp))
	ctx := context.Background()
	keys, err := e.st.OrgKeys(ctx, e.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	lookup, mailbox := seal.ReceiptKeys(auth.TestParams, "9999888877776666", keys.ReceiptSalt)
	received := notifyT0.AddDate(0, 0, -10) // Friday 20 February: due 27 February
	r, err := e.st.CreateReport(ctx, store.CLI, e.org.ID, domain.NewReport{Channel: "officials", Source: "letter",
		ReporterKind: "employee", Anonymous: true, ReceivedAt: received, Content: domain.ReportContent{What: "Brief"}},
		store.Receipt{Lookup: lookup, Mailbox: mailbox})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.NewReport(ctx, e.org, r)
	for _, m := range smtp.Wait(t, 2) {
		checkNotifyClean(t, m)
		text := strings.Join(strings.Fields(m.Text), " ")
		for _, want := range []string{"27 februari 2026", "die termijn is al verstreken", "27 February 2026", "that deadline has already passed"} {
			if !strings.Contains(text, want) {
				t.Errorf("the notice lacks %q:\n%s", want, m.Text)
			}
		}
		if strings.Contains(text, "moet uiterlijk") || strings.Contains(text, "must be acknowledged by") {
			t.Errorf("the notice states a past deadline as ahead:\n%s", m.Text)
		}
		if !strings.Contains(m.Subject, "bevestiging te laat") {
			t.Errorf("subject = %q", m.Subject)
		}
	}

	// On time: the deadline is ahead, and said so.
	e.setClock(notifyT0.Add(time.Hour))
	fresh := e.report("1234567890123456", "")
	e.srv.NewReport(ctx, e.org, fresh)
	for _, m := range smtp.Wait(t, 4)[2:] {
		if text := strings.Join(strings.Fields(m.Text), " "); !strings.Contains(text, "moet uiterlijk 9 maart 2026 bevestigd zijn") ||
			strings.Contains(text, "verstreken") || m.Subject != "Nieuwe melding ontvangen" {
			t.Errorf("the notice of a report on time:\n%s", m.Text)
		}
	}
}
