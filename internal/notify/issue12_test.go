package notify

import (
	"context"
	"fmt"
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

// TestDefect_ReporterNoticeInTheReportersLanguage: the e-mail "news in your
// mailbox" came in Dutch first, with English below, whatever language the
// reporter filed in. It now comes in the reporter's language alone; both
// languages remain for a report whose language is not known (issue 12,
// point 18).
func TestDefect_ReporterNoticeInTheReportersLanguage(t *testing.T) {
	smtp := mailtest.NewServer(t)
	e := newNotifyEnv(t, "", smtp, notifyWithSMTP(smtp))
	ctx := context.Background()
	keys, err := e.st.OrgKeys(ctx, e.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	file := func(code, lang string) *domain.Report {
		lookup, mailbox := seal.ReceiptKeys(auth.TestParams, code, keys.ReceiptSalt)
		r, err := e.st.CreateReport(ctx, store.Reporter, e.org.ID, domain.NewReport{Channel: "officials", ReporterKind: "employee",
			Anonymous: true, NotifyEmail: notifyReporterAddr, Content: domain.ReportContent{What: "Melding", Lang: lang}},
			store.Receipt{Lookup: lookup, Mailbox: mailbox})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for i, tc := range []struct {
		lang, subject string
		want, not     []string
	}{
		{"en", "There is news in your mailbox", []string{"Your mailbox: ", "receipt code"}, []string{"ontvangstcode", "berichtenbox", "postbus"}},
		{"nl", "Er is nieuws in uw postbus", []string{"ontvangstcode"}, []string{"receipt code", "mailbox:"}},
		{"", "Er is nieuws in uw postbus", []string{"ontvangstcode", "receipt code"}, nil},
	} {
		r := file(fmt.Sprintf("12345678901234%02d", i), tc.lang)
		e.srv.Reporter(ctx, e.org, &domain.Report{ID: r.ID}, e.handler)
		m := smtp.Wait(t, i+1)[i]
		checkNotifyClean(t, m)
		if !strings.HasPrefix(m.Subject, strings.Fields(tc.subject)[0]) {
			t.Errorf("%q: subject = %q", tc.lang, m.Subject)
		}
		for _, want := range tc.want {
			if !strings.Contains(m.Text, want) {
				t.Errorf("%q: text lacks %q:\n%s", tc.lang, want, m.Text)
			}
		}
		for _, not := range tc.not {
			if strings.Contains(m.Text, not) {
				t.Errorf("%q: text has %q:\n%s", tc.lang, not, m.Text)
			}
		}
	}
}
