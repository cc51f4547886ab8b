package store

import (
	"context"
	"crypto/rand"
	"fmt"
)

// ServerSecret returns the installation's random secret with the name,
// creating it on first use. Several servers on one database share it.
func (s *Store) ServerSecret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("store: secret: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO NOTHING`, name, fresh, s.now()); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	var value []byte
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM server_secrets WHERE name = $1`, name).Scan(&value); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	return value, nil
}
