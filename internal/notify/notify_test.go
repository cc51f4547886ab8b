package notify

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/mail"
	"github.com/integer-nl/integer/internal/mail/mailtest"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// These tests send through a real SMTP server (mailtest) and check what
// arrives: the link, and never anything of the report.

const (
	notifyCanary       = "CANARY-5e1d7b-vertrouwelijk"
	notifyBaseURL      = "https://integriteit.example.nl"
	notifyReporterAddr = "melder@example.org"
)

// notifyT0 is when the test reports come in: Monday 2 March 2026, 10:00 in
// Amsterdam, so the acknowledgement is due on Monday 9 March.
var notifyT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	os.Exit(func() int { defer dbtest.StopPrivateServer(); return m.Run() }())
}

// notifyEnv is a Notifier on a real database with a channel whose handlers
// have e-mail addresses, and an SMTP server that collects what it is sent.
type notifyEnv struct {
	t       *testing.T
	st      *store.Store
	srv     *Notifier
	smtp    *mailtest.Server
	logs    *notifySyncBuffer
	org     *domain.Organisation
	handler store.Keyring // a handler of "officials" with a key
	now     time.Time
	mu      sync.Mutex
}

// notifyWithSMTP points the configuration at the test SMTP server, without TLS.
func notifyWithSMTP(smtp *mailtest.Server) func(*config.Config) {
	return func(c *config.Config) {
		c.SMTPHost, c.SMTPPort = smtp.Addr()
		c.SMTPTLS = mail.TLSNone
		c.SMTPFrom = "Integer <noreply@integer.example>"
		c.BaseURL = notifyBaseURL + "/"
	}
}

// newNotifyEnv builds the notifier as the server does, on dsn (a
// fresh SQLite file when empty), with the configuration edits given.
func newNotifyEnv(t *testing.T, dsn string, smtp *mailtest.Server, edit ...func(*config.Config)) *notifyEnv {
	t.Helper()
	if dsn == "" {
		dsn = filepath.Join(t.TempDir(), "integer.db")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &notifyEnv{t: t, st: st, smtp: smtp, logs: &notifySyncBuffer{}, now: notifyT0}
	st.Now = e.clock
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	for _, f := range edit {
		f(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.srv = New(cfg, st, i18n.MustLoad(), logger)

	e.org = &domain.Organisation{Slug: "oss", Name: "Gemeente Oss"}
	if err := st.CreateOrganisation(ctx, store.CLI, e.org); err != nil {
		t.Fatal(err)
	}
	// Two handlers with an address, one without; the mayor's channel has a
	// handler with an address too, who must hear nothing of officials.
	e.handler = e.handlerOf("officials", "coord", "coord@oss.example")
	e.handlerOf("officials", "deputy", "deputy@oss.example")
	e.handlerOf("officials", "nomail", "")
	e.handlerOf("mayor", "clerk", "griffier@oss.example")
	return e
}

func (e *notifyEnv) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *notifyEnv) setClock(t time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = t
}

// handlerOf makes a coordinator with a key pair who handles the channel.
func (e *notifyEnv) handlerOf(channel, username, email string) store.Keyring {
	e.t.Helper()
	ctx := context.Background()
	u := &domain.User{OrgID: e.org.ID, Username: username, Email: email, PasswordHash: "$argon2id$test",
		Roles: []domain.Role{domain.RoleCoordinator}}
	if err := e.st.CreateUser(ctx, store.CLI, u); err != nil {
		e.t.Fatal(err)
	}
	identity, public, err := seal.NewIdentity()
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.st.SetUserKey(ctx, store.CLI, &store.UserKey{UserID: u.ID, Public: public, WrappedPrivate: []byte("x"), Salt: []byte("s")}); err != nil {
		e.t.Fatal(err)
	}
	ch, err := e.st.ChannelByCode(ctx, e.org.ID, channel)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.st.SetChannelHandlers(ctx, store.CLI, e.org.ID, ch.ID, append(ch.Handlers, u.ID)); err != nil {
		e.t.Fatal(err)
	}
	return store.Keyring{UserID: u.ID, Identity: identity}
}

// report files a named report in officials, full of canaries, at the
// current clock; notify is the reporter's address for news ("" for none).
func (e *notifyEnv) report(code, notify string) *domain.Report {
	e.t.Helper()
	ctx := context.Background()
	keys, err := e.st.OrgKeys(ctx, e.org.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	lookup, mailbox := seal.ReceiptKeys(auth.TestParams, code, keys.ReceiptSalt)
	r, err := e.st.CreateReport(ctx, store.Reporter, e.org.ID, domain.NewReport{
		Channel: "officials", ReporterKind: "employee",
		Content: domain.ReportContent{What: "Declaratiefraude " + notifyCanary, Who: "Wethouder " + notifyCanary,
			Where: "Stadhuis " + notifyCanary},
		Identity:    domain.ReporterIdentity{Name: "Piet " + notifyCanary, Contact: "06-" + notifyCanary},
		NotifyEmail: notify,
	}, store.Receipt{Lookup: lookup, Mailbox: mailbox})
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// checkNotifyClean fails when a message carries anything of the report, or a
// catalogue key or formatting error instead of text.
func checkNotifyClean(t *testing.T, m mailtest.Received) {
	t.Helper()
	for _, bad := range []string{notifyCanary, "Piet", "Declaratiefraude", "Stadhuis", "employee", "[notify.", "%!"} {
		if strings.Contains(m.Subject, bad) || strings.Contains(m.Text, bad) || bytes.Contains(m.Raw, []byte(bad)) {
			t.Errorf("message to %v contains %q:\n%s", m.To, bad, m.Text)
		}
	}
	// The reporter's address is in the header of the mail to the reporter,
	// and nowhere else.
	if strings.Contains(m.Subject, notifyReporterAddr) || strings.Contains(m.Text, notifyReporterAddr) ||
		(m.To[0] != notifyReporterAddr && bytes.Contains(m.Raw, []byte(notifyReporterAddr))) {
		t.Errorf("message to %v contains the reporter's address:\n%s", m.To, m.Text)
	}
	if m.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", m.Header.Get("Auto-Submitted"))
	}
}

// notifyByRecipient indexes single-recipient messages by their address.
func notifyByRecipient(t *testing.T, msgs []mailtest.Received) map[string]mailtest.Received {
	t.Helper()
	out := map[string]mailtest.Received{}
	for _, m := range msgs {
		if len(m.To) != 1 {
			t.Fatalf("message to %v: want one recipient per message", m.To)
		}
		out[m.To[0]] = m
	}
	return out
}

func notifyRecipients(m map[string]mailtest.Received) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestNotifyNewReport(t *testing.T) {
	smtp := mailtest.NewServer(t)
	e := newNotifyEnv(t, "", smtp, notifyWithSMTP(smtp))
	r := e.report("1234567890123456", notifyReporterAddr)

	e.srv.NewReport(context.Background(), e.org, r)
	got := notifyByRecipient(t, smtp.Wait(t, 2))
	if want := []string{"coord@oss.example", "deputy@oss.example"}; !slices.Equal(notifyRecipients(got), want) {
		t.Fatalf("recipients = %v, want %v (handlers of officials with an address)", notifyRecipients(got), want)
	}
	link := notifyBaseURL + "/oss/reports/" + strconv.FormatInt(r.ID, 10)
	for _, m := range got {
		checkNotifyClean(t, m)
		if m.Subject != "Nieuwe melding ontvangen" {
			t.Errorf("subject = %q", m.Subject)
		}
		for _, want := range []string{
			"Gemeente Oss",
			"er is een nieuwe melding binnengekomen in het meldkanaal Ambtenaren en ingehuurd personeel",
			r.Number, "9 maart 2026", link,
			"A new report has arrived in the reporting channel Officials and hired staff", "9 March 2026",
		} {
			if !strings.Contains(strings.ToLower(m.Text), strings.ToLower(want)) {
				t.Errorf("text lacks %q:\n%s", want, m.Text)
			}
		}
		if nl, en := strings.Index(m.Text, "binnengekomen"), strings.Index(m.Text, "has arrived"); nl < 0 || en < nl {
			t.Errorf("the English text must follow the Dutch:\n%s", m.Text)
		}
	}

	// A message of the reporter: the number and the link, to the same handlers.
	e.srv.ReporterMessage(context.Background(), e.org, r)
	msgs := smtp.Wait(t, 4)
	got = notifyByRecipient(t, msgs[2:])
	if want := []string{"coord@oss.example", "deputy@oss.example"}; !slices.Equal(notifyRecipients(got), want) {
		t.Fatalf("recipients = %v, want %v", notifyRecipients(got), want)
	}
	for _, m := range got {
		checkNotifyClean(t, m)
		for _, want := range []string{"nieuw bericht van de melder bij melding " + r.Number, link} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("text lacks %q:\n%s", want, m.Text)
			}
		}
	}
	if n := len(smtp.Messages()); n != 4 {
		t.Errorf("%d messages, want 4", n)
	}
}

func TestNotifyReporter(t *testing.T) {
	smtp := mailtest.NewServer(t)
	e := newNotifyEnv(t, "", smtp, notifyWithSMTP(smtp))
	ctx := context.Background()

	// No address left: nothing to send (and nothing started to send it).
	silent := e.report("1111111111111111", "")
	e.srv.Reporter(ctx, e.org, silent, e.handler)

	r := e.report("1234567890123456", notifyReporterAddr)
	e.srv.Reporter(ctx, e.org, &domain.Report{ID: r.ID}, e.handler) // the ID is all it needs
	msgs := smtp.Wait(t, 1)
	if len(msgs) != 1 || !slices.Equal(msgs[0].To, []string{notifyReporterAddr}) {
		t.Fatalf("messages = %d, to %v; want one to the reporter", len(msgs), msgs[0].To)
	}
	m := msgs[0]
	checkNotifyClean(t, m)
	if m.Subject != "Er is nieuws in uw postbus" {
		t.Errorf("subject = %q", m.Subject)
	}
	for _, want := range []string{notifyBaseURL + "/oss/mailbox", "ontvangstcode", "receipt code"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	// Not even the number, the organisation's name or the channel.
	for _, bad := range []string{r.Number, silent.Number, "/reports/", "Gemeente Oss", "Ambtenaren", "melding"} {
		if strings.Contains(m.Text, bad) {
			t.Errorf("text contains %q:\n%s", bad, m.Text)
		}
	}
	// A handler of another channel cannot open the address: nothing is sent.
	other := e.handlerOf("office_holders", "other", "other@oss.example")
	e.srv.Reporter(ctx, e.org, r, other)
	if n := len(smtp.Messages()); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
	if logs := e.logs.String(); strings.Contains(logs, notifyReporterAddr) {
		t.Errorf("log contains the reporter's address:\n%s", logs)
	}
}

// TestNotifyFailureLogsNoAddress: a refused recipient is logged by user ID
// or as "reporter", and the others still get theirs.
func TestNotifyFailureLogsNoAddress(t *testing.T) {
	smtp := mailtest.NewServer(t, mailtest.RejectRecipients(notifyReporterAddr, "deputy@oss.example"))
	e := newNotifyEnv(t, "", smtp, notifyWithSMTP(smtp))
	r := e.report("1234567890123456", notifyReporterAddr)
	e.srv.Reporter(context.Background(), e.org, r, e.handler)
	e.srv.NewReport(context.Background(), e.org, r)
	if got := notifyByRecipient(t, smtp.Wait(t, 1)); !slices.Equal(notifyRecipients(got), []string{"coord@oss.example"}) {
		t.Fatalf("recipients = %v", notifyRecipients(got))
	}
	logs := e.waitLog(func(logs string) bool { return strings.Count(logs, "notification not sent") == 2 })
	if !strings.Contains(logs, `"recipient":"reporter"`) || !strings.Contains(logs, `"msg":"notification not sent","notice":"new_report"`) {
		t.Errorf("want the failures logged as reporter and by user ID:\n%s", logs)
	}
	for _, bad := range []string{notifyReporterAddr, "deputy@oss.example", notifyCanary} {
		if strings.Contains(logs, bad) {
			t.Errorf("log contains %q:\n%s", bad, logs)
		}
	}
}

// waitLog waits until the log satisfies ok and returns it.
func (e *notifyEnv) waitLog(ok func(string) bool) string {
	e.t.Helper()
	deadline := time.Now().Add(mailtest.WaitTimeout)
	for {
		logs := e.logs.String()
		if ok(logs) {
			return logs
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("log incomplete:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestReminders(t *testing.T) {
	for _, engine := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			dsn := ""
			if engine == store.Postgres {
				dsn = dbtest.PostgresURL(t)
			}
			smtp := mailtest.NewServer(t)
			e := newNotifyEnv(t, dsn, smtp, notifyWithSMTP(smtp))
			ctx := context.Background()
			r := e.report("1234567890123456", "")
			link := notifyBaseURL + "/oss/reports/" + strconv.FormatInt(r.ID, 10)

			// Received today: the acknowledgement is due in 7 days; nothing yet.
			if err := e.srv.remindOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if n := len(smtp.Messages()); n != 0 {
				t.Fatalf("%d reminders for a fresh report", n)
			}

			// Five days later it is due in two: one "soon" reminder per
			// handler, from the loop's first pass, and no more from later
			// passes, nor from a second server on the same database.
			e.setClock(notifyT0.Add(5 * 24 * time.Hour))
			loopCtx, stop := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { defer close(done); e.srv.Reminders(loopCtx, time.Hour) }()
			got := notifyByRecipient(t, smtp.Wait(t, 2))
			stop()
			<-done
			second := New(e.srv.cfg, e.st, e.srv.cat, e.srv.log)
			var wg sync.WaitGroup
			for _, srv := range []*Notifier{e.srv, second, e.srv, second} {
				wg.Go(func() {
					if err := srv.remindOnce(ctx); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if n := len(smtp.Messages()); n != 2 {
				t.Fatalf("%d messages after more passes, want 2", n)
			}
			if want := []string{"coord@oss.example", "deputy@oss.example"}; !slices.Equal(notifyRecipients(got), want) {
				t.Fatalf("recipients = %v, want %v", notifyRecipients(got), want)
			}
			for _, m := range got {
				checkNotifyClean(t, m)
				for _, want := range []string{
					"De termijn voor ontvangstbevestiging van melding " + r.Number + " verloopt op 9 maart 2026",
					"The deadline for acknowledging receipt of report " + r.Number + " ends on 9 March 2026", link,
				} {
					if !strings.Contains(m.Text, want) {
						t.Errorf("text lacks %q:\n%s", want, m.Text)
					}
				}
			}

			// Ten days after receipt it is overdue: one more per handler.
			e.setClock(notifyT0.Add(10 * 24 * time.Hour))
			for range 2 {
				if err := e.srv.remindOnce(ctx); err != nil {
					t.Fatal(err)
				}
			}
			msgs := smtp.Messages()
			if len(msgs) != 4 {
				t.Fatalf("%d messages, want 4", len(msgs))
			}
			for _, m := range msgs[2:] {
				checkNotifyClean(t, m)
				if m.Subject != "Termijn verlopen" ||
					!strings.Contains(m.Text, "De termijn voor ontvangstbevestiging van melding "+r.Number+" is verlopen op 9 maart 2026") {
					t.Errorf("overdue reminder %q:\n%s", m.Subject, m.Text)
				}
			}

			// Acknowledged: that deadline is met, and feedback is months away.
			if err := e.st.Acknowledge(ctx, store.CLI, e.org.ID, r.ID, e.handler, "Ontvangen."); err != nil {
				t.Fatal(err)
			}
			if err := e.srv.remindOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if n := len(smtp.Messages()); n != 4 {
				t.Fatalf("%d messages after acknowledgement, want 4", n)
			}
			// Near the end of the feedback period: a feedback reminder.
			ack := e.clock()
			e.setClock(domain.FeedbackDue(r.ReceivedAt, &ack).Add(-2 * 24 * time.Hour))
			if err := e.srv.remindOnce(ctx); err != nil {
				t.Fatal(err)
			}
			msgs = smtp.Messages()
			if len(msgs) != 6 || !strings.Contains(msgs[5].Text, "De termijn voor terugkoppeling van melding "+r.Number+" verloopt op 12 juni 2026") {
				t.Fatalf("%d messages; last:\n%s", len(msgs), msgs[len(msgs)-1].Text)
			}
		})
	}
}

// TestReminderRetriedWhenNobodyGotIt: a reminder no handler received is not
// marked as sent, so a later pass tries again.
func TestReminderRetriedWhenNobodyGotIt(t *testing.T) {
	smtp := mailtest.NewServer(t, mailtest.RejectRecipients("coord@oss.example", "deputy@oss.example"))
	e := newNotifyEnv(t, "", smtp, notifyWithSMTP(smtp))
	ctx := context.Background()
	r := e.report("1234567890123456", "")
	e.setClock(notifyT0.Add(10 * 24 * time.Hour))
	if err := e.srv.remindOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(smtp.Messages()); n != 0 {
		t.Fatalf("%d messages", n)
	}
	claimed, err := e.st.ClaimReminder(ctx, r.ID, store.ReminderAcknowledgement, store.ReminderOverdue)
	if err != nil || !claimed {
		t.Fatalf("claim after failed send = %v, %v; want the claim released", claimed, err)
	}
	if logs := e.logs.String(); !strings.Contains(logs, "notification not sent") || strings.Contains(logs, "@oss.example") {
		t.Errorf("logs:\n%s", logs)
	}
}

func TestMailDisabled(t *testing.T) {
	smtp := mailtest.NewServer(t) // running, but nothing points at it
	e := newNotifyEnv(t, "", smtp)
	ctx := context.Background()
	r := e.report("1234567890123456", notifyReporterAddr)
	e.setClock(notifyT0.Add(10 * 24 * time.Hour))

	e.srv.NewReport(ctx, e.org, r)
	e.srv.ReporterMessage(ctx, e.org, r)
	e.srv.Reporter(ctx, e.org, r, e.handler)
	if err := e.srv.remindOnce(ctx); err != nil {
		t.Fatalf("remindOnce without e-mail: %v", err)
	}
	e.srv.Reminders(ctx, time.Hour) // returns at once
	if !strings.Contains(e.logs.String(), "e-mail is off") {
		t.Errorf("no log line that e-mail is off:\n%s", e.logs.String())
	}
	var n int
	if err := e.st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM report_reminders`).Scan(&n); err != nil || n != 0 {
		t.Errorf("reminders claimed without e-mail: %d, %v", n, err)
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(smtp.Messages()); n != 0 {
		t.Errorf("%d messages sent with e-mail off", n)
	}
}

// TestNotifyTexts: every catalogue text the e-mails use exists in both
// languages, takes its values, and the months are twelve.
func TestNotifyTexts(t *testing.T) {
	cat := i18n.MustLoad()
	for _, key := range []string{"notify.new_report", "notify.new_report_late", "notify.reporter_message", "notify.reporter",
		"notify.reminder_" + store.ReminderSoon, "notify.reminder_" + store.ReminderOverdue} {
		for _, k := range []string{key + ".subject", key + ".body"} {
			if !cat.Has(k) {
				t.Errorf("catalogue lacks %s", k)
			}
		}
	}
	for _, k := range []string{"notify.deadline." + store.ReminderAcknowledgement, "notify.deadline." + store.ReminderFeedback,
		"notify.footer_staff", "notify.footer_reporter", "notify.english"} {
		if !cat.Has(k) {
			t.Errorf("catalogue lacks %s", k)
		}
	}
	for _, lang := range i18n.Languages {
		if months := strings.Fields(cat.T(lang, "notify.months")); len(months) != 12 {
			t.Errorf("%s: %d months", lang, len(months))
		}
		body := cat.T(lang, "notify.new_report.body", "A", "B", "C", "D", "E")
		if strings.Contains(body, "%!") || !strings.Contains(body, "E") {
			t.Errorf("%s: body = %q", lang, body)
		}
	}
	s := &Notifier{cat: cat}
	if got := s.mailDate(i18n.Dutch, time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)); got != "1 januari 2027" {
		t.Errorf("date in Amsterdam = %q", got)
	}
}

func TestReminderStage(t *testing.T) {
	today := domain.Day(time.Date(2026, 3, 27, 12, 0, 0, 0, time.UTC)) // DST starts on the 29th
	for _, tc := range []struct {
		days int
		want string
	}{{-1, store.ReminderOverdue}, {0, store.ReminderSoon}, {3, store.ReminderSoon}, {4, ""}, {30, ""}} {
		due := time.Date(2026, 3, 27+tc.days, 0, 0, 0, 0, today.Location())
		if got := reminderStage(today, due); got != tc.want {
			t.Errorf("due in %d days: stage %q, want %q", tc.days, got, tc.want)
		}
	}
}

// notifySyncBuffer is a log destination that background goroutines may write to.
type notifySyncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *notifySyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *notifySyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
