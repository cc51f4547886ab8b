package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// SessionTimeouts bound a staff session: Idle since the last request, Absolute
// since the login, whatever the activity.
type SessionTimeouts struct {
	Idle     time.Duration
	Absolute time.Duration
}

// CreateSession stores a new session for the user under the hash of its token.
// Sessions live in the database so every server of an installation knows them
// and a logout ends the session on all of them.
func (s *Store) CreateSession(ctx context.Context, tokenHash []byte, u *domain.User, state domain.SessionState, t SessionTimeouts) (*domain.Session, error) {
	now := s.now()
	sess := &domain.Session{
		ID: newRef(), TokenHash: tokenHash, OrgID: u.OrgID, UserID: u.ID, State: state,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(t.Absolute),
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions
		(token_hash, ref, org_id, user_id, state, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		tokenHash, sess.ID, sess.OrgID, sess.UserID, string(state), now, now, sess.ExpiresAt)
	if err != nil {
		return nil, fmt.Errorf("store: create session: %w", err)
	}
	return sess, nil
}

// SessionByToken returns the live session with the token hash and marks it
// used (see touchEvery). A session past its absolute end, idle for longer than idle, or of a
// disabled user is deleted and reported as EUNAUTHORIZED.
func (s *Store) SessionByToken(ctx context.Context, tokenHash []byte, idle time.Duration) (*domain.Session, error) {
	var sess domain.Session
	var state string
	var disabled bool
	err := s.db.QueryRowContext(ctx, `SELECT s.ref, s.org_id, s.user_id, s.state, s.created_at, s.last_seen_at, s.expires_at, s.key_wrapped, s.sso, u.disabled
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, tokenHash).
		Scan(&sess.ID, &sess.OrgID, &sess.UserID, &state, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt, &sess.KeyWrapped, &sess.SSO, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "err.session_expired")
	}
	if err != nil {
		return nil, fmt.Errorf("store: session: %w", err)
	}
	sess.TokenHash, sess.State = tokenHash, domain.SessionState(state)
	now := s.now()
	if disabled || !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > idle {
		_ = s.DeleteSession(ctx, tokenHash)
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "err.session_expired")
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery(idle) {
		if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1`, tokenHash, now); err != nil {
			return nil, fmt.Errorf("store: touch session: %w", err)
		}
		sess.LastSeenAt = now
	}
	return &sess, nil
}

// touchEvery is how long after the recorded last request a request writes
// the new time: a tenth of the idle timeout, at most a minute. So any pause
// up to nine tenths of the idle timeout keeps a session alive until its
// absolute end, while a burst of requests writes at most once per interval
// instead of making every page a write.
func touchEvery(idle time.Duration) time.Duration {
	return min(idle/10, time.Minute)
}

// AdvanceSession moves a session to a new state under a new token, so that a
// token seen before the second factor is worthless after it (no fixation).
func (s *Store) AdvanceSession(ctx context.Context, oldHash, newHash []byte, state domain.SessionState) error {
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET token_hash = $2, state = $3, last_seen_at = $4
		WHERE token_hash = $1`, oldHash, newHash, string(state), s.now())
	if err != nil {
		return fmt.Errorf("store: advance session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.EUNAUTHORIZED, "err.session_expired")
	}
	return nil
}

// DeleteSession ends one session (logout).
func (s *Store) DeleteSession(ctx context.Context, tokenHash []byte) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// EndOtherSessions ends every session of the user except the one with keep.
func (s *Store) EndOtherSessions(ctx context.Context, actor Actor, userID int64, keep []byte) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.endUserSessions(ctx, userID, keep); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "user.logout_elsewhere", "user", userID, "")
	})
}

// CountSessions counts the user's sessions (for the account page).
func (s *Store) CountSessions(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE user_id = $1 AND expires_at > $2`, userID, s.now()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count sessions: %w", err)
	}
	return n, nil
}

// DeleteExpiredSessions removes sessions past their absolute end or idle for
// longer than idle; the server runs it periodically.
func (s *Store) DeleteExpiredSessions(ctx context.Context, idle time.Duration) (int64, error) {
	now := s.now()
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2`, now, now.Add(-idle))
	if err != nil {
		return 0, fmt.Errorf("store: expire sessions: %w", err)
	}
	return res.RowsAffected()
}

func (tx *Tx) endUserSessions(ctx context.Context, userID int64, keep []byte) error {
	if keep == nil {
		keep = []byte{}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, keep); err != nil {
		return fmt.Errorf("store: end sessions: %w", err)
	}
	return nil
}

// newRef returns a short random reference that names a session in the audit
// log without revealing anything that would let one use it.
func newRef() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
