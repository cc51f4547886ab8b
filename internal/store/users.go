package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
)

const userColumns = `u.id, u.org_id, u.username, u.display_name, u.email, u.password_hash,
	u.totp_secret, u.totp_last_step, u.disabled, u.created_at`

// CreateUser validates and stores a staff account with its roles. The password
// hash must already be set. Errors: EINVALID, ECONFLICT when the username is
// taken in the organisation.
func (s *Store) CreateUser(ctx context.Context, actor Actor, u *domain.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if u.PasswordHash == "" {
		return domain.FieldError("password", "err.password_required")
	}
	return s.inTx(ctx, func(tx *Tx) error {
		u.CreatedAt = tx.now
		err := tx.QueryRowContext(ctx, `INSERT INTO users
			(org_id, username, display_name, email, password_hash, totp_secret, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			u.OrgID, u.Username, u.DisplayName, u.Email, u.PasswordHash, u.TOTPSecret, u.CreatedAt).Scan(&u.ID)
		if isUniqueViolation(err) {
			return &domain.Error{Code: domain.ECONFLICT, Key: "err.username_taken", Args: []any{u.Username}, Field: "username"}
		}
		if err != nil {
			return fmt.Errorf("store: create user %q: %w", u.Username, err)
		}
		if err := tx.setRoles(ctx, u.ID, u.Roles); err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(u.OrgID), "user.create", "user", u.ID, u.Username+" "+rolesString(u.Roles))
	})
}

// UserByID returns a user of the organisation, or ENOTFOUND (also when the
// user belongs to another organisation).
func (s *Store) UserByID(ctx context.Context, orgID, id int64) (*domain.User, error) {
	return s.userWhere(ctx, `u.org_id = $1 AND u.id = $2`, orgID, id)
}

// UserByUsername returns a user of the organisation by username, or ENOTFOUND.
func (s *Store) UserByUsername(ctx context.Context, orgID int64, username string) (*domain.User, error) {
	return s.userWhere(ctx, `u.org_id = $1 AND u.username = $2`, orgID, strings.ToLower(strings.TrimSpace(username)))
}

func (s *Store) userWhere(ctx context.Context, where string, args ...any) (*domain.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE `+where, args...))
	if err != nil {
		return nil, err
	}
	if u.Roles, err = s.roles(ctx, u.ID); err != nil {
		return nil, err
	}
	return u, nil
}

// Users lists the organisation's accounts by username.
func (s *Store) Users(ctx context.Context, orgID int64) ([]*domain.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.org_id = $1 ORDER BY u.username`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	var users []*domain.User
	byID := map[int64]*domain.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		users = append(users, u)
		byID[u.ID] = u
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	rrows, err := s.db.QueryContext(ctx, `SELECT r.user_id, r.role FROM user_roles r
		JOIN users u ON u.id = r.user_id WHERE u.org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: list roles: %w", err)
	}
	defer rrows.Close()
	for rrows.Next() {
		var id int64
		var role string
		if err := rrows.Scan(&id, &role); err != nil {
			return nil, fmt.Errorf("store: list roles: %w", err)
		}
		if u := byID[id]; u != nil {
			u.Roles = append(u.Roles, domain.Role(role))
		}
	}
	for _, u := range users {
		domain.SortRoles(u.Roles)
	}
	return users, rrows.Err()
}

// SetRoles replaces the user's roles. An account left without the roles that
// need two-factor authentication keeps its TOTP secret. Errors: EINVALID,
// ENOTFOUND.
func (s *Store) SetRoles(ctx context.Context, actor Actor, orgID, userID int64, roles []domain.Role) error {
	if len(roles) == 0 {
		return domain.FieldError("roles", "err.roles_required")
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.userExists(ctx, orgID, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("store: set roles: %w", err)
		}
		if err := tx.setRoles(ctx, userID, roles); err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(orgID), "user.roles", "user", userID, rolesString(roles))
	})
}

// SetPassword replaces the password hash and ends all the user's sessions, so
// that whoever knew the old password is logged out everywhere.
func (s *Store) SetPassword(ctx context.Context, actor Actor, orgID, userID int64, hash string) error {
	return s.updateUser(ctx, actor, orgID, userID, "user.password",
		`UPDATE users SET password_hash = $3 WHERE org_id = $1 AND id = $2`, hash)
}

// SetDisabled disables or enables an account; disabling ends its sessions.
func (s *Store) SetDisabled(ctx context.Context, actor Actor, orgID, userID int64, disabled bool) error {
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	return s.updateUser(ctx, actor, orgID, userID, action,
		`UPDATE users SET disabled = $3 WHERE org_id = $1 AND id = $2`, disabled)
}

// ResetTwoFactor removes the TOTP secret and the recovery codes and ends the
// user's sessions: at the next login they enrol again.
func (s *Store) ResetTwoFactor(ctx context.Context, actor Actor, orgID, userID int64) error {
	return s.updateUser(ctx, actor, orgID, userID, "user.reset_2fa",
		`UPDATE users SET totp_secret = '', totp_last_step = 0 WHERE org_id = $1 AND id = $2`)
}

func (s *Store) updateUser(ctx context.Context, actor Actor, orgID, userID int64, action, query string, args ...any) error {
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, query, append([]any{orgID, userID}, args...)...)
		if err != nil {
			return fmt.Errorf("store: %s: %w", action, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.user_not_found")
		}
		if action == "user.reset_2fa" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
				return fmt.Errorf("store: %s: %w", action, err)
			}
		}
		if action != "user.enable" {
			if err := tx.endUserSessions(ctx, userID, nil); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor.In(orgID), action, "user", userID, "")
	})
}

// EnrolTwoFactor stores the TOTP secret the user just confirmed with a code of
// time step `step`, and replaces their recovery codes by the given hashes.
func (s *Store) EnrolTwoFactor(ctx context.Context, actor Actor, orgID, userID int64, secret string, step int64, codeHashes []string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $3, totp_last_step = $4
			WHERE org_id = $1 AND id = $2`, orgID, userID, secret, step)
		if err != nil {
			return fmt.Errorf("store: enrol 2fa: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.user_not_found")
		}
		if err := tx.replaceRecoveryCodes(ctx, userID, codeHashes); err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(orgID), "user.enrol_2fa", "user", userID, "")
	})
}

// ReplaceRecoveryCodes invalidates the user's recovery codes and stores new ones.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, actor Actor, orgID, userID int64, codeHashes []string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.userExists(ctx, orgID, userID); err != nil {
			return err
		}
		if err := tx.replaceRecoveryCodes(ctx, userID, codeHashes); err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(orgID), "user.recovery_codes", "user", userID, "")
	})
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: recovery codes: %w", err)
	}
	return n, nil
}

// UseTOTPStep records that the user's TOTP code of time step `step` was
// accepted. It fails with EUNAUTHORIZED when that step or a later one was
// used already, so a code cannot be replayed, even on another server.
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2`, userID, step)
	if err != nil {
		return fmt.Errorf("store: totp step: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.EUNAUTHORIZED, "err.code_used")
	}
	return nil
}

// UseRecoveryCode marks the recovery code with the hash as used. It fails with
// EUNAUTHORIZED when no unused code has that hash: each code works once.
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, codeHash string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $3
		WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, userID, codeHash, s.now())
	if err != nil {
		return fmt.Errorf("store: recovery code: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.EUNAUTHORIZED, "err.code_wrong")
	}
	return nil
}

func (tx *Tx) replaceRecoveryCodes(ctx context.Context, userID int64, hashes []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("store: recovery codes: %w", err)
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
			return fmt.Errorf("store: recovery codes: %w", err)
		}
	}
	return nil
}

func (tx *Tx) userExists(ctx context.Context, orgID, userID int64) error {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE org_id = $1 AND id = $2`, orgID, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Errorf(domain.ENOTFOUND, "err.user_not_found")
	}
	if err != nil {
		return fmt.Errorf("store: user %d: %w", userID, err)
	}
	return nil
}

func (tx *Tx) setRoles(ctx context.Context, userID int64, roles []domain.Role) error {
	for _, r := range roles {
		if !r.Valid() {
			return domain.FieldError("roles", "err.role_unknown", string(r))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, userID, string(r)); err != nil {
			return fmt.Errorf("store: role %s: %w", r, err)
		}
	}
	return nil
}

func (s *Store) roles(ctx context.Context, userID int64) ([]domain.Role, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT role FROM user_roles WHERE user_id = $1`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: roles: %w", err)
	}
	defer rows.Close()
	var roles []domain.Role
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("store: roles: %w", err)
		}
		roles = append(roles, domain.Role(r))
	}
	domain.SortRoles(roles)
	return roles, rows.Err()
}

func scanUser(row interface{ Scan(...any) error }) (*domain.User, error) {
	var u domain.User
	err := row.Scan(&u.ID, &u.OrgID, &u.Username, &u.DisplayName, &u.Email, &u.PasswordHash,
		&u.TOTPSecret, &u.TOTPLastStep, &u.Disabled, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.user_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: user: %w", err)
	}
	return &u, nil
}

func rolesString(roles []domain.Role) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
}
