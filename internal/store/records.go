package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// Records other than reports can carry confidential text too: an advice
// request's summary, a confidential adviser's notes. They are sealed the
// same way: a data key per record, wrapped for each grantee in
// record_grants. Kind names the table (e.g. "advice_requests").

// roleRecipients returns the public keys, by grantee, of the organisation's
// enabled users holding role that have a key pair, and of the organisation's
// recovery key when it has one.
func (tx *Tx) roleRecipients(ctx context.Context, orgID int64, role domain.Role) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT k.user_id, k.public_key FROM user_keys k JOIN users u ON u.id = k.user_id
		JOIN user_roles r ON r.user_id = u.id WHERE u.org_id = $1 AND r.role = $2 AND u.disabled = FALSE`, orgID, string(role))
	if err != nil {
		return nil, fmt.Errorf("store: role recipients: %w", err)
	}
	out := map[string]string{}
	for rows.Next() {
		var uid int64
		var pub string
		if err := rows.Scan(&uid, &pub); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: role recipients: %w", err)
		}
		out[userGrantee(uid)] = pub
	}
	rows.Close()
	if err := tx.addOrgRecipient(ctx, orgID, out); err != nil {
		return nil, err
	}
	return out, nil
}

// userRecipients returns the public key of one user (and the organisation's
// recovery key when withOrg): for what only its author may read.
func (tx *Tx) userRecipients(ctx context.Context, orgID, userID int64, withOrg bool) (map[string]string, error) {
	var pub string
	err := tx.QueryRowContext(ctx, `SELECT k.public_key FROM user_keys k JOIN users u ON u.id = k.user_id
		WHERE u.org_id = $1 AND k.user_id = $2`, orgID, userID).Scan(&pub)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.EFORBIDDEN, "err.no_session_key")
	}
	if err != nil {
		return nil, fmt.Errorf("store: user recipient: %w", err)
	}
	out := map[string]string{userGrantee(userID): pub}
	if withOrg {
		if err := tx.addOrgRecipient(ctx, orgID, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (tx *Tx) addOrgRecipient(ctx context.Context, orgID int64, out map[string]string) error {
	var orgPublic string
	if err := tx.QueryRowContext(ctx, `SELECT recovery_public FROM org_keys WHERE org_id = $1`, orgID).Scan(&orgPublic); err != nil {
		return fmt.Errorf("store: organisation key: %w", err)
	}
	if orgPublic != "" {
		out["org"] = orgPublic
	}
	return nil
}

// newRecordKey makes a data key for a record and wraps it for each
// recipient. It fails with EFORBIDDEN when there is none: a sealed value
// nobody could open would be lost.
func (tx *Tx) newRecordKey(ctx context.Context, kind string, id int64, recipients map[string]string) (seal.Key, error) {
	var zero seal.Key
	if len(recipients) == 0 {
		return zero, domain.Errorf(domain.EFORBIDDEN, "err.no_recipients")
	}
	dek := seal.NewKey()
	for grantee, pub := range recipients {
		wrapped, err := seal.WrapKey(pub, dek)
		if err != nil {
			return zero, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_grants (kind, record_id, grantee, wrapped) VALUES ($1, $2, $3, $4)
			ON CONFLICT (kind, record_id, grantee) DO UPDATE SET wrapped = $4`, kind, id, grantee, wrapped); err != nil {
			return zero, fmt.Errorf("store: record grant: %w", err)
		}
	}
	return dek, nil
}

// recordKey finds a record's data key with the keyring: the user's grant,
// or the organisation's. EFORBIDDEN when the keyring opens none.
func (tx *Tx) recordKey(ctx context.Context, kind string, id int64, kr Keyring) (seal.Key, error) {
	var zero seal.Key
	for grantee, identity := range map[string]string{userGrantee(kr.UserID): kr.Identity, "org": kr.OrgIdentity} {
		if identity == "" {
			continue
		}
		var wrapped []byte
		err := tx.QueryRowContext(ctx, `SELECT wrapped FROM record_grants WHERE kind = $1 AND record_id = $2 AND grantee = $3`,
			kind, id, grantee).Scan(&wrapped)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return zero, fmt.Errorf("store: record grant: %w", err)
		}
		if k, err := seal.UnwrapKey(identity, wrapped); err == nil {
			return k, nil
		}
	}
	return zero, domain.Errorf(domain.EFORBIDDEN, "err.no_access_key")
}

// sealText seals text of a record under its key ("" stays nil).
func sealText(k seal.Key, kind, column string, id int64, text string) []byte {
	if text == "" {
		return nil
	}
	return seal.Seal(k, seal.AAD(kind, column, id), []byte(text))
}

// openText opens what sealText sealed (nil gives "").
func openText(k seal.Key, kind, column string, id int64, sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	b, err := seal.Open(k, seal.AAD(kind, column, id), sealed)
	if err != nil {
		return "", fmt.Errorf("store: %s.%s %d: %w", kind, column, id, err)
	}
	return string(b), nil
}
