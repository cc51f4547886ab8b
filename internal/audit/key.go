// Package audit holds what makes the audit log tamper-evident to someone
// who can write the database: the installation's audit key, which is kept
// in a file beside the configuration and never in the database, and the
// signed checkpoints of the chain's head that leave the server.
//
// From one random secret in the key file two keys are derived (HKDF-SHA-256):
// an HMAC-SHA-256 key that every entry's chain hash is computed with, so that
// rewriting an entry and recomputing the hashes needs the file; and an
// Ed25519 key that signs checkpoints (organisation, sequence number, head
// hash, time). A checkpoint kept outside the server (a mail, a log line, a
// downloaded file) catches what the key cannot: a cut tail, and a rewrite by
// someone who also holds the key file, before the checkpoint.
//
// Entries written before the installation had a key keep their plain
// SHA-256 hashes. The key file records where they end (LegacyUntil) and the
// hash of that last unkeyed entry (LegacyHead), so they are anchored outside
// the database from the moment the key was made.
package audit

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/integer-nl/integer/internal/domain"
)

// Key is an installation's audit key.
type Key struct {
	mac  []byte
	sign ed25519.PrivateKey
	// ID names the signing key: the first 8 bytes of the SHA-256 of its
	// public key, in hex. Checkpoints carry it.
	ID string
	// LegacyUntil is the last entry written before the key existed (0 for
	// an installation that had the key from the start); entries up to it
	// carry plain SHA-256 hashes.
	LegacyUntil int64
	// LegacyHead is the hash of entry LegacyUntil ("" when it is 0).
	LegacyHead string
}

// keyFile is the file's JSON form.
type keyFile struct {
	Comment     string `json:"comment"`
	Version     int    `json:"version"`
	Secret      string `json:"secret"`
	LegacyUntil int64  `json:"legacy_until"`
	LegacyHead  string `json:"legacy_head"`
}

const keyComment = "Integer's audit key. Keep it out of the database and its backups, and back it up on its own: without it the audit log cannot be verified and the server does not start."

// NewKey returns a new random key whose chain starts after entry
// legacyUntil (whose hash is legacyHead).
func NewKey(legacyUntil int64, legacyHead string) (*Key, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("audit: key: %w", err)
	}
	return newKey(secret, legacyUntil, legacyHead)
}

func newKey(secret []byte, legacyUntil int64, legacyHead string) (*Key, error) {
	if len(secret) != 32 || legacyUntil < 0 || (legacyUntil == 0) != (legacyHead == "") {
		return nil, errors.New("audit: malformed key")
	}
	mac, err := hkdf.Key(sha256.New, secret, nil, "integer audit chain v1", 32)
	if err != nil {
		return nil, fmt.Errorf("audit: key: %w", err)
	}
	seed, err := hkdf.Key(sha256.New, secret, nil, "integer audit checkpoint v1", ed25519.SeedSize)
	if err != nil {
		return nil, fmt.Errorf("audit: key: %w", err)
	}
	k := &Key{mac: mac, sign: ed25519.NewKeyFromSeed(seed), LegacyUntil: legacyUntil, LegacyHead: legacyHead}
	k.ID = keyID(k.sign.Public().(ed25519.PublicKey))
	return k, nil
}

func keyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// LoadKey reads the key file at path. A missing file is an error that
// errors.Is(err, os.ErrNotExist) recognises.
func LoadKey(path string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit: key file: %w", err)
	}
	var f keyFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("audit: key file %s: %w", path, err)
	}
	secret, err := base64.StdEncoding.DecodeString(f.Secret)
	if err != nil || f.Version != 1 {
		return nil, fmt.Errorf("audit: key file %s: not a version 1 key", path)
	}
	k, err := newKey(secret, f.LegacyUntil, f.LegacyHead)
	if err != nil {
		return nil, fmt.Errorf("audit: key file %s: %w", path, err)
	}
	return k, nil
}

// CreateKey makes a new key whose chain starts after entry legacyUntil and
// writes it to path (readable by the owner only, its directory created when
// missing). It fails when the file exists: a key is never replaced.
func CreateKey(path string, legacyUntil int64, legacyHead string) (*Key, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("audit: key: %w", err)
	}
	k, err := newKey(secret, legacyUntil, legacyHead)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(keyFile{keyComment, 1, base64.StdEncoding.EncodeToString(secret), legacyUntil, legacyHead}, "", "  ")
	if err != nil {
		return nil, err
	}
	b = append(b, '\n')
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit: key file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit: key file: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("audit: key file %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("audit: key file %s: %w", path, err)
	}
	return k, f.Close()
}

// Hash returns the entry's keyed chain hash: HMAC-SHA-256 over the same
// input as the unkeyed hash (the previous hash and every field).
func (k *Key) Hash(e *domain.AuditEntry) string {
	m := hmac.New(sha256.New, k.mac)
	m.Write(e.HashInput())
	return hex.EncodeToString(m.Sum(nil))
}

// HashFor returns the hash entry e must carry under this key: the plain
// SHA-256 for an entry written before the key, the keyed one after. A nil
// key hashes every entry plainly (tests that need no key).
func (k *Key) HashFor(e *domain.AuditEntry) string {
	if k == nil || e.ID <= k.LegacyUntil {
		return e.ComputeHash()
	}
	return k.Hash(e)
}

// PublicKey returns the checkpoint signing key's public half, base64.
func (k *Key) PublicKey() string {
	return base64.StdEncoding.EncodeToString(k.sign.Public().(ed25519.PublicKey))
}
