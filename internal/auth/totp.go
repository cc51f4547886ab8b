package auth

import (
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings. SHA-1, six digits and 30 seconds are the RFC 6238
// defaults and the only combination every authenticator app honours;
// apps that ignore the otpauth parameters would otherwise show wrong codes.
const (
	totpPeriod     = 30 // seconds
	totpDigits     = otp.DigitsSix
	totpAlgorithm  = otp.AlgorithmSHA1
	totpSecretSize = 20 // bytes: 160 bits, the HMAC-SHA-1 block RFC 4226 recommends
)

// NewTOTPSecret generates a random TOTP secret for account at issuer. It
// returns the secret in base32 (to store, and to show
// for manual entry) and the otpauth:// URL to render as a QR code.
func NewTOTPSecret(issuer, account string) (secret, otpauthURL string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      totpPeriod,
		SecretSize:  totpSecretSize,
		Digits:      totpDigits,
		Algorithm:   totpAlgorithm,
	})
	if err != nil {
		return "", "", fmt.Errorf("auth: generating TOTP secret: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// TOTPStep returns the RFC 6238 time step (30-second counter) containing t.
func TOTPStep(t time.Time) int64 {
	s := t.Unix()
	step := s / totpPeriod
	if s < 0 && s%totpPeriod != 0 {
		step-- // floor, not truncation, for times before 1970
	}
	return step
}

// ValidateTOTP checks code against secret at time now. It accepts the code
// of the current step or of one step either side, to allow for clock skew
// between server and phone, but only for steps greater than lastStep: the
// caller stores the returned step and passes it back as lastStep next
// time, so an observed code cannot be replayed. Spaces in code are
// ignored (apps display "123 456"); anything but six ASCII digits is
// rejected. A zero lastStep means no code has been accepted yet.
func ValidateTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != totpDigits.Length() {
		return 0, false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return 0, false
		}
	}
	cur := TOTPStep(now)
	// Try every candidate without stopping at the first match, and keep
	// the highest: should two steps share a code, recording the later
	// one is the safe choice for replay protection.
	for s := cur - 1; s <= cur+1; s++ {
		if s <= lastStep || s < 0 {
			continue
		}
		want, err := stepCode(secret, s)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			step, ok = s, true
		}
	}
	return step, ok
}

// TOTPCode returns the code an authenticator app shows for secret at time
// t. It is meant for tests and the demo environment; production code only
// validates.
func TOTPCode(secret string, t time.Time) (string, error) {
	return stepCode(secret, TOTPStep(t))
}

// stepCode computes the code of one time step. It goes through hotp
// because totp only exposes validation of a time window, and the caller
// needs to know which step matched.
func stepCode(secret string, step int64) (string, error) {
	code, err := hotp.GenerateCodeCustom(secret, uint64(step), hotp.ValidateOpts{
		Digits:    totpDigits,
		Algorithm: totpAlgorithm,
	})
	if err != nil {
		return "", fmt.Errorf("auth: computing TOTP code: %w", err)
	}
	return code, nil
}

// TOTPURL returns the otpauth:// URL for an existing base32 secret, to show
// the same QR code again when a confirmation code was wrong.
func TOTPURL(issuer, account, secret string) (string, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(secret))
	if err != nil {
		return "", fmt.Errorf("auth: TOTP secret: %w", err)
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: issuer, AccountName: account, Period: totpPeriod, Secret: raw,
		Digits: totpDigits, Algorithm: totpAlgorithm,
	})
	if err != nil {
		return "", fmt.Errorf("auth: TOTP URL: %w", err)
	}
	return key.URL(), nil
}
