// Package notify sends Integer's e-mail: the notices that there is news in
// a report (a new report, a message of the reporter, news for the reporter)
// and the deadline reminders, a job that runs as long as the server.
//
// E-mail notifications say that there is news and where to look, nothing
// more: the organisation's name, the channel's name, the report number, a
// date and a link. Never the narrative, a category, a message or anything
// else the reporter or a handler wrote: e-mail passes servers outside the
// municipality's control and lands in shared, forwarded and archived
// mailboxes. So every text is a fixed catalogue phrase ("notify.*") with only
// those values filled in; the report's sealed fields are never even loaded
// here.
//
// The notices are sent by the use cases (package meldpunt) and the case
// handlers after the change has been committed. They look up the
// recipients with the request's context and return; the sending itself
// happens in a goroutine with its own timeout, so a slow or absent mail
// server never delays a page, and a failure is logged (with the user ID or
// "reporter", never an address) but never shown to anyone. Without smtp_host they do nothing.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/mail"
	"github.com/integer-nl/integer/internal/store"
)

// Notifier sends the e-mail notices of one installation. Without smtp_host
// it sends nothing.
type Notifier struct {
	store *store.Store
	cfg   config.Config
	cat   *i18n.Catalog
	log   *slog.Logger
	mail  *mail.Sender
	// OnJob, when set (before the jobs start), hears of every run of a
	// background job: its name, how long it took and its error (for
	// /metrics).
	OnJob func(name string, took time.Duration, err error)
}

// New returns the notifier of the configuration's mail server and base URL.
func New(cfg config.Config, st *store.Store, cat *i18n.Catalog, logger *slog.Logger) *Notifier {
	return &Notifier{store: st, cfg: cfg, cat: cat, log: logger, mail: mail.NewSender(cfg.Mail())}
}

// notifyTimeout bounds the background sending of one notification, to all
// its recipients.
const notifyTimeout = 2 * time.Minute

// NewReport tells the handlers of the report's channel that a report
// came in: the organisation, the channel, the number, the acknowledgement's
// due date and the link to the report. For a report entered after the fact
// whose acknowledgement is already overdue, the notice says so.
func (s *Notifier) NewReport(ctx context.Context, org *domain.Organisation, r *domain.Report) {
	if !s.mail.Enabled() || !sameOrg(org, r) {
		return
	}
	ch, to, err := s.channelRecipients(ctx, org, r)
	if err != nil {
		s.log.Error("notification: handlers", "notice", "new_report", "report_id", r.ID, "err", err)
		return
	}
	due := domain.AcknowledgementDue(r.ReceivedAt)
	link := s.reportLink(org, r)
	key := "notify.new_report"
	if domain.StatusOf(due, r.AcknowledgedAt, s.store.Now()) == domain.DeadlineOverdue {
		key = "notify.new_report_late"
	}
	s.sendLater("new_report", r.ID, to, key, "notify.footer_staff", func(lang string) []any {
		return []any{org.Name, ch.Name(lang), r.Number, s.mailDate(lang, due), link}
	})
}

// ReporterMessage tells the handlers of the report's channel that the
// reporter wrote in the mailbox: the number and the link.
func (s *Notifier) ReporterMessage(ctx context.Context, org *domain.Organisation, r *domain.Report) {
	if !s.mail.Enabled() || !sameOrg(org, r) {
		return
	}
	_, to, err := s.channelRecipients(ctx, org, r)
	if err != nil {
		s.log.Error("notification: handlers", "notice", "reporter_message", "report_id", r.ID, "err", err)
		return
	}
	link := s.reportLink(org, r)
	s.sendLater("reporter_message", r.ID, to, "notify.reporter_message", "notify.footer_staff", func(string) []any {
		return []any{org.Name, r.Number, link}
	})
}

// Reporter tells the reporter, when they left an address for it, that
// there is news in their mailbox: the mailbox's link and nothing else, not
// even the report number; in the language they filed in, or in Dutch and
// English when that is not known. kr is the acting handler's keyring: the address is
// sealed with the report. Only r.ID is used (the store checks that the
// handler handles the report in org), so &domain.Report{ID: id} will do.
func (s *Notifier) Reporter(ctx context.Context, org *domain.Organisation, r *domain.Report, kr store.Keyring) {
	if !s.mail.Enabled() || org == nil || r == nil || (r.OrgID != 0 && r.OrgID != org.ID) {
		return
	}
	addr, lang, err := s.store.NotifyAddress(ctx, org.ID, r.ID, kr)
	if err != nil {
		s.log.Error("notification: reporter address", "notice", "reporter", "report_id", r.ID, "err", err)
		return
	}
	if addr == "" {
		return
	}
	link := s.link(org.Slug, "mailbox")
	args := func(string) []any { return []any{link} }
	subject, text := s.compose("notify.reporter", "notify.footer_reporter", args)
	if lang := i18n.Supported(lang); lang != "" { // the language the reporter filed in
		subject, text = s.composeIn(lang, "notify.reporter", "notify.footer_reporter", args)
	}
	s.sendComposedLater("reporter", r.ID, []store.Recipient{{Email: addr}}, subject, text)
}

// sameOrg guards against a report of another organisation: its link would
// lead nowhere, and its handlers are not this organisation's.
func sameOrg(org *domain.Organisation, r *domain.Report) bool {
	return org != nil && r != nil && r.OrgID == org.ID
}

// SubmissionLimit tells the organisation's coordinators that its reporting
// point reached its hourly limit of reports and refuses more this hour:
// once per hour (the caller sees to that), not once per refused report.
func (s *Notifier) SubmissionLimit(ctx context.Context, org *domain.Organisation, limit int) {
	if !s.mail.Enabled() {
		return
	}
	to, err := s.store.RoleAddresses(ctx, org.ID, domain.RoleCoordinator)
	if err != nil {
		s.log.Error("notification: coordinators", "notice", "submission_limit", "err", err)
		return
	}
	s.sendLater("submission_limit", 0, to, "notify.submission_limit", "notify.footer_coordinator", func(string) []any {
		return []any{org.Name, limit}
	})
}

// channelRecipients returns the report's channel and the handlers of it to
// tell by e-mail.
func (s *Notifier) channelRecipients(ctx context.Context, org *domain.Organisation, r *domain.Report) (*domain.Channel, []store.Recipient, error) {
	chans, err := s.store.Channels(ctx, org.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, ch := range chans {
		if ch.ID == r.ChannelID {
			to, err := s.store.ChannelHandlerAddresses(ctx, ch.ID)
			return ch, to, err
		}
	}
	return nil, nil, fmt.Errorf("notify: report %d: channel %d not in organisation %d", r.ID, r.ChannelID, org.ID)
}

// sendLater composes the e-mail now and sends it in the background, one
// message per recipient.
func (s *Notifier) sendLater(notice string, reportID int64, to []store.Recipient, key, footer string, args func(lang string) []any) {
	if len(to) == 0 {
		return
	}
	subject, text := s.compose(key, footer, args)
	s.sendComposedLater(notice, reportID, to, subject, text)
}

// sendComposedLater sends a composed e-mail in the background, one message
// per recipient.
func (s *Notifier) sendComposedLater(notice string, reportID int64, to []store.Recipient, subject, text string) {
	if len(to) == 0 {
		return
	}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("notification: panic", "notice", notice, "report_id", reportID, "panic", fmt.Sprint(v))
			}
		}()
		ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
		defer cancel()
		s.sendEach(ctx, notice, reportID, to, subject, text)
	}()
}

// sendEach sends the e-mail to each recipient on its own, so that no
// recipient sees another's address and one refused address does not stop
// the rest. It returns how many were sent. Failures are logged by user ID,
// or as "reporter", never by address.
func (s *Notifier) sendEach(ctx context.Context, notice string, reportID int64, to []store.Recipient, subject, text string) int {
	sent := 0
	for _, rc := range to {
		who := slog.Int64("user_id", rc.UserID)
		if rc.UserID == 0 {
			who = slog.String("recipient", "reporter")
		}
		if err := s.mail.Send(ctx, mail.Message{To: []string{rc.Email}, Subject: subject, Text: text}); err != nil {
			s.log.Error("notification not sent", "notice", notice, "report_id", reportID, who, "err", err)
			continue
		}
		sent++
		s.log.Debug("notification sent", "notice", notice, "report_id", reportID, who)
	}
	return sent
}

// compose returns the subject (Dutch) and the text: the Dutch text with the
// English below it. key names the catalogue's key.subject and key.body;
// args gives the values for the body in a language.
func (s *Notifier) compose(key, footer string, args func(lang string) []any) (subject, text string) {
	part := func(lang string) string {
		return s.cat.T(lang, key+".body", args(lang)...) + "\n\n" + s.cat.T(lang, footer)
	}
	subject = s.cat.T(i18n.Dutch, key+".subject")
	text = part(i18n.Dutch) + "\n\n\n" + s.cat.T(i18n.English, "notify.english") + "\n\n" +
		s.cat.T(i18n.English, key+".subject") + "\n\n" + part(i18n.English) + "\n"
	return subject, text
}

// composeIn returns the subject and the text in lang alone: for the
// reporter, whose language is known from their report.
func (s *Notifier) composeIn(lang, key, footer string, args func(lang string) []any) (subject, text string) {
	return s.cat.T(lang, key+".subject"), s.cat.T(lang, key+".body", args(lang)...) + "\n\n" + s.cat.T(lang, footer) + "\n"
}

// link returns the public address of a path under base_url.
func (s *Notifier) link(segments ...string) string {
	for i, seg := range segments {
		segments[i] = url.PathEscape(seg)
	}
	return strings.TrimRight(s.cfg.BaseURL, "/") + "/" + strings.Join(segments, "/")
}

// reportLink is the report's page for its handlers.
func (s *Notifier) reportLink(org *domain.Organisation, r *domain.Report) string {
	return s.link(org.Slug, "reports", strconv.FormatInt(r.ID, 10))
}

// mailDate writes the day t falls on in Europe/Amsterdam: "9 maart 2026".
func (s *Notifier) mailDate(lang string, t time.Time) string {
	d := domain.Day(t)
	months := strings.Fields(s.cat.T(lang, "notify.months"))
	if len(months) != 12 {
		return d.Format(time.DateOnly)
	}
	return fmt.Sprintf("%d %s %d", d.Day(), months[d.Month()-1], d.Year())
}
