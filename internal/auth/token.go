package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
)

// tokenBytes is 256 bits: unguessable with room to spare.
const tokenBytes = 32

// NewToken returns a fresh random session token: 32 bytes from crypto/rand
// in unpadded base64url (43 characters), safe in cookies and URLs. It is a
// bearer secret only; no CSRF token is derived from it because session
// cookies are SameSite=Strict and requests pass through
// net/http.CrossOriginProtection.
func NewToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: reading token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken returns the SHA-256 of token (32 bytes). Sessions are stored
// and looked up by this hash, so a copy of the database, a backup or a log
// of queries does not yield usable session cookies. A fast unsalted hash is
// enough because the token itself has 256 bits of entropy.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
