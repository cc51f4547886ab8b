package store

import (
	"context"
	"fmt"
	"time"
)

// ClaimForm claims a form's one-time key. It returns true the first time;
// for a key claimed before it returns false and the report number recorded
// for it ("" while that first submission is still being stored or failed).
func (s *Store) ClaimForm(ctx context.Context, key string) (bool, string, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO form_claims (form_key, created_at) VALUES ($1, $2)
		ON CONFLICT (form_key) DO NOTHING`, key, s.now())
	if err != nil {
		return false, "", fmt.Errorf("store: claim form: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return true, "", nil
	}
	var number string
	if err := s.db.QueryRowContext(ctx, `SELECT number FROM form_claims WHERE form_key = $1`, key).Scan(&number); err != nil {
		return false, "", fmt.Errorf("store: claim form: %w", err)
	}
	return false, number, nil
}

// CompleteForm records the report number a claimed form produced.
func (s *Store) CompleteForm(ctx context.Context, key, number string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE form_claims SET number = $2 WHERE form_key = $1`, key, number); err != nil {
		return fmt.Errorf("store: complete form: %w", err)
	}
	return nil
}

// ReleaseForm gives a claim up when its submission failed, so that the
// reporter can correct the form and send it again.
func (s *Store) ReleaseForm(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM form_claims WHERE form_key = $1`, key); err != nil {
		return fmt.Errorf("store: release form: %w", err)
	}
	return nil
}

// DeleteStaleFormClaims removes claims older than age.
func (s *Store) DeleteStaleFormClaims(ctx context.Context, age time.Duration) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM form_claims WHERE created_at < $1`, s.now().Add(-age)); err != nil {
		return fmt.Errorf("store: form claims: %w", err)
	}
	return nil
}
