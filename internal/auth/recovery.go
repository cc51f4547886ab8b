package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// recoveryAlphabet is Crockford's base32 in lower case: no i, l, o or u,
// so that a code read aloud or copied from paper is hard to get wrong.
const recoveryAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

var recoveryEncoding = base32.NewEncoding(recoveryAlphabet).WithPadding(base32.NoPadding)

// recoveryBytes is 80 bits: exactly 16 base32 characters, and far beyond
// online guessing even with a fast hash (see HashRecoveryCode).
const recoveryBytes = 10

// NewRecoveryCodes returns n distinct single-use recovery codes, each 80
// random bits from crypto/rand written as four dash-separated groups of
// four characters, e.g. "7k2m-q9xa-0fd4-tt3c". Show them once and store
// only HashRecoveryCode of each.
func NewRecoveryCodes(n int) ([]string, error) {
	if n < 0 {
		return nil, errors.New("auth: negative number of recovery codes")
	}
	codes := make([]string, 0, n)
	seen := make(map[string]bool, n)
	buf := make([]byte, recoveryBytes)
	// A collision in 80 bits will not happen, but two equal codes would
	// silently be one, so the loop makes distinctness a guarantee.
	for len(codes) < n {
		if _, err := rand.Read(buf); err != nil {
			return nil, fmt.Errorf("auth: reading recovery code: %w", err)
		}
		s := recoveryEncoding.EncodeToString(buf)
		code := s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
		if !seen[code] {
			seen[code] = true
			codes = append(codes, code)
		}
	}
	return codes, nil
}

// NormalizeRecoveryCode returns code as it is hashed: lower case, without
// whitespace or dashes, and with the Crockford look-alikes o→0 and i, l→1
// folded, so that "7K2M Q9XA 0FD4 TT3C" and "7k2m-q9xa-ofd4-tt3c" are the
// same code. It does not check the result is a well-formed code; an
// ill-formed one simply matches no stored hash.
func NormalizeRecoveryCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', ' ', '\t', '\n', '\r':
			return -1
		case 'o', 'O':
			return '0'
		case 'i', 'I', 'l', 'L':
			return '1'
		}
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, code)
}

// HashRecoveryCode returns the hex SHA-256 of NormalizeRecoveryCode(code),
// the form in which recovery codes are stored and looked up.
//
// A fast hash is deliberate, unlike passwords: each code carries 80 bits
// of entropy, so even a stolen table cannot be brute-forced, and a single
// attempt has to be checked against up to ten stored codes, which argon2id
// would make ten times as slow and memory hungry for no gain. Being
// unsalted and deterministic also lets the store find a code by equality.
func HashRecoveryCode(code string) string {
	sum := sha256.Sum256([]byte(NormalizeRecoveryCode(code)))
	return hex.EncodeToString(sum[:])
}
