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

const apiTokenColumns = `id, org_id, name, prefix, scopes, created_by, created_at, expires_at, revoked_at, last_used_at`

// CreateAPIToken stores a token by the SHA-256 of its value, with the
// scopes and lifetime asked, and fills t's ID and times. Audited as
// api_token.created (name, prefix, scopes, expiry). Errors: EINVALID.
func (s *Store) CreateAPIToken(ctx context.Context, actor Actor, orgID int64, in domain.NewAPIToken, prefix string, tokenHash []byte) (*domain.APIToken, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	t := &domain.APIToken{OrgID: orgID, Name: in.Name, Prefix: prefix, Scopes: in.Scopes, CreatedBy: actor.Name}
	err := s.inTx(ctx, func(tx *Tx) error {
		t.CreatedAt, t.ExpiresAt = tx.now, tx.now.Add(time.Duration(in.Days)*24*time.Hour)
		err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (org_id, name, prefix, token_hash, scopes, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			orgID, t.Name, prefix, tokenHash, scopesString(t.Scopes), t.CreatedBy, t.CreatedAt, t.ExpiresAt).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("store: create api token: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "api_token.created", "api_token", t.ID,
			fmt.Sprintf("%s %s… %s until %s", t.Name, prefix, scopesString(t.Scopes), t.ExpiresAt.Format(time.DateOnly)))
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// APITokens lists the organisation's tokens, newest first.
func (s *Store) APITokens(ctx context.Context, orgID int64) ([]*domain.APIToken, error) {
	return queryAll(ctx, s.db, "api tokens", scanAPIToken,
		`SELECT `+apiTokenColumns+` FROM api_tokens WHERE org_id = $1 ORDER BY created_at DESC, id DESC`, orgID)
}

// RevokeAPIToken ends the organisation's token at once. Audited as
// api_token.revoked. Errors: ENOTFOUND (also another organisation's),
// ECONFLICT when it was revoked already.
func (s *Store) RevokeAPIToken(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $3 WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL`, orgID, id, tx.now)
		if err != nil {
			return fmt.Errorf("store: revoke api token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var one int
			if err := tx.QueryRowContext(ctx, `SELECT 1 FROM api_tokens WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return domain.Errorf(domain.ENOTFOUND, "err.token_not_found")
			}
			return domain.Errorf(domain.ECONFLICT, "err.token_revoked_already")
		}
		return tx.audit(ctx, actor.In(orgID), "api_token.revoked", "api_token", id, "")
	})
}

// UseAPIToken finds the organisation's token by the SHA-256 of the value
// presented, and, when it is active and holds scope, records the use (the
// time, and an audit line api_token.used naming the route) in one
// transaction. Errors: EUNAUTHORIZED for an unknown, other organisation's,
// revoked or expired token; EFORBIDDEN for a token without the scope.
func (s *Store) UseAPIToken(ctx context.Context, orgID int64, tokenHash []byte, scope domain.TokenScope, route string) (*domain.APIToken, error) {
	var t *domain.APIToken
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		t, err = scanAPIToken(tx.QueryRowContext(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens WHERE token_hash = $1`, tokenHash))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return domain.Errorf(domain.EUNAUTHORIZED, "err.token_invalid")
		case err != nil:
			return err
		case t.OrgID != orgID || !t.Active(tx.now):
			return domain.Errorf(domain.EUNAUTHORIZED, "err.token_invalid")
		case !t.Has(scope):
			return domain.Errorf(domain.EFORBIDDEN, "err.token_scope", string(scope))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, t.ID, tx.now); err != nil {
			return fmt.Errorf("store: use api token: %w", err)
		}
		return tx.audit(ctx, TokenActor(t), "api_token.used", "api_token", t.ID, route)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// TokenActor is the actor for what an integration does with its token.
func TokenActor(t *domain.APIToken) Actor {
	return Actor{OrgID: t.OrgID, Name: "api-token " + t.Prefix}
}

func scanAPIToken(row interface{ Scan(...any) error }) (*domain.APIToken, error) {
	var t domain.APIToken
	var scopes string
	var revoked, used sql.NullTime
	if err := row.Scan(&t.ID, &t.OrgID, &t.Name, &t.Prefix, &scopes, &t.CreatedBy, &t.CreatedAt, &t.ExpiresAt, &revoked, &used); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		return nil, fmt.Errorf("store: api token: %w", err)
	}
	t.Scopes = domain.Codes[domain.TokenScope](strings.Split(scopes, ","))
	if revoked.Valid {
		t.RevokedAt = &revoked.Time
	}
	if used.Valid {
		t.LastUsedAt = &used.Time
	}
	return &t, nil
}

func scopesString(scopes []domain.TokenScope) string {
	return strings.Join(domain.Strings(scopes), ",")
}
