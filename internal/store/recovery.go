package store

import (
	"context"
	"fmt"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// RecoverAccess gives a handler access to the reports of their channels that
// they hold no key for (filed before they became a handler, or before an
// admin reset their password), using the organisation's recovery identity,
// which the custodian types from the printed key. Each report re-wrapped is
// audited. The custodian cannot aim it at themselves, and the handler must
// already be a handler of the channel (assigned by an admin) with a key
// pair. It returns how many reports were opened to the handler.
func (s *Store) RecoverAccess(ctx context.Context, actor Actor, orgID int64, orgIdentity string, handlerID int64) (int, error) {
	if handlerID == actor.UserID {
		return 0, domain.Errorf(domain.EFORBIDDEN, "err.not_on_self")
	}
	keys, err := s.OrgKeys(ctx, orgID)
	if err != nil {
		return 0, err
	}
	pub, err := seal.RecipientOf(orgIdentity)
	if err != nil || keys.RecoveryPublic == "" || pub != keys.RecoveryPublic {
		return 0, domain.FieldError("recovery_key", "err.recovery_key_wrong")
	}
	target, err := s.UserKey(ctx, handlerID)
	if err != nil {
		return 0, domain.FieldError("handler", "err.handler_no_key")
	}
	n := 0
	err = s.inTx(ctx, func(tx *Tx) error {
		var orgOf int64
		if err := tx.QueryRowContext(ctx, `SELECT org_id FROM users WHERE id = $1`, handlerID).Scan(&orgOf); err != nil || orgOf != orgID {
			return domain.FieldError("handler", "err.user_not_found")
		}
		rows, err := tx.QueryContext(ctx, `SELECT r.id FROM reports r WHERE r.org_id = $1
			AND r.channel_id IN (SELECT channel_id FROM channel_handlers WHERE user_id = $2)
			AND NOT EXISTS (SELECT 1 FROM report_grants g WHERE g.report_id = r.id AND g.grantee = $3)`,
			orgID, handlerID, userGrantee(handlerID))
		if err != nil {
			return fmt.Errorf("store: recovery: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("store: recovery: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			dek, err := tx.dataKey(ctx, id, Keyring{OrgIdentity: orgIdentity})
			if err != nil {
				continue // filed before the organisation had a recovery key
			}
			wrapped, err := seal.WrapKey(target.Public, dek)
			if err != nil {
				return err
			}
			if err := tx.putGrant(ctx, id, userGrantee(handlerID), wrapped); err != nil {
				return err
			}
			if err := tx.event(ctx, actor, id, domain.EventKindAccessRecovered, fmt.Sprint(handlerID)); err != nil {
				return err
			}
			if err := tx.audit(ctx, actor.In(orgID), "report.access_recovered", "report", id, fmt.Sprintf("for user %d", handlerID)); err != nil {
				return err
			}
			n++
		}
		return tx.audit(ctx, actor.In(orgID), "organisation.recovery_used", "user", handlerID, fmt.Sprintf("%d reports", n))
	})
	return n, err
}
