package seal

import (
	"bytes"
	"fmt"
	"io"

	"filippo.io/age"
)

// NewIdentity returns a new age X25519 key pair as strings: the identity
// (AGE-SECRET-KEY-1…, to keep secret) and its recipient (age1…, public).
func NewIdentity() (identity, recipient string, err error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", "", fmt.Errorf("seal: new identity: %w", err)
	}
	return id.String(), id.Recipient().String(), nil
}

// RecipientOf returns the public recipient of an identity, and checks it.
func RecipientOf(identity string) (string, error) {
	id, err := age.ParseX25519Identity(identity)
	if err != nil {
		return "", fmt.Errorf("seal: identity: %w", err)
	}
	return id.Recipient().String(), nil
}

// WrapKey encrypts a data key to an age recipient (a handler's public key or
// the organisation's recovery key).
func WrapKey(recipient string, k Key) ([]byte, error) {
	r, err := age.ParseX25519Recipient(recipient)
	if err != nil {
		return nil, fmt.Errorf("seal: recipient: %w", err)
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return nil, fmt.Errorf("seal: wrap: %w", err)
	}
	if _, err := w.Write(k[:]); err != nil {
		return nil, fmt.Errorf("seal: wrap: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("seal: wrap: %w", err)
	}
	return buf.Bytes(), nil
}

// UnwrapKey decrypts a data key wrapped by WrapKey with the identity.
func UnwrapKey(identity string, wrapped []byte) (Key, error) {
	id, err := ParseIdentity(identity)
	if err != nil {
		return Key{}, err
	}
	return id.Unwrap(wrapped)
}

// Identity is a parsed identity, for unwrapping the keys of many reports:
// parsing derives the identity's public key, which costs as much as an
// unwrap itself.
type Identity struct {
	id *age.X25519Identity
	// copies is the key of the holder's copies of data keys (SealCopy),
	// derived from the identity, so only its holder can derive it.
	copies Key
}

// copyPurpose is the HKDF info of the copies' key ("integer " is
// Derive's prefix); v1 names this scheme, so a later one gets other keys.
const copyPurpose = "grant key cache v1"

// ParseIdentity parses an identity (AGE-SECRET-KEY-1…).
func ParseIdentity(identity string) (*Identity, error) {
	id, err := age.ParseX25519Identity(identity)
	if err != nil {
		return nil, fmt.Errorf("seal: identity: %w", err)
	}
	return &Identity{id: id, copies: Derive([]byte(identity), copyPurpose)}, nil
}

// SealCopy seals a data key this identity unwrapped, as the identity's own
// symmetric copy of it (XChaCha20-Poly1305 under a key HKDF derives from
// the identity), bound to aad: opening it again costs microseconds where
// Unwrap costs an X25519 agreement. Only the identity's holder can open it,
// as only they can unwrap the age grant it was made from.
func (i *Identity) SealCopy(k Key, aad string) []byte {
	return Seal(i.copies, aad, k[:])
}

// OpenCopy opens a copy made by SealCopy with the same identity and aad;
// another identity, another aad or a changed copy gives ErrOpen.
func (i *Identity) OpenCopy(sealed []byte, aad string) (Key, error) {
	var k Key
	b, err := Open(i.copies, aad, sealed)
	if err != nil || len(b) != len(k) {
		return k, ErrOpen
	}
	copy(k[:], b)
	return k, nil
}

// Unwrap decrypts a data key wrapped by WrapKey to this identity's
// recipient; it is safe for concurrent use.
func (i *Identity) Unwrap(wrapped []byte) (Key, error) {
	var k Key
	r, err := age.Decrypt(bytes.NewReader(wrapped), i.id)
	if err != nil {
		return k, ErrOpen
	}
	b, err := io.ReadAll(io.LimitReader(r, 64))
	if err != nil || len(b) != len(k) {
		return k, ErrOpen
	}
	copy(k[:], b)
	return k, nil
}
