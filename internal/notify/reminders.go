package notify

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// reminderSoonDays: a deadline whose due day is this many days away or
// fewer (today included) gets a "soon" reminder.
const reminderSoonDays = 3

// Reminders e-mails the handlers about the legal deadlines of open reports,
// once at start and then every interval, until ctx ends. Without e-mail it
// says so in the log, once, and returns.
func (s *Notifier) Reminders(ctx context.Context, interval time.Duration) {
	if !s.mail.Enabled() {
		s.log.Info("e-mail is off (no smtp_host): no notifications or deadline reminders are sent")
		return
	}
	s.log.Info("e-mail notifications on", "smtp", s.cfg.Mail().String())
	s.every(ctx, interval, "deadline reminders", s.remindOnce)
}

// every runs job at once and then every interval until ctx ends, logging
// its errors under name (none once ctx has ended: that is the shutdown).
// Several servers may share the database: before each pass the server takes
// the job's lease for one interval (store.TakeJobLease), and skips the pass
// when another server holds it, so each pass runs on one server only.
func (s *Notifier) every(ctx context.Context, interval time.Duration, name string, job func(context.Context) error) {
	lease := strings.ReplaceAll(name, " ", "_")
	run := func() {
		mine, err := s.store.TakeJobLease(ctx, lease, interval)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error(name, "err", err)
			}
			return
		}
		if !mine {
			s.log.Debug(name+": another server runs this pass", "job", lease)
			return
		}
		start := time.Now()
		err = job(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error(name, "err", err)
		}
		if s.OnJob != nil && ctx.Err() == nil {
			s.OnJob(name, time.Since(start), err)
		}
	}
	run()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			run()
		}
	}
}

// remindOnce is one pass of Reminders. For every open report of every
// organisation, and each of its running deadlines (acknowledgement while
// not acknowledged, feedback while none was given), it tells the channel's
// handlers when the due day is reminderSoonDays or fewer away ("soon") or
// has passed ("overdue"). Each (report, deadline, stage) is sent once: the
// server first claims it in report_reminders, and only the one whose claim
// inserted the row sends, so several servers and restarts do not send
// twice. A claim whose e-mail reached nobody is released for the next pass.
func (s *Notifier) remindOnce(ctx context.Context) error {
	if !s.mail.Enabled() {
		return nil
	}
	reports, err := s.store.OpenReportsForReminders(ctx)
	if err != nil {
		return err
	}
	if len(reports) == 0 {
		return nil
	}
	orgs, err := s.store.Organisations(ctx)
	if err != nil {
		return err
	}
	orgByID := make(map[int64]*domain.Organisation, len(orgs))
	for _, o := range orgs {
		orgByID[o.ID] = o
	}
	today := domain.Day(s.store.Now())
	handlers := map[int64][]store.Recipient{} // by channel
	var errs []error
	for _, r := range reports {
		org := orgByID[r.OrgID]
		if org == nil {
			continue
		}
		for _, d := range runningDeadlines(r) {
			stage := reminderStage(today, d.due)
			if stage == "" {
				continue
			}
			to, ok := handlers[r.ChannelID]
			if !ok {
				if to, err = s.store.ChannelHandlerAddresses(ctx, r.ChannelID); err != nil {
					errs = append(errs, err)
					continue
				}
				handlers[r.ChannelID] = to
			}
			// Nobody to tell: claim nothing, so a handler who adds an
			// address later still gets the reminder.
			if len(to) == 0 {
				continue
			}
			claimed, err := s.store.ClaimReminder(ctx, r.ID, d.kind, stage)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if !claimed {
				continue
			}
			if err := s.sendReminder(ctx, org, r, d, stage, to); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// PastDeadline counts, per organisation's slug and deadline
// ("acknowledgement", "feedback"), the open reports whose legal deadline
// has passed without being met: counts only, from clear columns, for
// monitoring (/metrics).
func (s *Notifier) PastDeadline(ctx context.Context) (map[string]map[string]int, error) {
	reports, err := s.store.OpenReportsForReminders(ctx)
	if err != nil {
		return nil, err
	}
	orgs, err := s.store.Organisations(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string]int, len(orgs))
	slug := make(map[int64]string, len(orgs))
	for _, o := range orgs {
		slug[o.ID] = o.Slug
		out[o.Slug] = map[string]int{store.ReminderAcknowledgement: 0, store.ReminderFeedback: 0}
	}
	today := domain.Day(s.store.Now())
	for _, r := range reports {
		o, ok := slug[r.OrgID]
		if !ok {
			continue
		}
		for _, d := range runningDeadlines(r) {
			if reminderStage(today, d.due) == store.ReminderOverdue {
				out[o][d.kind]++
			}
		}
	}
	return out, nil
}

// reminderDeadline is one running legal deadline of a report.
type reminderDeadline struct {
	kind string // store.ReminderAcknowledgement or store.ReminderFeedback
	due  time.Time
}

// runningDeadlines returns the report's deadlines that are not yet met.
func runningDeadlines(r *domain.Report) []reminderDeadline {
	if r.State == domain.StateClosed {
		return nil
	}
	var out []reminderDeadline
	if r.AcknowledgedAt == nil {
		out = append(out, reminderDeadline{store.ReminderAcknowledgement, domain.AcknowledgementDue(r.ReceivedAt)})
	}
	if r.FeedbackAt == nil {
		out = append(out, reminderDeadline{store.ReminderFeedback, domain.FeedbackDue(r.ReceivedAt, r.AcknowledgedAt)})
	}
	return out
}

// reminderStage returns "overdue" when the due day has passed, "soon" when it
// is at most reminderSoonDays days after today, else "".
func reminderStage(today, due time.Time) string {
	// Counted in calendar days, so a DST change does not make a day of 23
	// or 25 hours.
	left := domain.DateOf(today).DaysUntil(domain.DateOf(due))
	switch {
	case left < 0:
		return store.ReminderOverdue
	case left <= reminderSoonDays:
		return store.ReminderSoon
	default:
		return ""
	}
}

// sendReminder sends the claimed reminder to the handlers, and releases the
// claim when it reached none of them, so that the next pass tries again.
func (s *Notifier) sendReminder(ctx context.Context, org *domain.Organisation, r *domain.Report, d reminderDeadline, stage string, to []store.Recipient) error {
	key := "notify.reminder_" + stage
	link := s.reportLink(org, r)
	subject, text := s.compose(key, "notify.footer_staff", func(lang string) []any {
		return []any{org.Name, s.cat.T(lang, "notify.deadline."+d.kind), r.Number, s.mailDate(lang, d.due), link}
	})
	if s.sendEach(ctx, "reminder_"+d.kind+"_"+stage, r.ID, to, subject, text) > 0 {
		return nil
	}
	// The pass's context may be ending (shutdown): release regardless.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return s.store.ReleaseReminder(rctx, r.ID, d.kind, stage)
}
