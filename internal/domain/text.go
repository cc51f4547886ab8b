package domain

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

// MaxEmailBytes bounds an e-mail address (RFC 5321's path limit).
const MaxEmailBytes = 254

// CleanText reports whether s is text a person can have typed: valid UTF-8
// (so no overlong forms and no surrogate halves) without NUL characters.
func CleanText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// ValidEmail reports whether s is one bare address (an RFC 5322 addr-spec
// that net/mail parses): no display name, no angle brackets, no second
// address, no control character or white space, at most MaxEmailBytes.
func ValidEmail(s string) bool {
	if s == "" || len(s) > MaxEmailBytes || !CleanText(s) || strings.ContainsAny(s, "<>,;\" ") {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && strings.Contains(s, "@")
}
