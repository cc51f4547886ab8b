package auth

import (
	"errors"
	"strings"
	"testing"
)

// TestDefect7_GuessablePasswordsRefused: only the length was checked, and
// "Welkom01Welkom01" was accepted. Common and breached passwords, keyboard
// patterns, repetitions and passwords made of the context (the
// organisation's and the user's names) are refused; long random or
// passphrase passwords are accepted.
func TestDefect7_GuessablePasswordsRefused(t *testing.T) {
	context := []string{"Gemeente Oss", "eva.jansen", "eva.jansen@oss.nl", "Eva Jansen"}
	for _, tc := range []struct {
		password string
		want     error
	}{
		{"Welkom01Welkom01", ErrPasswordGuessable},
		{"Wachtwoord123!", ErrPasswordGuessable},
		{"password1234", ErrPasswordGuessable},
		{"qwertyuiop123", ErrPasswordGuessable},
		{"123456789012", ErrPasswordGuessable},
		{"aaaaaaaaaaaaaaaa", ErrPasswordGuessable},
		{"GemeenteOss2026", ErrPasswordGuessable},
		{"EvaJansen2026!", ErrPasswordGuessable},
		{"Integer2026!!", ErrPasswordGuessable},
		{"kort", ErrPasswordTooShort},
		{strings.Repeat("x", 257), ErrPasswordTooLong},
		{"paars konijn fietst langs de Maas", nil},
		{"v8#Lq2!zR7mW", nil},
		{"tK9vQ2xLp4Zr8sNd", nil},
	} {
		if err := CheckPasswordPolicy(tc.password, context...); !errors.Is(err, tc.want) && !(err == nil && tc.want == nil) {
			t.Errorf("CheckPasswordPolicy(%q) = %v; want %v", tc.password, err, tc.want)
		}
	}
}
