package seal

import (
	"crypto/rand"
	"math/big"
	"strings"

	"github.com/integer-nl/integer/internal/auth"
)

// ReceiptDigits is the length of a receipt code: 16 decimal digits, about
// 53 bits, typed by a person from a note they kept.
const ReceiptDigits = 16

// NewReceipt returns a uniformly random receipt code of 16 digits.
func NewReceipt() string {
	max := new(big.Int).Exp(big.NewInt(10), big.NewInt(ReceiptDigits), nil)
	n, err := rand.Int(rand.Reader, max)
	if err != nil {
		panic("seal: no randomness: " + err.Error())
	}
	s := n.String()
	return strings.Repeat("0", ReceiptDigits-len(s)) + s
}

// FormatReceipt groups a receipt code in fours for reading: 1234 5678 9012 3456.
func FormatReceipt(code string) string {
	var b strings.Builder
	for i, r := range code {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// NormalizeReceipt removes spaces, dashes and dots and reports whether 16
// digits remain.
func NormalizeReceipt(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '\t':
		default:
			return "", false
		}
	}
	code := b.String()
	return code, len(code) == ReceiptDigits
}

// ReceiptKeys derives, with one argon2id computation, what a receipt code
// unlocks: the lookup value stored with the report (to find it without
// knowing which report it is) and the mailbox key that unwraps the report's
// data key for the reporter. The salt is the organisation's, so that the same
// code means nothing in another organisation.
func ReceiptKeys(p auth.Params, code string, orgSalt []byte) (lookup []byte, mailbox Key) {
	master := PasswordKey(p, code, orgSalt)
	l := Derive(master[:], "receipt lookup")
	return l[:], Derive(master[:], "mailbox key")
}
