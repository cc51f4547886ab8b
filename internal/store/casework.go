package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// handle runs one change of a report by a handler of its channel in a
// transaction: it loads the report (ENOTFOUND for anyone else), finds the
// data key, runs fn and audits action.
func (s *Store) handle(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, action domain.EventKind,
	fn func(tx *Tx, r *domain.Report, dek seal.Key) (string, error)) error {
	return s.inTx(ctx, func(tx *Tx) error {
		r, err := tx.handlerReport(ctx, orgID, kr.UserID, reportID)
		if err != nil {
			return err
		}
		dek, err := tx.dataKey(ctx, reportID, kr)
		if err != nil {
			return err
		}
		detail, err := fn(tx, r, dek)
		if err != nil {
			return err
		}
		if err := tx.event(ctx, actor, reportID, action, detail); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "report."+string(action), "report", reportID, detail)
	})
}

func notClosed(r *domain.Report) error {
	if r.State == domain.StateClosed {
		return domain.Errorf(domain.EINVALID, "err.report_closed")
	}
	return nil
}

func acknowledged(r *domain.Report) error {
	if r.State == domain.StateReceived {
		return domain.Errorf(domain.EINVALID, "err.not_acknowledged")
	}
	return notClosed(r)
}

// Acknowledge records the acknowledgement of receipt and sends the reporter
// the message. Errors: EINVALID when already acknowledged or closed.
func (s *Store) Acknowledge(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, message string) error {
	return s.handle(ctx, actor, orgID, reportID, kr, domain.EventKindAcknowledged, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		if r.State != domain.StateReceived {
			return "", domain.Errorf(domain.EINVALID, "err.already_acknowledged")
		}
		if strings.TrimSpace(message) == "" {
			return "", domain.FieldError("message", "err.message_required")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET state = $2, acknowledged_at = $3, next_due = $4 WHERE id = $1`,
			reportID, string(domain.StateAcknowledged), tx.now, NextDue(r.ReceivedAt, &tx.now, r.FeedbackAt)); err != nil {
			return "", fmt.Errorf("store: acknowledge: %w", err)
		}
		_, err := tx.addMessage(ctx, actor, reportID, dek, domain.KindSystem, false, message)
		return "", err
	})
}

// AddMessage adds a handler's message to the reporter, an internal note,
// the minutes of an oral report for the reporter to approve, or the
// feedback on the assessment and follow-up (domain.KindFeedback). The first
// feedback meets the feedback deadline (feedback_at); nothing else does.
// Errors: EINVALID for an empty or overlong text, a closed report (except
// for notes) and feedback before the acknowledgement.
func (s *Store) AddMessage(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, kind domain.MessageKind, body string) (int64, error) {
	var id int64
	action := map[domain.MessageKind]domain.EventKind{domain.KindMessage: domain.EventKindMessage, domain.KindNote: domain.EventKindNote,
		domain.KindMinutes: domain.EventKindMinutes, domain.KindFeedback: domain.EventKindMessage}[kind]
	if action == "" {
		return 0, domain.FieldError("kind", "err.choice_invalid")
	}
	err := s.handle(ctx, actor, orgID, reportID, kr, action, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		if kind != domain.KindNote {
			if err := notClosed(r); err != nil {
				return "", err
			}
		}
		if kind == domain.KindFeedback {
			if err := acknowledged(r); err != nil {
				return "", err
			}
		}
		var err error
		if id, err = tx.addMessage(ctx, actor, reportID, dek, kind, false, body); err != nil {
			return "", err
		}
		if kind != domain.KindFeedback {
			return "", nil
		}
		if r.FeedbackAt == nil {
			if _, err := tx.ExecContext(ctx, `UPDATE reports SET feedback_at = $2, next_due = $3 WHERE id = $1`,
				reportID, tx.now, NextDue(r.ReceivedAt, r.AcknowledgedAt, &tx.now)); err != nil {
				return "", fmt.Errorf("store: feedback: %w", err)
			}
		}
		return "feedback", nil
	})
	return id, err
}

func (tx *Tx) addMessage(ctx context.Context, actor Actor, reportID int64, dek seal.Key, kind domain.MessageKind, fromReporter bool, body string) (int64, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return 0, domain.FieldError("message", "err.message_required")
	}
	if len([]rune(body)) > domain.MaxTextRunes {
		return 0, domain.FieldError("message", "err.too_long")
	}
	approval := domain.MinutesApproval("")
	if kind == domain.KindMinutes {
		approval = domain.MinutesApprovalPending
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO report_messages (report_id, kind, from_reporter, author_id, body, approval, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, reportID, string(kind), fromReporter, actor.UserID, []byte{}, approval, tx.now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: message: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE report_messages SET body = $2 WHERE id = $1`,
		id, seal.Seal(dek, seal.AAD("report_messages", "body", id), []byte(body))); err != nil {
		return 0, fmt.Errorf("store: message: %w", err)
	}
	return id, nil
}

// Messages returns the report's conversation, oldest first, opened with the
// data key. forReporter leaves out internal notes.
func (tx *Tx) messages(ctx context.Context, reportID int64, dek seal.Key, forReporter bool) ([]domain.Message, error) {
	rows, err := tx.QueryContext(ctx, `SELECT m.id, m.kind, m.from_reporter, m.author_id, COALESCE(u.display_name, ''), m.body, m.approval, m.created_at
		FROM report_messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.report_id = $1 ORDER BY m.id`, reportID)
	if err != nil {
		return nil, fmt.Errorf("store: messages: %w", err)
	}
	var out []domain.Message
	for rows.Next() {
		m := domain.Message{ReportID: reportID}
		var kind string
		var body []byte
		if err := rows.Scan(&m.ID, &kind, &m.FromReporter, &m.AuthorID, &m.AuthorName, &body, &m.Approval, &m.At); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: messages: %w", err)
		}
		m.Kind = domain.MessageKind(kind)
		if forReporter && m.Kind == domain.KindNote {
			continue
		}
		b, err := seal.Open(dek, seal.AAD("report_messages", "body", m.ID), body)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: message %d: %w", m.ID, err)
		}
		m.Body = string(b)
		out = append(out, m)
	}
	rows.Close()
	atts, err := tx.attachments(ctx, reportID, dek)
	if err != nil {
		return nil, err
	}
	for _, a := range atts {
		for i := range out {
			if out[i].ID == a.MessageID {
				out[i].Attachments = append(out[i].Attachments, a)
			}
		}
	}
	return out, nil
}

// attachments lists a report's attachments with their names (not content).
func (tx *Tx) attachments(ctx context.Context, reportID int64, dek seal.Key) ([]domain.Attachment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, message_id, from_reporter, name, size, metadata, created_at FROM report_attachments
		WHERE report_id = $1 ORDER BY id`, reportID)
	if err != nil {
		return nil, fmt.Errorf("store: attachments: %w", err)
	}
	defer rows.Close()
	var out []domain.Attachment
	for rows.Next() {
		a := domain.Attachment{ReportID: reportID}
		var name, meta []byte
		if err := rows.Scan(&a.ID, &a.MessageID, &a.FromReporter, &name, &a.Size, &meta, &a.At); err != nil {
			return nil, fmt.Errorf("store: attachments: %w", err)
		}
		b, err := seal.Open(dek, seal.AAD("report_attachments", "name", a.ID), name)
		if err != nil {
			return nil, fmt.Errorf("store: attachment %d: %w", a.ID, err)
		}
		a.Name = string(b)
		if a.Meta, err = openAttachmentMeta(dek, a.ID, meta); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// openAttachmentMeta opens the record of an attachment's metadata; nil
// for a file stored without one.
func openAttachmentMeta(dek seal.Key, id int64, sealed []byte) (*domain.AttachmentMeta, error) {
	if sealed == nil {
		return nil, nil
	}
	b, err := seal.Open(dek, seal.AAD("report_attachments", "metadata", id), sealed)
	if err != nil {
		return nil, fmt.Errorf("store: attachment %d: %w", id, err)
	}
	m := &domain.AttachmentMeta{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("store: attachment %d: metadata: %w", id, err)
	}
	return m, nil
}

// addAttachment seals and stores a file with the record of its metadata.
// Limits: domain.MaxAttachmentBytes each and domain.MaxAttachments per
// report.
func (tx *Tx) addAttachment(ctx context.Context, reportID, messageID int64, dek seal.Key, fromReporter bool, f File) error {
	name, content := f.Name, f.Content
	if len(content) > domain.MaxAttachmentBytes {
		return domain.FieldError("attachments", "err.attachment_too_big", domain.MaxAttachmentBytes>>20)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM report_attachments WHERE report_id = $1`, reportID).Scan(&n); err != nil {
		return fmt.Errorf("store: attachments: %w", err)
	}
	if n >= domain.MaxAttachments {
		return domain.FieldError("attachments", "err.attachments_too_many", domain.MaxAttachments)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO report_attachments (report_id, message_id, from_reporter, name, size, content, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, reportID, messageID, fromReporter, []byte{}, len(content), []byte{}, tx.now).Scan(&id)
	if err != nil {
		return fmt.Errorf("store: attachment: %w", err)
	}
	var meta []byte
	if f.Meta != nil {
		b, err := json.Marshal(f.Meta)
		if err != nil {
			return fmt.Errorf("store: attachment: %w", err)
		}
		meta = seal.Seal(dek, seal.AAD("report_attachments", "metadata", id), b)
	}
	_, err = tx.ExecContext(ctx, `UPDATE report_attachments SET name = $2, content = $3, metadata = $4 WHERE id = $1`, id,
		seal.Seal(dek, seal.AAD("report_attachments", "name", id), []byte(name)),
		seal.Seal(dek, seal.AAD("report_attachments", "content", id), content), meta)
	if err != nil {
		return fmt.Errorf("store: attachment: %w", err)
	}
	return nil
}

// File is an attachment to store.
type File struct {
	Name    string
	Content []byte
	// Meta records what was done with the file's metadata (a reporter's
	// file, after package clean); nil stores no record.
	Meta *domain.AttachmentMeta
}

// AttachmentFor returns one attachment with its content for a handler, and
// audits the read.
func (s *Store) AttachmentFor(ctx context.Context, actor Actor, orgID, reportID, attachmentID int64, kr Keyring) (*domain.Attachment, error) {
	var a *domain.Attachment
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.handlerReport(ctx, orgID, kr.UserID, reportID); err != nil {
			return err
		}
		dek, err := tx.dataKey(ctx, reportID, kr)
		if err != nil {
			return err
		}
		if a, err = tx.attachment(ctx, reportID, attachmentID, dek); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "report.attachment_read", "report", reportID, fmt.Sprint(attachmentID))
	})
	return a, err
}

func (tx *Tx) attachment(ctx context.Context, reportID, attachmentID int64, dek seal.Key) (*domain.Attachment, error) {
	a := &domain.Attachment{ID: attachmentID, ReportID: reportID}
	var name, content []byte
	var meta []byte
	err := tx.QueryRowContext(ctx, `SELECT message_id, from_reporter, name, size, content, metadata, created_at FROM report_attachments
		WHERE id = $1 AND report_id = $2`, attachmentID, reportID).Scan(&a.MessageID, &a.FromReporter, &name, &a.Size, &content, &meta, &a.At)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: attachment: %w", err)
	}
	n, err := seal.Open(dek, seal.AAD("report_attachments", "name", a.ID), name)
	if err != nil {
		return nil, fmt.Errorf("store: attachment %d: %w", a.ID, err)
	}
	c, err := seal.Open(dek, seal.AAD("report_attachments", "content", a.ID), content)
	if err != nil {
		return nil, fmt.Errorf("store: attachment %d: %w", a.ID, err)
	}
	a.Name, a.Content = string(n), c
	if a.Meta, err = openAttachmentMeta(dek, a.ID, meta); err != nil {
		return nil, err
	}
	return a, nil
}

// AddAllegation adds an allegation with its national category and, where the
// organisation uses its own categories, the one it names (ownID, 0 for
// none): then the national category is that one's and may be left "".
// Errors: EINVALID naming "category" or "own_category", or for a closed
// report; ENOTFOUND.
func (s *Store) AddAllegation(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, category domain.Category, ownID int64) error {
	return s.handle(ctx, actor, orgID, reportID, kr, domain.EventKindAllegation, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		if err := notClosed(r); err != nil {
			return "", err
		}
		category, own, err := tx.allegationCategory(ctx, orgID, category, ownID)
		if err != nil {
			return "", err
		}
		orgOf, year, dismissed, err := tx.reportCopies(ctx, reportID)
		if err != nil {
			return "", err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO allegations (report_id, category, own_category_id, created_at, org_id, received_year, report_dismissed)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, reportID, category, own, tx.now, orgOf, year, dismissed)
		if err != nil {
			return "", fmt.Errorf("store: allegation: %w", err)
		}
		return string(category), nil
	})
}

// SetOutcome records the finding on one allegation. Errors: EINVALID before
// the report is acknowledged, after it is closed, or for an unknown outcome.
func (s *Store) SetOutcome(ctx context.Context, actor Actor, orgID, reportID, allegationID int64, kr Keyring, outcome domain.Outcome, note string) error {
	return s.SetOutcomeWith(ctx, actor, orgID, reportID, allegationID, kr, OutcomeChange{Outcome: outcome, Note: note})
}

// SetOutcomeReferred records the outcome of one allegation and, when to is
// given, in the same transaction the body the report was referred to (name:
// that body's name, required for ReferralOther). The outcome "referred"
// needs a body: the one given or the report's. Errors: EINVALID naming
// "outcome", "referred_to" or "referred_name"; ENOTFOUND.
func (s *Store) SetOutcomeReferred(ctx context.Context, actor Actor, orgID, reportID, allegationID int64, kr Keyring,
	outcome domain.Outcome, note string, to domain.Referral, name string) error {
	return s.SetOutcomeWith(ctx, actor, orgID, reportID, allegationID, kr, OutcomeChange{Outcome: outcome, Note: note, ReferredTo: to, ReferredName: name})
}

// OutcomeChange is what the outcome form of an allegation records: the
// outcome with its (sealed) note, the body a referred report went to, and
// why a discontinued investigation stopped.
type OutcomeChange struct {
	Outcome      domain.Outcome
	Note         string
	ReferredTo   domain.Referral // "" leaves the report's referral as it is
	ReferredName string          // the body's name, for ReferralOther
	StopReason   domain.StopReason
}

// SetOutcomeWith records the outcome of one allegation (see
// SetOutcomeReferred), with the reason its investigation stopped: required
// for the outcome "discontinued" and refused for any other, and "other"
// needs a note saying why (domain.CheckStopReason). Errors: EINVALID naming
// "outcome", "referred_to", "referred_name", "stop_reason" or "note";
// ENOTFOUND.
func (s *Store) SetOutcomeWith(ctx context.Context, actor Actor, orgID, reportID, allegationID int64, kr Keyring, c OutcomeChange) error {
	outcome, note := c.Outcome, c.Note
	return s.handle(ctx, actor, orgID, reportID, kr, domain.EventKindOutcome, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		if err := acknowledged(r); err != nil {
			return "", err
		}
		if !slices.Contains(domain.Outcomes, outcome) {
			return "", domain.FieldError("outcome", "err.choice_invalid")
		}
		if err := domain.CheckStopReason(outcome, c.StopReason, note); err != nil {
			return "", err
		}
		if c.ReferredTo != "" {
			if err := tx.refer(ctx, r, dek, c.ReferredTo, c.ReferredName); err != nil {
				return "", err
			}
		}
		if outcome == domain.OutcomeReferred && r.ReferredTo == "" {
			return "", domain.FieldError("referred_to", "err.referred_needs_body")
		}
		var sealedNote []byte
		if note = strings.TrimSpace(note); note != "" {
			sealedNote = seal.Seal(dek, seal.AAD("allegations", "outcome_note", allegationID), []byte(note))
		}
		res, err := tx.ExecContext(ctx, `UPDATE allegations SET outcome = $3, outcome_note = $4, stop_reason = $5 WHERE id = $1 AND report_id = $2`,
			allegationID, reportID, outcome, sealedNote, string(c.StopReason))
		if err != nil {
			return "", fmt.Errorf("store: outcome: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return "", domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
		}
		detail := fmt.Sprintf("%s %d", outcome, allegationID) // the timeline names the allegation
		if c.StopReason != "" {
			detail = fmt.Sprintf("%s %d %s", outcome, allegationID, c.StopReason)
		}
		return detail, nil
	})
}

// refer sets the report's referral: a body from domain.Referrals, with its
// name for ReferralOther (sealed with the content), or none, which is
// refused while an allegation's outcome is "referred".
func (tx *Tx) refer(ctx context.Context, r *domain.Report, dek seal.Key, to domain.Referral, name string) error {
	if to != "" && !slices.Contains(domain.Referrals, to) {
		return domain.FieldError("referred_to", "err.choice_invalid")
	}
	name = strings.TrimSpace(name)
	if to == domain.ReferralOther && name == "" {
		return domain.FieldError("referred_name", "err.referral_other_name")
	}
	if utf8.RuneCountInString(name) > 200 {
		return domain.FieldError("referred_name", "err.too_long")
	}
	if to == "" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM allegations WHERE report_id = $1 AND outcome = $2`,
			r.ID, domain.OutcomeReferred).Scan(&n); err != nil {
			return fmt.Errorf("store: refer: %w", err)
		}
		if n > 0 {
			return domain.FieldError("referred_to", "err.referral_still_referred")
		}
	}
	if to != domain.ReferralOther {
		name = ""
	}
	if err := tx.openContent(ctx, r, dek, false); err != nil {
		return err
	}
	if r.Content.ReferredName != name {
		r.Content.ReferredName = name
		if err := tx.resealContent(ctx, r.ID, dek, r.Content); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE reports SET referred_to = $2 WHERE id = $1`, r.ID, to); err != nil {
		return fmt.Errorf("store: refer: %w", err)
	}
	r.ReferredTo = to
	return nil
}

// AddMeasure records a measure the report led to.
func (s *Store) AddMeasure(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, kind domain.MeasureKind, note string) error {
	return s.handle(ctx, actor, orgID, reportID, kr, domain.EventKindMeasure, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		if err := acknowledged(r); err != nil {
			return "", err
		}
		if !slices.Contains(domain.MeasureKinds, kind) {
			return "", domain.FieldError("measure", "err.choice_invalid")
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO measures (report_id, kind, created_at) VALUES ($1, $2, $3) RETURNING id`,
			reportID, kind, tx.now).Scan(&id); err != nil {
			return "", fmt.Errorf("store: measure: %w", err)
		}
		if note = strings.TrimSpace(note); note != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE measures SET note = $2 WHERE id = $1`, id,
				seal.Seal(dek, seal.AAD("measures", "note", id), []byte(note))); err != nil {
				return "", fmt.Errorf("store: measure: %w", err)
			}
		}
		return string(kind), nil
	})
}

// SetInvestigation records the kind of investigation and, for an external
// one, the bureau (sealed with the content).
func (s *Store) SetInvestigation(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, kind domain.Investigation, investigator string) error {
	return s.handle(ctx, actor, orgID, reportID, kr, domain.EventKindInvestigation, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		if err := acknowledged(r); err != nil {
			return "", err
		}
		if !slices.Contains(domain.Investigations, kind) {
			return "", domain.FieldError("investigation", "err.choice_invalid")
		}
		investigator = strings.TrimSpace(investigator)
		if kind == domain.InvestigationExternal && investigator == "" {
			return "", domain.FieldError("investigator", "err.investigator_required")
		}
		if err := tx.openContent(ctx, r, dek, false); err != nil {
			return "", err
		}
		r.Content.Investigator = investigator
		if err := tx.resealContent(ctx, r.ID, dek, r.Content); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET investigation = $2 WHERE id = $1`, reportID, kind); err != nil {
			return "", fmt.Errorf("store: investigation: %w", err)
		}
		return string(kind), nil
	})
}

// Refer records the body the report was referred to (name: its name, for
// ReferralOther), or clears it (to ""), which is refused while an
// allegation's outcome is "referred". Errors: EINVALID naming "referred_to"
// or "referred_name".
func (s *Store) Refer(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, to domain.Referral, name string) error {
	return s.handle(ctx, actor, orgID, reportID, kr, domain.EventKindReferred, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		if err := acknowledged(r); err != nil {
			return "", err
		}
		if err := tx.refer(ctx, r, dek, to, name); err != nil {
			return "", err
		}
		return string(to), nil
	})
}

// CloseReport closes an acknowledged report whose allegations all have an
// outcome and whose reporter was given feedback, with a final message to
// the reporter. Closing never counts as the feedback. Errors: EINVALID.
func (s *Store) CloseReport(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, message string) error {
	return s.handle(ctx, actor, orgID, reportID, kr, domain.EventKindClosed, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		if err := acknowledged(r); err != nil {
			return "", err
		}
		var total, open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE outcome = '') FROM allegations WHERE report_id = $1`,
			reportID).Scan(&total, &open); err != nil {
			return "", fmt.Errorf("store: close: %w", err)
		}
		if total == 0 {
			return "", domain.Errorf(domain.EINVALID, "err.no_allegations")
		}
		if open > 0 {
			return "", domain.Errorf(domain.EINVALID, "err.open_allegations", open)
		}
		if r.FeedbackAt == nil {
			return "", domain.Errorf(domain.EINVALID, "err.feedback_first")
		}
		if _, err := tx.addMessage(ctx, actor, reportID, dek, domain.KindSystem, false, message); err != nil {
			return "", err
		}
		_, err := tx.ExecContext(ctx, `UPDATE reports SET state = $2, closed_at = $3 WHERE id = $1`,
			reportID, string(domain.StateClosed), tx.now)
		if err != nil {
			return "", fmt.Errorf("store: close: %w", err)
		}
		return "", nil
	})
}

func (tx *Tx) resealContent(ctx context.Context, id int64, dek seal.Key, c *domain.ReportContent) error {
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("store: content: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE reports SET content = $2 WHERE id = $1`, id, seal.Seal(dek, seal.AAD("reports", "content", id), b))
	if err != nil {
		return fmt.Errorf("store: reseal content: %w", err)
	}
	return nil
}

// AssignReport sets who of the channel's handlers works on the report.
func (s *Store) AssignReport(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, userIDs []int64) error {
	return s.handle(ctx, actor, orgID, reportID, kr, domain.EventKindAssigned, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM report_assignees WHERE report_id = $1`, reportID); err != nil {
			return "", fmt.Errorf("store: assign: %w", err)
		}
		for _, uid := range userIDs {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM channel_handlers WHERE channel_id = $1 AND user_id = $2`,
				r.ChannelID, uid).Scan(&n); err != nil {
				return "", fmt.Errorf("store: assign: %w", err)
			}
			if n == 0 {
				return "", domain.FieldError("assignees", "err.assignee_not_handler")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO report_assignees (report_id, user_id) VALUES ($1, $2)`, reportID, uid); err != nil {
				return "", fmt.Errorf("store: assign: %w", err)
			}
		}
		return fmt.Sprint(userIDs), nil
	})
}

// Assignees returns the user IDs assigned to the report.
func (s *Store) Assignees(ctx context.Context, reportID int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT user_id FROM report_assignees WHERE report_id = $1 ORDER BY user_id`, reportID)
	if err != nil {
		return nil, fmt.Errorf("store: assignees: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: assignees: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// LinkReports links two reports of the same organisation (e.g. about the same
// matter), both ways. The handler must handle the first report's channel and
// name the second by its number.
func (s *Store) LinkReports(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, otherNumber string) error {
	return s.handle(ctx, actor, orgID, reportID, kr, domain.EventKindLinked, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM reports WHERE org_id = $1 AND number = $2
			AND channel_id IN (SELECT channel_id FROM channel_handlers WHERE user_id = $3)`, orgID, strings.TrimSpace(otherNumber), kr.UserID).Scan(&other)
		if err != nil || other == reportID {
			return "", domain.FieldError("number", "err.report_not_found")
		}
		for _, pair := range [][2]int64{{reportID, other}, {other, reportID}} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO report_links (report_id, linked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
				pair[0], pair[1]); err != nil {
				return "", fmt.Errorf("store: link: %w", err)
			}
		}
		return otherNumber, nil
	})
}

// LinkedReports returns the numbers and IDs of the reports linked to this one.
func (s *Store) LinkedReports(ctx context.Context, reportID int64) (map[int64]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.number FROM report_links l JOIN reports r ON r.id = l.linked_id
		WHERE l.report_id = $1 ORDER BY r.number`, reportID)
	if err != nil {
		return nil, fmt.Errorf("store: links: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: links: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// StaffReport is CreateReport for a report a handler enters: received by
// e-mail, phone, letter or in person. The reporter still gets a receipt code
// (handed over by the handler) to follow it in the mailbox; for an oral
// report the handler then adds the minutes for the reporter to approve.
func (s *Store) StaffReport(ctx context.Context, actor Actor, orgID int64, in domain.NewReport, rc Receipt, files ...File) (*domain.Report, error) {
	if in.Source == domain.SourceWeb || in.Source == "" {
		return nil, domain.FieldError("source", "err.choice_invalid")
	}
	return s.CreateReport(ctx, actor, orgID, in, rc, files...)
}

// MarkReports marks each report as spam or duplicate, or unmarks it (mark
// ""), in one transaction with an event and an audit line per report: a
// marked report leaves the deadline list and the reminders, and the annual
// report counts it apart. The user must handle every report's channel, or
// nothing changes. Errors: EINVALID for an unknown mark or no reports,
// ENOTFOUND for a report that is not the user's.
func (s *Store) MarkReports(ctx context.Context, actor Actor, orgID, userID int64, ids []int64, mark domain.Dismissal) error {
	if mark != "" && !slices.Contains(domain.Dismissals, mark) {
		return domain.FieldError("mark", "err.choice_invalid")
	}
	if len(ids) == 0 {
		return domain.FieldError("ids", "err.reports_none_chosen")
	}
	action, event := "report.marked_"+string(mark), domain.EventKindMarked
	if mark == "" {
		action, event = "report.unmarked", domain.EventKindUnmarked
	}
	return s.inTx(ctx, func(tx *Tx) error {
		for _, id := range ids {
			if _, err := tx.handlerReport(ctx, orgID, userID, id); err != nil {
				return err
			}
			var at *time.Time
			if mark != "" {
				at = &tx.now
			}
			if _, err := tx.ExecContext(ctx, `UPDATE reports SET dismissed = $2, dismissed_at = $3 WHERE id = $1`, id, mark, at); err != nil {
				return fmt.Errorf("store: mark report: %w", err)
			}
			if err := tx.event(ctx, actor, id, event, string(mark)); err != nil {
				return err
			}
			if err := tx.audit(ctx, actor.In(orgID), action, "report", id, string(mark)); err != nil {
				return err
			}
		}
		// The allegations' copy of the mark (allegationCopies).
		return tx.syncAllegationCopies(ctx, ids)
	})
}
