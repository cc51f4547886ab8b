package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// RequestIdentity records a handler's request to see the reporter's
// identity, with the reason and the ground (the reporter's consent or a
// legal duty). A custodian decides; on the ground of consent only after the
// reporter said yes in their mailbox (AnswerConsent), who reads the
// requester's name and the reason there.
func (s *Store) RequestIdentity(ctx context.Context, actor Actor, orgID, reportID int64, kr Keyring, reason string, basis domain.DisclosureBasis) error {
	return s.handle(ctx, actor, orgID, reportID, kr, domain.EventKindIdentityRequested, func(tx *Tx, r *domain.Report, dek seal.Key) (string, error) {
		if !r.HasIdentity {
			return "", domain.Errorf(domain.EINVALID, "err.anonymous_report")
		}
		if !slices.Contains(domain.DisclosureBases, basis) {
			return "", domain.FieldError("basis", "err.choice_invalid")
		}
		if reason = strings.TrimSpace(reason); reason == "" {
			return "", domain.FieldError("reason", "err.reason_required")
		}
		// The reason is for the custodian, who holds no key of the report, so
		// it is stored readable; the form asks not to repeat the report in it.
		if _, err := tx.ExecContext(ctx, `INSERT INTO identity_requests (report_id, requested_by, reason, basis, status, created_at, org_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, reportID, kr.UserID, []byte(reason), basis, domain.IdentityRequestStatusPending, tx.now, orgID); err != nil {
			return "", fmt.Errorf("store: identity request: %w", err)
		}
		return string(basis), nil
	})
}

// IdentityRequests lists the organisation's identity requests for the
// custodians, newest first, with the reasons.
func (s *Store) IdentityRequests(ctx context.Context, orgID int64) ([]domain.IdentityRequest, error) {
	var out []domain.IdentityRequest
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.identityRequests(ctx, orgIdentityRequestsWhere, orgID)
		return err
	})
	return out, err
}

// ReportIdentityRequests returns the identity requests of one report of
// the organisation, newest first. It starts from the report's requests
// (index identity_requests_report), so a report's page reads that report's
// rows only, however many reports the organisation has.
func (s *Store) ReportIdentityRequests(ctx context.Context, orgID, reportID int64) ([]domain.IdentityRequest, error) {
	var out []domain.IdentityRequest
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.identityRequests(ctx, reportIdentityRequestsWhere, reportID, orgID)
		return err
	})
	return out, err
}

// orgIdentityRequestsWhere finds the organisation's requests by their own
// organisation (index identity_requests_org), not among every request of
// the installation joined to its report; the report's is checked as well.
const orgIdentityRequestsWhere = `r.org_id = $1 AND rep.org_id = $1`

// reportIdentityRequestsWhere names the report twice: by its requests and
// by its key, so that each engine finds the report row by its key.
const reportIdentityRequestsWhere = `r.report_id = $1 AND rep.id = $1 AND rep.org_id = $2`

// identityRequestsQuery is the query of identityRequests without its
// condition (for the plan test).
const identityRequestsQuery = `SELECT r.id, r.report_id, rep.number, r.requested_by, u.display_name, r.reason, r.basis, r.status, r.decided_by,
		COALESCE(d.display_name, ''), r.created_at, r.decided_at, r.consent, r.consent_at, r.refusal_reason
		FROM identity_requests r JOIN reports rep ON rep.id = r.report_id JOIN users u ON u.id = r.requested_by
		LEFT JOIN users d ON d.id = r.decided_by WHERE `

func (tx *Tx) identityRequests(ctx context.Context, where string, args ...any) ([]domain.IdentityRequest, error) {
	rows, err := tx.QueryContext(ctx, identityRequestsQuery+where+` ORDER BY r.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: identity requests: %w", err)
	}
	defer rows.Close()
	var out []domain.IdentityRequest
	for rows.Next() {
		var q domain.IdentityRequest
		var reason []byte
		if err := rows.Scan(&q.ID, &q.ReportID, &q.ReportNumber, &q.RequestedBy, &q.Requester, &reason, &q.Basis, &q.Status, &q.DecidedBy,
			&q.Decider, &q.At, &q.DecidedAt, &q.Consent, &q.ConsentAt, &q.RefusalReason); err != nil {
			return nil, fmt.Errorf("store: identity requests: %w", err)
		}
		q.Reason = string(reason)
		out = append(out, q)
	}
	return out, rows.Err()
}

// DecideIdentity approves or refuses a pending request. The custodian
// deciding must be another person than the requester: nobody discloses an
// identity to themselves. On the ground of consent it is approved only
// after the reporter said yes; a refusal needs a reason, which the
// requester reads. Errors: ENOTFOUND, EFORBIDDEN, EINVALID (also at the
// field refusal_reason).
func (s *Store) DecideIdentity(ctx context.Context, actor Actor, orgID, requestID int64, approve bool, refusalReason string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		var reportID, requester int64
		var status domain.IdentityRequestStatus
		var basis domain.DisclosureBasis
		var consent domain.Consent
		err := tx.QueryRowContext(ctx, `SELECT r.report_id, r.requested_by, r.status, r.basis, r.consent FROM identity_requests r
			JOIN reports rep ON rep.id = r.report_id WHERE r.id = $1 AND rep.org_id = $2`, requestID, orgID).Scan(&reportID, &requester, &status, &basis, &consent)
		if err != nil {
			return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
		}
		if requester == actor.UserID {
			return domain.Errorf(domain.EFORBIDDEN, "err.not_on_self")
		}
		if status != domain.IdentityRequestStatusPending {
			return domain.Errorf(domain.EINVALID, "err.already_decided")
		}
		refusalReason = strings.TrimSpace(refusalReason)
		switch {
		case approve && basis == domain.DisclosureBasisConsent && consent != domain.ConsentGiven:
			return domain.Errorf(domain.EINVALID, "err.consent_missing")
		case !approve && refusalReason == "":
			return domain.FieldError("refusal_reason", "err.refusal_reason_required")
		case len([]rune(refusalReason)) > 2000:
			return domain.FieldError("refusal_reason", "err.too_long")
		}
		decision, event := domain.IdentityRequestStatusRefused, domain.EventKindIdentityRefused
		if approve {
			decision, event, refusalReason = domain.IdentityRequestStatusApproved, domain.EventKindIdentityApproved, ""
		}
		if _, err := tx.ExecContext(ctx, `UPDATE identity_requests SET status = $2, decided_by = $3, decided_at = $4, refusal_reason = $5 WHERE id = $1`,
			requestID, decision, actor.UserID, tx.now, refusalReason); err != nil {
			return fmt.Errorf("store: decide identity: %w", err)
		}
		if err := tx.event(ctx, actor, reportID, event, ""); err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(orgID), "report.identity_"+string(decision), "report", reportID, fmt.Sprint(requestID))
	})
}

// AnswerConsent records the reporter's answer, in their mailbox, to a
// pending request to see their identity on the ground of their consent. A
// no ends the request: it is refused, and no custodian can approve it. The
// reporter can answer once. Errors: EUNAUTHORIZED for a wrong receipt,
// ENOTFOUND when no such request awaits their answer (any more).
func (s *Store) AnswerConsent(ctx context.Context, orgID int64, rc Receipt, requestID int64, yes bool) error {
	return s.inTx(ctx, func(tx *Tx) error {
		r, _, err := tx.mailboxReport(ctx, orgID, rc)
		if err != nil {
			return err
		}
		answer, event := domain.ConsentRefused, domain.EventKindConsentRefused
		set := `, status = '` + string(domain.IdentityRequestStatusRefused) + `', decided_at = $3`
		if yes {
			answer, event, set = domain.ConsentGiven, domain.EventKindConsentGiven, ``
		}
		res, err := tx.ExecContext(ctx, `UPDATE identity_requests SET consent = $4, consent_at = $3`+set+`
			WHERE id = $1 AND report_id = $2 AND status = $5 AND basis = $6 AND consent = ''`,
			requestID, r.ID, tx.now, answer, domain.IdentityRequestStatusPending, domain.DisclosureBasisConsent)
		if err != nil {
			return fmt.Errorf("store: consent: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.consent_answered")
		}
		if err := tx.event(ctx, Reporter, r.ID, event, fmt.Sprint(requestID)); err != nil {
			return err
		}
		return tx.audit(ctx, Reporter.In(orgID), "report."+string(event), "report", r.ID, fmt.Sprint(requestID))
	})
}

// identityApproved reports whether the handler has an approved request for
// the report's identity.
func (tx *Tx) identityApproved(ctx context.Context, reportID, userID int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM identity_requests WHERE report_id = $1 AND requested_by = $2 AND status = $3`,
		reportID, userID, domain.IdentityRequestStatusApproved).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: identity approved: %w", err)
	}
	return n > 0, nil
}
