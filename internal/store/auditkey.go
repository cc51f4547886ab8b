package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/integer-nl/integer/internal/audit"
)

// ActionAuditKeyCreated is the entry that starts the keyed chain: written
// (keyed) right after the key file was made, naming the key and the last
// unkeyed entry.
const ActionAuditKeyCreated = "audit.key_created"

// SetAuditKey keys the audit chain from now on (tests; the server and the
// commands use UseAuditKey).
func (s *Store) SetAuditKey(k *audit.Key) { s.auditKey = k }

// AuditKey returns the key the chain is verified and checkpoints signed
// with, or nil.
func (s *Store) AuditKey() *audit.Key { return s.auditKey }

// UseAuditKey loads the audit key from the file at path and keys the chain
// with it. When the file does not exist and the log was never keyed (a new
// installation, or one upgraded from before keys), it makes the key: the
// entries so far stay unkeyed, and the file records the last of them and its
// hash, so they are anchored outside the database from now on; an entry
// "audit.key_created" says so in the log. When the file is missing but the
// log was keyed, it refuses: a new key would make every keyed entry fail
// verification, and a missing key file is what someone hiding a rewrite
// would arrange.
func (s *Store) UseAuditKey(ctx context.Context, path string) error {
	if err := s.LoadAuditKey(ctx, path); err != nil || s.auditKey != nil {
		return err
	}
	lastID, lastHash, err := s.AuditHead(ctx)
	if err != nil {
		return err
	}
	k, err := audit.CreateKey(path, lastID, lastHash)
	if errors.Is(err, os.ErrExist) {
		// Another process made it a moment ago.
		return s.UseAuditKey(ctx, path)
	}
	if err != nil {
		return err
	}
	s.auditKey = k
	return s.auditKeyCreated(ctx, k)
}

// LoadAuditKey is UseAuditKey without making a key: when the file is
// missing and the log was never keyed, it returns nil and leaves the store
// without a key (for `integer audit verify`, which must not write).
func (s *Store) LoadAuditKey(ctx context.Context, path string) error {
	k, err := audit.LoadKey(path)
	if err == nil {
		return s.checkAuditKey(ctx, path, k)
	}
	if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if id, err := s.keyedSince(ctx); err != nil {
		return err
	} else if id != "" {
		return fmt.Errorf("store: the audit key file %s is missing, but the audit log is keyed with key %s: restore the file from its backup", path, id)
	}
	return nil
}

// checkAuditKey refuses a key file that is not the one the log was keyed
// with: the last "audit.key_created" entry names it. A log never keyed
// accepts only a key made for it (its unkeyed entries end where the log
// ends now: the start was interrupted before the entry was written).
func (s *Store) checkAuditKey(ctx context.Context, path string, k *audit.Key) error {
	id, err := s.keyedSince(ctx)
	if err != nil {
		return err
	}
	if id != "" {
		if id != k.ID {
			return fmt.Errorf("store: the audit key file %s holds key %s, but the audit log is keyed with key %s", path, k.ID, id)
		}
		s.auditKey = k
		return nil
	}
	lastID, lastHash, err := s.AuditHead(ctx)
	if err != nil {
		return err
	}
	if lastID != k.LegacyUntil || lastHash != k.LegacyHead {
		return fmt.Errorf("store: the audit key file %s was made for another database (its log then ended at entry %d; this one ends at %d and was never keyed)", path, k.LegacyUntil, lastID)
	}
	s.auditKey = k
	return s.auditKeyCreated(ctx, k)
}

func (s *Store) auditKeyCreated(ctx context.Context, k *audit.Key) error {
	detail := fmt.Sprintf("key %s; entries 1-%d are from before the key (plain SHA-256, last hash recorded in the key file)", k.ID, k.LegacyUntil)
	return s.Audit(ctx, System, ActionAuditKeyCreated, "audit_key", k.ID, detail)
}

// keyedSince returns the ID of the key the log's latest "audit.key_created"
// entry names, or "" when the log was never keyed.
func (s *Store) keyedSince(ctx context.Context) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT object_id FROM audit_log WHERE org_id = 0 AND action = $1
		ORDER BY id DESC LIMIT 1`, ActionAuditKeyCreated).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: audit key: %w", err)
	}
	return strings.TrimSpace(id), nil
}
