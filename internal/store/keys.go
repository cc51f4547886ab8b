package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// UserKey is a handler's key pair as stored: the public key, and the private
// key sealed under a key derived from their password with Salt.
type UserKey struct {
	UserID         int64
	Public         string
	WrappedPrivate []byte
	Salt           []byte
}

// UserKey returns the user's key pair, or ENOTFOUND when they have none yet.
func (s *Store) UserKey(ctx context.Context, userID int64) (*UserKey, error) {
	k := &UserKey{UserID: userID}
	err := s.db.QueryRowContext(ctx, `SELECT public_key, wrapped_private, salt FROM user_keys WHERE user_id = $1`, userID).
		Scan(&k.Public, &k.WrappedPrivate, &k.Salt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.no_key")
	}
	if err != nil {
		return nil, fmt.Errorf("store: user key: %w", err)
	}
	return k, nil
}

// SetUserKey stores (or replaces) the user's key pair. Replacing it, after
// a password reset by an admin, leaves the old grants unreadable: the
// custodian's recovery gives access again.
func (s *Store) SetUserKey(ctx context.Context, actor Actor, k *UserKey) error {
	return s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO user_keys (user_id, public_key, wrapped_private, salt, created_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET public_key = $2, wrapped_private = $3, salt = $4, created_at = $5`,
			k.UserID, k.Public, k.WrappedPrivate, k.Salt, tx.now)
		if err != nil {
			return fmt.Errorf("store: set user key: %w", err)
		}
		return tx.audit(ctx, actor, "user.key", "user", k.UserID, "")
	})
}

// RewrapUserKey replaces only the wrapping of the private key (after a
// password change by its owner, who could unwrap it).
func (s *Store) RewrapUserKey(ctx context.Context, userID int64, wrapped, salt []byte) error {
	_, err := s.db.ExecContext(ctx, `UPDATE user_keys SET wrapped_private = $2, salt = $3 WHERE user_id = $1`, userID, wrapped, salt)
	if err != nil {
		return fmt.Errorf("store: rewrap user key: %w", err)
	}
	return nil
}

// SetSessionKey stores the handler's private key sealed under the key only
// the session cookie carries.
func (s *Store) SetSessionKey(ctx context.Context, tokenHash, wrapped []byte) error {
	_, err := s.db.ExecContext(ctx, `UPDATE sessions SET key_wrapped = $2 WHERE token_hash = $1`, tokenHash, wrapped)
	if err != nil {
		return fmt.Errorf("store: session key: %w", err)
	}
	return nil
}

// OrgKeys are an organisation's receipt salt and public recovery key.
type OrgKeys struct {
	ReceiptSalt       []byte
	RecoveryPublic    string
	RecoveryCreatedAt *time.Time
}

// OrgKeys returns the organisation's keys.
func (s *Store) OrgKeys(ctx context.Context, orgID int64) (*OrgKeys, error) {
	k := &OrgKeys{}
	err := s.db.QueryRowContext(ctx, `SELECT receipt_salt, recovery_public, recovery_created_at FROM org_keys WHERE org_id = $1`, orgID).
		Scan(&k.ReceiptSalt, &k.RecoveryPublic, &k.RecoveryCreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.organisation_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: organisation keys: %w", err)
	}
	return k, nil
}

// SetRecoveryKey stores the organisation's public recovery key, once. The
// private key is shown to the custodian and never stored. Errors: ECONFLICT
// when a recovery key exists.
func (s *Store) SetRecoveryKey(ctx context.Context, actor Actor, orgID int64, public string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE org_keys SET recovery_public = $2, recovery_created_at = $3
			WHERE org_id = $1 AND recovery_public = ''`, orgID, public, tx.now)
		if err != nil {
			return fmt.Errorf("store: recovery key: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ECONFLICT, "err.recovery_key_exists")
		}
		return tx.audit(ctx, actor.In(orgID), "organisation.recovery_key", "organisation", orgID, "")
	})
}

// NewUserKey makes a key pair for the user with its private key sealed under
// their password, and returns it with the private key (the identity).
func NewUserKey(p auth.Params, userID int64, password string) (*UserKey, string, error) {
	identity, public, err := seal.NewIdentity()
	if err != nil {
		return nil, "", err
	}
	k := &UserKey{UserID: userID, Public: public}
	k.Rewrap(p, identity, password)
	return k, identity, nil
}

// Rewrap seals the identity under a new salt and the password.
func (k *UserKey) Rewrap(p auth.Params, identity, password string) {
	k.Salt = seal.NewSalt()
	k.WrappedPrivate = seal.Seal(seal.PasswordKey(p, password, k.Salt), userKeyAAD(k.UserID), []byte(identity))
}

// Open returns the private key, or seal.ErrOpen for a wrong password.
func (k *UserKey) Open(p auth.Params, password string) (string, error) {
	b, err := seal.Open(seal.PasswordKey(p, password, k.Salt), userKeyAAD(k.UserID), k.WrappedPrivate)
	return string(b), err
}

func userKeyAAD(userID int64) string { return seal.AAD("user_keys", "wrapped_private", userID) }
