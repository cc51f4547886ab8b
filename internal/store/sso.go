package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// SSOLogin is a single sign-on begun at the provider and not yet answered:
// what the answer must match (the nonce in the ID token) and prove (the PKCE
// verifier), and where the person goes afterwards.
type SSOLogin struct {
	OrgID     int64
	Nonce     string
	Verifier  string
	Next      string
	ExpiresAt time.Time
}

// BeginSSOLogin stores a login sent to the provider under the SHA-256 of its
// state, and deletes the organisation's logins that expired unanswered.
func (s *Store) BeginSSOLogin(ctx context.Context, stateHash []byte, l SSOLogin) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sso_logins WHERE expires_at <= $1`, tx.now); err != nil {
			return fmt.Errorf("store: expire sso logins: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sso_logins (state_hash, org_id, nonce, verifier, next, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, stateHash, l.OrgID, l.Nonce, l.Verifier, l.Next, l.ExpiresAt.UTC())
		if err != nil {
			return fmt.Errorf("store: begin sso login: %w", err)
		}
		return nil
	})
}

// TakeSSOLogin returns the login stored under stateHash for the organisation
// and deletes it, so the same state (and the code that came with it) works
// once. An unknown, used, expired or other organisation's state is
// EUNAUTHORIZED.
func (s *Store) TakeSSOLogin(ctx context.Context, orgID int64, stateHash []byte) (*SSOLogin, error) {
	var l SSOLogin
	err := s.inTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `DELETE FROM sso_logins WHERE state_hash = $1
			RETURNING org_id, nonce, verifier, next, expires_at`, stateHash).
			Scan(&l.OrgID, &l.Nonce, &l.Verifier, &l.Next, &l.ExpiresAt)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.EUNAUTHORIZED, "err.sso_state")
		}
		if err != nil {
			return fmt.Errorf("store: take sso login: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if l.OrgID != orgID || !s.now().Before(l.ExpiresAt) {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "err.sso_state")
	}
	return &l, nil
}

// UserBySSO returns the organisation's account linked to the provider's
// account (issuer, subject), or ENOTFOUND.
func (s *Store) UserBySSO(ctx context.Context, orgID int64, issuer, subject string) (*domain.User, error) {
	return s.userWhere(ctx, `u.org_id = $1 AND u.id = (SELECT user_id FROM user_sso WHERE issuer = $2 AND subject = $3)`,
		orgID, issuer, subject)
}

// UserByEmail returns the organisation's one account with the e-mail
// address (compared without case), or ENOTFOUND; ECONFLICT when several
// accounts share it, since none of them can be told apart by it.
func (s *Store) UserByEmail(ctx context.Context, orgID int64, email string) (*domain.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.user_not_found")
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE org_id = $1 AND LOWER(email) = $2`, orgID, email).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: user by email: %w", err)
	}
	if n > 1 {
		return nil, domain.Errorf(domain.ECONFLICT, "err.sso_email_shared")
	}
	return s.userWhere(ctx, `u.org_id = $1 AND LOWER(u.email) = $2`, orgID, email)
}

// LinkSSO links the account to the provider's account (issuer, subject), so
// later sign-ons find it by subject whatever its e-mail address becomes.
// Audited as user.sso_linked.
func (s *Store) LinkSSO(ctx context.Context, actor Actor, orgID, userID int64, issuer, subject string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.userExists(ctx, orgID, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO user_sso (issuer, subject, user_id, linked_at) VALUES ($1, $2, $3, $4)`,
			issuer, subject, userID, tx.now)
		if isUniqueViolation(err) {
			return domain.Errorf(domain.ECONFLICT, "err.sso_linked_elsewhere")
		}
		if err != nil {
			return fmt.Errorf("store: link sso: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "user.sso_linked", "user", userID, issuer)
	})
}

// MarkSessionSSO records that the session began through single sign-on.
func (s *Store) MarkSessionSSO(ctx context.Context, tokenHash []byte) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET sso = TRUE WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("store: mark sso session: %w", err)
	}
	return nil
}
