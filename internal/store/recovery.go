package store

import (
	"context"
	"fmt"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// Recovery is what a recovery did for a handler, report by report of their
// channels.
type Recovery struct {
	Restored int // reports the handler can open again
	Replaced int // of those, whose grant was wrapped to a key the handler no longer holds (a password reset)
	Current  int // reports the handler could already open: left as they were
	NoKey    int // reports filed before the organisation had a recovery key: nobody can restore these
}

// RecoverAccess gives a handler access to the reports of their channels that
// they hold no key for: filed before they became a handler (no grant), or
// before an admin reset their password (a grant wrapped to their former key
// pair, which is replaced), using the organisation's recovery identity, which
// the custodian types from the printed key. Each report re-wrapped is
// audited, and the recovery once with its counts. The custodian cannot aim it
// at themselves, and the handler must already be a handler of the channel
// (assigned by an admin) with a key pair. Errors: EFORBIDDEN, EINVALID (the
// key, the handler).
func (s *Store) RecoverAccess(ctx context.Context, actor Actor, orgID int64, orgIdentity string, handlerID int64) (Recovery, error) {
	var out Recovery
	if handlerID == actor.UserID {
		return out, domain.Errorf(domain.EFORBIDDEN, "err.not_on_self")
	}
	keys, err := s.OrgKeys(ctx, orgID)
	if err != nil {
		return out, err
	}
	pub, err := seal.RecipientOf(orgIdentity)
	if err != nil || keys.RecoveryPublic == "" || pub != keys.RecoveryPublic {
		return out, domain.FieldError("recovery_key", "err.recovery_key_wrong")
	}
	target, err := s.UserKey(ctx, handlerID)
	if err != nil {
		return out, domain.FieldError("handler", "err.handler_no_key")
	}
	err = s.inTx(ctx, func(tx *Tx) error {
		out = Recovery{}
		var orgOf int64
		if err := tx.QueryRowContext(ctx, `SELECT org_id FROM users WHERE id = $1`, handlerID).Scan(&orgOf); err != nil || orgOf != orgID {
			return domain.FieldError("handler", "err.user_not_found")
		}
		grants, err := tx.handlerGrants(ctx, orgID, handlerID)
		if err != nil {
			return err
		}
		for _, g := range grants {
			if g.exists && g.recipient == target.Public {
				out.Current++
				continue
			}
			dek, err := tx.dataKey(ctx, g.reportID, Keyring{OrgIdentity: orgIdentity})
			if err != nil {
				out.NoKey++ // filed before the organisation had a recovery key
				continue
			}
			wrapped, err := seal.WrapKey(target.Public, dek)
			if err != nil {
				return err
			}
			if err := tx.putGrant(ctx, g.reportID, userGrantee(handlerID), target.Public, wrapped); err != nil {
				return err
			}
			if err := tx.event(ctx, actor, g.reportID, domain.EventKindAccessRecovered, fmt.Sprint(handlerID)); err != nil {
				return err
			}
			if err := tx.audit(ctx, actor.In(orgID), "report.access_recovered", "report", g.reportID, fmt.Sprintf("for user %d", handlerID)); err != nil {
				return err
			}
			out.Restored++
			if g.exists {
				out.Replaced++
			}
		}
		return tx.audit(ctx, actor.In(orgID), "organisation.recovery_used", "user", handlerID,
			fmt.Sprintf("%d reports (%d replacing a grant to a former key), %d already open, %d filed before the recovery key",
				out.Restored, out.Replaced, out.Current, out.NoKey))
	})
	return out, err
}

// handlerGrant is a report of a handler's channels with the handler's grant
// on it, if any, and the public key that grant was wrapped to.
type handlerGrant struct {
	reportID  int64
	exists    bool
	recipient string
}

func (tx *Tx) handlerGrants(ctx context.Context, orgID, handlerID int64) ([]handlerGrant, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, g.report_id IS NOT NULL, COALESCE(g.recipient, '') FROM reports r
		LEFT JOIN report_grants g ON g.report_id = r.id AND g.grantee = $3
		WHERE r.org_id = $1 AND r.channel_id IN (SELECT channel_id FROM channel_handlers WHERE user_id = $2)
		ORDER BY r.id`, orgID, handlerID, userGrantee(handlerID))
	if err != nil {
		return nil, fmt.Errorf("store: recovery: %w", err)
	}
	defer rows.Close()
	var out []handlerGrant
	for rows.Next() {
		var g handlerGrant
		if err := rows.Scan(&g.reportID, &g.exists, &g.recipient); err != nil {
			return nil, fmt.Errorf("store: recovery: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
