package store

import (
	"context"
	"fmt"

	"github.com/integer-nl/integer/internal/domain"
)

// What e-mail notifications need of the database: who to tell and which
// deadline reminders went out already. Nothing here reads sealed columns, so
// nothing needs a key, and nothing of a report's content can end up in an
// e-mail by way of these methods.

// The deadlines a reminder is about (report_reminders.kind).
const (
	ReminderAcknowledgement = "acknowledgement"
	ReminderFeedback        = "feedback"
)

// The stages of a reminder (report_reminders.stage).
const (
	ReminderSoon    = "soon"    // due within a few days
	ReminderOverdue = "overdue" // the due day has passed
)

// Recipient is a staff account to notify by e-mail.
type Recipient struct {
	UserID int64
	Email  string
}

// ChannelHandlerAddresses lists the handlers of the channel who can be told
// by e-mail: accounts with an e-mail address, not disabled and still holding
// the coordinator role (a handler who lost the role cannot open the report,
// so need not hear of it), by user ID.
func (s *Store) ChannelHandlerAddresses(ctx context.Context, channelID int64) ([]Recipient, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.email FROM channel_handlers h JOIN users u ON u.id = h.user_id
		WHERE h.channel_id = $1 AND u.disabled = FALSE AND u.email <> ''
		AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $2)
		ORDER BY u.id`, channelID, string(domain.RoleCoordinator))
	if err != nil {
		return nil, fmt.Errorf("store: handler addresses: %w", err)
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.UserID, &r.Email); err != nil {
			return nil, fmt.Errorf("store: handler addresses: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// OpenReportsForReminders lists, across all organisations, the reports that
// still have a deadline running: not closed, not marked as spam or
// duplicate, and not yet acknowledged or not yet given feedback. Only the clear columns are read, oldest first.
func (s *Store) OpenReportsForReminders(ctx context.Context) ([]*domain.Report, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+reportColumns+` FROM reports r JOIN channels c ON c.id = r.channel_id
		WHERE r.state <> $1 AND r.dismissed = '' AND (r.acknowledged_at IS NULL OR r.feedback_at IS NULL)
		ORDER BY r.received_at, r.id`, string(domain.StateClosed))
	if err != nil {
		return nil, fmt.Errorf("store: reports for reminders: %w", err)
	}
	defer rows.Close()
	var out []*domain.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ClaimReminder records that the reminder (report, kind, stage) is being
// sent, and reports whether this call recorded it. Of several servers (or
// passes) claiming the same reminder exactly one gets true; only that one
// sends. Kind and stage must be one of the constants above.
func (s *Store) ClaimReminder(ctx context.Context, reportID int64, kind, stage string) (bool, error) {
	if err := checkReminder(kind, stage); err != nil {
		return false, err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO report_reminders (report_id, kind, stage, sent_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (report_id, kind, stage) DO NOTHING`, reportID, kind, stage, s.now())
	if err != nil {
		return false, fmt.Errorf("store: claim reminder: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim reminder: %w", err)
	}
	return n == 1, nil
}

// ReleaseReminder undoes a claim whose e-mail could not be sent to anyone,
// so that a later pass tries again.
func (s *Store) ReleaseReminder(ctx context.Context, reportID int64, kind, stage string) error {
	if err := checkReminder(kind, stage); err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM report_reminders WHERE report_id = $1 AND kind = $2 AND stage = $3`,
		reportID, kind, stage); err != nil {
		return fmt.Errorf("store: release reminder: %w", err)
	}
	return nil
}

func checkReminder(kind, stage string) error {
	if (kind != ReminderAcknowledgement && kind != ReminderFeedback) || (stage != ReminderSoon && stage != ReminderOverdue) {
		return fmt.Errorf("store: reminder %q/%q: unknown kind or stage", kind, stage)
	}
	return nil
}
