package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// ThrottleRule limits failures under one key: after Limit failures within
// Window, the key is blocked for Block, doubling with each further failure up
// to MaxBlock. The counts live in the database so that every server of an
// installation applies the same limits.
type ThrottleRule struct {
	Limit    int
	Window   time.Duration
	Block    time.Duration
	MaxBlock time.Duration
}

// ThrottleCheck returns an ETHROTTLED error with RetryAfter set when any of
// the keys is blocked now, and nil otherwise.
func (s *Store) ThrottleCheck(ctx context.Context, keys ...string) error {
	now := s.now()
	var longest time.Duration
	for _, key := range keys {
		var until sql.NullTime
		err := s.db.QueryRowContext(ctx, `SELECT blocked_until FROM throttle WHERE key = $1`, key).Scan(&until)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: throttle: %w", err)
		}
		if until.Valid && until.Time.After(now) && until.Time.Sub(now) > longest {
			longest = until.Time.Sub(now)
		}
	}
	if longest > 0 {
		return throttled(longest)
	}
	return nil
}

// ThrottleFail records a failure under key and returns ETHROTTLED when this
// failure reaches the rule's limit.
func (s *Store) ThrottleFail(ctx context.Context, key string, r ThrottleRule) error {
	var blockFor time.Duration
	err := s.inTx(ctx, func(tx *Tx) error {
		var failures int
		err := tx.QueryRowContext(ctx, `INSERT INTO throttle (key, failures, window_start) VALUES ($1, 1, $2)
			ON CONFLICT (key) DO UPDATE SET
				failures = CASE WHEN throttle.window_start < $3 THEN 1 ELSE throttle.failures + 1 END,
				window_start = CASE WHEN throttle.window_start < $3 THEN $2 ELSE throttle.window_start END
			RETURNING failures`, key, tx.now, tx.now.Add(-r.Window)).Scan(&failures)
		if err != nil {
			return fmt.Errorf("store: throttle %s: %w", key, err)
		}
		if failures < r.Limit {
			return nil
		}
		blockFor = r.Block << min(failures-r.Limit, 16)
		if blockFor > r.MaxBlock || blockFor <= 0 {
			blockFor = r.MaxBlock
		}
		// The window restarts so that the count keeps growing while the
		// attempts go on, and expires when they stop.
		_, err = tx.ExecContext(ctx, `UPDATE throttle SET blocked_until = $2, window_start = $3 WHERE key = $1`,
			key, tx.now.Add(blockFor), tx.now)
		return err
	})
	if err != nil {
		return err
	}
	if blockFor > 0 {
		return throttled(blockFor)
	}
	return nil
}

// ThrottleReset forgets the failures under key (after a successful login).
func (s *Store) ThrottleReset(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM throttle WHERE key = $1`, key); err != nil {
		return fmt.Errorf("store: throttle reset: %w", err)
	}
	return nil
}

// DeleteStaleThrottles removes counters whose window and block have passed.
func (s *Store) DeleteStaleThrottles(ctx context.Context, olderThan time.Duration) error {
	cutoff := s.now().Add(-olderThan)
	_, err := s.db.ExecContext(ctx, `DELETE FROM throttle WHERE window_start < $1
		AND (blocked_until IS NULL OR blocked_until < $2)`, cutoff, s.now())
	if err != nil {
		return fmt.Errorf("store: throttle cleanup: %w", err)
	}
	return nil
}

func throttled(d time.Duration) error {
	minutes := int((d + time.Minute - 1) / time.Minute)
	return &domain.Error{Code: domain.ETHROTTLED, Key: "err.throttled", Args: []any{minutes}, RetryAfter: d}
}
