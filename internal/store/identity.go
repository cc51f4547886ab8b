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
// legal duty). A custodian decides.
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
		if _, err := tx.ExecContext(ctx, `INSERT INTO identity_requests (report_id, requested_by, reason, basis, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, reportID, kr.UserID, []byte(reason), basis, domain.IdentityRequestStatusPending, tx.now); err != nil {
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
		out, err = tx.identityRequests(ctx, `rep.org_id = $1`, orgID)
		return err
	})
	return out, err
}

func (tx *Tx) identityRequests(ctx context.Context, where string, arg any) ([]domain.IdentityRequest, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.report_id, rep.number, r.requested_by, u.display_name, r.reason, r.basis, r.status, r.decided_by,
		COALESCE(d.display_name, ''), r.created_at, r.decided_at
		FROM identity_requests r JOIN reports rep ON rep.id = r.report_id JOIN users u ON u.id = r.requested_by
		LEFT JOIN users d ON d.id = r.decided_by WHERE `+where+` ORDER BY r.id DESC`, arg)
	if err != nil {
		return nil, fmt.Errorf("store: identity requests: %w", err)
	}
	defer rows.Close()
	var out []domain.IdentityRequest
	for rows.Next() {
		var q domain.IdentityRequest
		var reason []byte
		if err := rows.Scan(&q.ID, &q.ReportID, &q.ReportNumber, &q.RequestedBy, &q.Requester, &reason, &q.Basis, &q.Status, &q.DecidedBy,
			&q.Decider, &q.At, &q.DecidedAt); err != nil {
			return nil, fmt.Errorf("store: identity requests: %w", err)
		}
		q.Reason = string(reason)
		out = append(out, q)
	}
	return out, rows.Err()
}

// DecideIdentity approves or refuses a pending request. The custodian
// deciding must be another person than the requester: nobody discloses an
// identity to themselves. Errors: ENOTFOUND, EFORBIDDEN, EINVALID.
func (s *Store) DecideIdentity(ctx context.Context, actor Actor, orgID, requestID int64, approve bool) error {
	return s.inTx(ctx, func(tx *Tx) error {
		var reportID, requester int64
		var status domain.IdentityRequestStatus
		err := tx.QueryRowContext(ctx, `SELECT r.report_id, r.requested_by, r.status FROM identity_requests r
			JOIN reports rep ON rep.id = r.report_id WHERE r.id = $1 AND rep.org_id = $2`, requestID, orgID).Scan(&reportID, &requester, &status)
		if err != nil {
			return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
		}
		if requester == actor.UserID {
			return domain.Errorf(domain.EFORBIDDEN, "err.not_on_self")
		}
		if status != domain.IdentityRequestStatusPending {
			return domain.Errorf(domain.EINVALID, "err.already_decided")
		}
		decision, event := domain.IdentityRequestStatusRefused, domain.EventKindIdentityRefused
		if approve {
			decision, event = domain.IdentityRequestStatusApproved, domain.EventKindIdentityApproved
		}
		if _, err := tx.ExecContext(ctx, `UPDATE identity_requests SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1`,
			requestID, decision, actor.UserID, tx.now); err != nil {
			return fmt.Errorf("store: decide identity: %w", err)
		}
		if err := tx.event(ctx, actor, reportID, event, ""); err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(orgID), "report.identity_"+string(decision), "report", reportID, fmt.Sprint(requestID))
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
