// Package auth holds the credential primitives for staff accounts:
// argon2id password hashes, TOTP second factors, single-use recovery codes
// and opaque session tokens.
//
// The package does no I/O and knows nothing about users or storage; the
// web and store layers decide what to persist. All randomness comes from
// crypto/rand and all cryptography from the standard library or
// golang.org/x/crypto and github.com/pquerna/otp: nothing here is
// hand-rolled beyond encoding the results.
package auth
