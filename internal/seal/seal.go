// Package seal keeps report contents unreadable to anyone holding only the
// database or the server's files. It composes well-kept primitives and writes
// none of its own:
//
//   - Every report has its own random data key. Its confidential fields are
//     sealed with XChaCha20-Poly1305 under that key, with the table, column
//     and row as associated data, so a sealed value cannot be moved to
//     another row or column unnoticed.
//   - The data key is wrapped, with age (X25519), to each handler of the
//     report's channel and to the organisation's recovery key, and, under a
//     key derived from the receipt code, for the reporter's mailbox.
//   - A handler's age identity is wrapped under a key derived with argon2id
//     from their password, and, during a session, under a key derived from a
//     secret that only the session cookie carries.
//
// The database thus holds only sealed values and wrapped keys; the keys that
// open them exist in memory while a request of someone entitled runs.
package seal

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/integer-nl/integer/internal/auth"
)

// Key is a 256-bit symmetric key.
type Key [32]byte

// ErrOpen is returned when a sealed value does not open: the wrong key, or a
// value changed or moved.
var ErrOpen = errors.New("seal: cannot open sealed value")

// NewKey returns a random key.
func NewKey() Key {
	var k Key
	if _, err := rand.Read(k[:]); err != nil {
		panic("seal: no randomness: " + err.Error())
	}
	return k
}

// Seal encrypts plaintext under k, bound to aad (e.g. "reports.content:42").
// The result is nonce || ciphertext.
func Seal(k Key, aad string, plaintext []byte) []byte {
	aead, err := chacha20poly1305.NewX(k[:])
	if err != nil {
		panic(err) // only for a wrong key length, which Key rules out
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic("seal: no randomness: " + err.Error())
	}
	return aead.Seal(nonce, nonce, plaintext, []byte(aad))
}

// Open decrypts a value made by Seal with the same key and aad.
func Open(k Key, aad string, sealed []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(k[:])
	if err != nil {
		panic(err)
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return nil, ErrOpen
	}
	nonce, ct := sealed[:aead.NonceSize()], sealed[aead.NonceSize():]
	pt, err := aead.Open(nil, nonce, ct, []byte(aad))
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

// Derive returns a key for one purpose from a high-entropy secret
// (HKDF-SHA256). Different purposes give independent keys.
func Derive(secret []byte, purpose string) Key {
	b, err := hkdf.Key(sha256.New, secret, nil, "integer "+purpose, 32)
	if err != nil {
		panic(err)
	}
	var k Key
	copy(k[:], b)
	return k
}

// PasswordKey derives a key from a low-entropy secret (a password, a receipt
// code) with argon2id, so that guessing it from a database copy costs what
// the parameters say per guess.
func PasswordKey(p auth.Params, secret string, salt []byte) Key {
	b := argon2.IDKey([]byte(secret), salt, p.Iterations, p.Memory, p.Parallelism, 32)
	var k Key
	copy(k[:], b)
	return k
}

// NewSalt returns 16 random bytes.
func NewSalt() []byte {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("seal: no randomness: " + err.Error())
	}
	return b
}

// AAD names where a sealed value lives, e.g. AAD("reports", "content", 42).
func AAD(table, column string, id int64) string {
	return fmt.Sprintf("%s.%s:%d", table, column, id)
}
