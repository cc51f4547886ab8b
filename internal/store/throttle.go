package store

import (
	"context"
	"fmt"
	"time"
)

// Failed logins per account, shared by every server of an installation. The
// account is named by its organisation and user name, never by a client
// address: limits on addresses are kept in each server's memory (package
// throttle). The count slows down an account's logins; it never blocks them.

// LoginFailures returns the failed logins counted for account, 0 once
// window has passed since the last one.
func (s *Store) LoginFailures(ctx context.Context, account string, window time.Duration) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(failures), 0) FROM login_failures WHERE account = $1 AND last_failure >= $2`,
		account, s.now().Add(-window)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: login failures: %w", err)
	}
	return n, nil
}

// LoginFailed counts a failed login of account and returns the count: it
// grows while failures come less than window apart, and starts again at 1
// after a quiet window.
func (s *Store) LoginFailed(ctx context.Context, account string, window time.Duration) (int, error) {
	var n int
	now := s.now()
	err := s.db.QueryRowContext(ctx, `INSERT INTO login_failures (account, failures, last_failure) VALUES ($1, 1, $2)
		ON CONFLICT (account) DO UPDATE SET
			failures = CASE WHEN login_failures.last_failure < $3 THEN 1 ELSE login_failures.failures + 1 END,
			last_failure = $2
		RETURNING failures`, account, now, now.Add(-window)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count a failed login: %w", err)
	}
	return n, nil
}

// LoginSucceeded forgets the failed logins of account.
func (s *Store) LoginSucceeded(ctx context.Context, account string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM login_failures WHERE account = $1`, account); err != nil {
		return fmt.Errorf("store: forget failed logins: %w", err)
	}
	return nil
}

// DeleteStaleLoginFailures removes the counts whose last failure is older
// than olderThan.
func (s *Store) DeleteStaleLoginFailures(ctx context.Context, olderThan time.Duration) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM login_failures WHERE last_failure < $1`, s.now().Add(-olderThan)); err != nil {
		return fmt.Errorf("store: clean failed logins: %w", err)
	}
	return nil
}
