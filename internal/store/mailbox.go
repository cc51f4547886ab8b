package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// Reporter is the actor for a reporter in their mailbox: no name, no
// session, no address.
var Reporter = Actor{Name: "reporter"}

// Mailbox is what a reporter sees with their receipt code.
type Mailbox struct {
	Report      *domain.Report
	Messages    []domain.Message
	Attachments []domain.Attachment      // names and sizes of every file, the reporter's own included
	Disclosures []domain.IdentityRequest // approved requests: who was shown the identity, on which ground
	// Consents are the requests to see the identity on the ground of the
	// reporter's consent that wait for their answer.
	Consents []domain.IdentityRequest
}

// mailboxReport finds the report by the receipt's lookup value and its data
// key by the mailbox key. An unknown code and a wrong one are the same:
// ENOTFOUND with one message.
func (tx *Tx) mailboxReport(ctx context.Context, orgID int64, rc Receipt) (*domain.Report, seal.Key, error) {
	var zero seal.Key
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM reports WHERE org_id = $1 AND receipt_lookup = $2`, orgID, rc.Lookup).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, zero, domain.Errorf(domain.EUNAUTHORIZED, "err.receipt_wrong")
	}
	if err != nil {
		return nil, zero, fmt.Errorf("store: mailbox: %w", err)
	}
	r, err := tx.report(ctx, orgID, id)
	if err != nil {
		return nil, zero, err
	}
	dek, err := tx.dataKey(ctx, id, Keyring{Mailbox: &rc.Mailbox})
	if err != nil {
		return nil, zero, domain.Errorf(domain.EUNAUTHORIZED, "err.receipt_wrong")
	}
	return r, dek, nil
}

// OpenMailbox returns the reporter's view of their report, and audits it.
// Errors: EUNAUTHORIZED for an unknown or wrong receipt code.
func (s *Store) OpenMailbox(ctx context.Context, orgID int64, rc Receipt) (*Mailbox, error) {
	var mb Mailbox
	err := s.inTx(ctx, func(tx *Tx) error {
		r, dek, err := tx.mailboxReport(ctx, orgID, rc)
		if err != nil {
			return err
		}
		if err := tx.openContent(ctx, r, dek, false); err != nil {
			return err
		}
		r.Content.Investigator = "" // the bureau's name is for the handlers
		// The allegations, their categories and outcomes are findings about
		// people, for the handlers: the reporter learns what a handler
		// writes them (domain.KindFeedback), never the findings themselves.
		mb.Report = r
		if mb.Messages, err = tx.messages(ctx, r.ID, dek, true); err != nil {
			return err
		}
		if mb.Attachments, err = tx.attachments(ctx, r.ID, dek); err != nil {
			return err
		}
		if mb.Disclosures, err = tx.identityRequests(ctx, `r.report_id = $1 AND r.status = '`+string(domain.IdentityRequestStatusApproved)+`'`, r.ID); err != nil {
			return err
		}
		if mb.Consents, err = tx.identityRequests(ctx, `r.report_id = $1 AND r.status = '`+string(domain.IdentityRequestStatusPending)+
			`' AND r.basis = '`+string(domain.DisclosureBasisConsent)+`' AND r.consent = ''`, r.ID); err != nil {
			return err
		}
		return tx.audit(ctx, Reporter.In(orgID), "report.mailbox_read", "report", r.ID, "")
	})
	if err != nil {
		return nil, err
	}
	return &mb, nil
}

// ReporterMessage adds the reporter's message, with files, to their report.
// It returns the report so the caller can notify its handlers.
func (s *Store) ReporterMessage(ctx context.Context, orgID int64, rc Receipt, body string, files []File) (*domain.Report, error) {
	var r *domain.Report
	err := s.inTx(ctx, func(tx *Tx) error {
		var dek seal.Key
		var err error
		if r, dek, err = tx.mailboxReport(ctx, orgID, rc); err != nil {
			return err
		}
		if err := notClosed(r); err != nil {
			return err
		}
		if strings.TrimSpace(body) == "" && len(files) > 0 {
			body = "(bijlage)"
		}
		id, err := tx.addMessage(ctx, Reporter, r.ID, dek, domain.KindMessage, true, body)
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := tx.addAttachment(ctx, r.ID, id, dek, true, f); err != nil {
				return err
			}
		}
		if err := tx.event(ctx, Reporter, r.ID, domain.EventKindReporterMessage, fmt.Sprintf("%d files", len(files))); err != nil {
			return err
		}
		return tx.audit(ctx, Reporter.In(orgID), "report.reporter_message", "report", r.ID, "")
	})
	return r, err
}

// AnswerMinutes records the reporter's approval of the minutes of an oral
// report, or their correction (a message of theirs).
func (s *Store) AnswerMinutes(ctx context.Context, orgID int64, rc Receipt, messageID int64, approve bool, correction string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		r, dek, err := tx.mailboxReport(ctx, orgID, rc)
		if err != nil {
			return err
		}
		approval, event := domain.MinutesApprovalApproved, domain.EventKindMinutesApproved
		if !approve {
			approval, event = domain.MinutesApprovalCorrected, domain.EventKindMinutesCorrected
			if _, err := tx.addMessage(ctx, Reporter, r.ID, dek, domain.KindCorrection, true, correction); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE report_messages SET approval = $3 WHERE id = $1 AND report_id = $2 AND kind = $4 AND approval = $5`,
			messageID, r.ID, approval, domain.KindMinutes, domain.MinutesApprovalPending)
		if err != nil {
			return fmt.Errorf("store: minutes: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
		}
		if err := tx.event(ctx, Reporter, r.ID, event, ""); err != nil {
			return err
		}
		return tx.audit(ctx, Reporter.In(orgID), "report.minutes_"+string(approval), "report", r.ID, "")
	})
}

// NotifyAddress returns the reporter's e-mail address for "news in your
// mailbox", opened with a handler's key ("" when they left none), and the
// language they filed in ("" when not known).
func (s *Store) NotifyAddress(ctx context.Context, orgID, reportID int64, kr Keyring) (addr, lang string, err error) {
	err = s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.handlerReport(ctx, orgID, kr.UserID, reportID); err != nil {
			return err
		}
		var sealed []byte
		if err := tx.QueryRowContext(ctx, `SELECT notify_email FROM reports WHERE id = $1`, reportID).Scan(&sealed); err != nil {
			return fmt.Errorf("store: notify address: %w", err)
		}
		if sealed == nil {
			return nil
		}
		dek, err := tx.dataKey(ctx, reportID, kr)
		if err != nil {
			return err
		}
		b, err := seal.Open(dek, seal.AAD("reports", "notify_email", reportID), sealed)
		if err != nil {
			return err
		}
		addr = string(b)
		r := &domain.Report{ID: reportID}
		if err := tx.openContent(ctx, r, dek, false); err != nil {
			return err
		}
		lang = r.Content.Lang
		return nil
	})
	return addr, lang, err
}
