package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters. They are recorded in every
// encoded hash, so changing them never invalidates stored hashes; it only
// makes NeedsRehash report true for older ones.
type Params struct {
	Memory      uint32 // KiB
	Iterations  uint32
	Parallelism uint8
	SaltLen     uint32 // bytes
	KeyLen      uint32 // bytes
}

// DefaultParams are the production parameters: 64 MiB, three passes, four
// lanes, RFC 9106's second recommended option for memory-constrained use.
// On the 2-CPU development machine one hash takes about 150 ms (one pass
// took 40 ms: go test -run '^$' -bench HashPasswordDefault -benchmem
// ./internal/auth/). Each hash in flight holds 64 MiB, so callers bound
// concurrent logins rather than lower these numbers.
var DefaultParams = Params{Memory: 64 * 1024, Iterations: 3, Parallelism: 4, SaltLen: 16, KeyLen: 32}

// TestParams are the cheapest parameters ValidateParams accepts. They are
// for tests and fixtures only: they give no protection against offline
// guessing.
var TestParams = Params{Memory: 8, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}

// Bounds for Params. The lower bounds are those of RFC 9106 (memory at
// least 8 KiB per lane) tightened to what is still meaningful for us; the
// upper bounds exist so that a corrupted or planted hash string cannot
// make VerifyPassword allocate gigabytes or spin for minutes.
const (
	minSaltLen    = 8
	maxSaltLen    = 64
	minKeyLen     = 16
	maxKeyLen     = 128
	maxMemory     = 1 << 20 // KiB, 1 GiB
	maxIterations = 64
)

// Password policy limits, counted in Unicode code points so that a
// passphrase in any script is judged by what the user typed, not by its
// UTF-8 size.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

var (
	// ErrPasswordTooShort means the password has fewer than
	// MinPasswordLength characters. The UI matches it with errors.Is and
	// shows its own translated message.
	ErrPasswordTooShort = errors.New("auth: password too short")
	// ErrPasswordTooLong means the password has more than
	// MaxPasswordLength characters.
	ErrPasswordTooLong = errors.New("auth: password too long")
	// ErrPasswordGuessable means the password is a common or breached
	// password, a keyboard pattern, a repetition, a date or built from
	// the context words (the organisation's name, the user's name): one
	// that guessing finds early (NIST SP 800-63B 5.1.1.2).
	ErrPasswordGuessable = errors.New("auth: password too easy to guess")
	// ErrMalformedHash is wrapped by every error VerifyPassword returns
	// for an encoded hash it cannot parse or will not accept.
	ErrMalformedHash = errors.New("auth: malformed password hash")
	// ErrInvalidParams is wrapped by HashPassword when the Params are
	// outside the accepted bounds.
	ErrInvalidParams = errors.New("auth: invalid argon2id parameters")
)

// b64 is the PHC string encoding used by the argon2 reference
// implementation: standard alphabet, no padding. Strict rejects
// non-canonical trailing bits so that each hash has one spelling.
var b64 = base64.RawStdEncoding.Strict()

// ValidateParams reports, wrapping ErrInvalidParams, why p cannot be used;
// nil means HashPassword will accept p.
func ValidateParams(p Params) error {
	switch {
	case p.Parallelism < 1:
		return fmt.Errorf("%w: parallelism %d < 1", ErrInvalidParams, p.Parallelism)
	case p.Iterations < 1 || p.Iterations > maxIterations:
		return fmt.Errorf("%w: iterations %d not in [1, %d]", ErrInvalidParams, p.Iterations, maxIterations)
	// argon2 silently rounds memory below 8 KiB per lane up, which would
	// make the encoded m= lie about the work done.
	case p.Memory < 8*uint32(p.Parallelism) || p.Memory > maxMemory:
		return fmt.Errorf("%w: memory %d KiB not in [%d, %d]", ErrInvalidParams, p.Memory, 8*uint32(p.Parallelism), maxMemory)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("%w: salt length %d not in [%d, %d]", ErrInvalidParams, p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("%w: key length %d not in [%d, %d]", ErrInvalidParams, p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// HashPassword derives an argon2id hash of password with a fresh random
// salt and returns it in PHC string format,
// $argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>, with salt and hash in
// unpadded standard base64 as the reference implementation writes them.
// It does not apply the password policy; call CheckPasswordPolicy first
// when the password is being chosen.
func HashPassword(p Params, password string) (string, error) {
	if err := ValidateParams(p); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: reading salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Iterations, p.Parallelism,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches encoded, a string made
// by HashPassword (or any argon2id v=19 PHC string within the accepted
// bounds). The comparison is constant-time. A non-nil error, wrapping
// ErrMalformedHash, means encoded could not be used; ok is then false.
func VerifyPassword(encoded, password string) (ok bool, err error) {
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLen)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NeedsRehash reports whether encoded was made with parameters other than
// p (or cannot be parsed), so that the caller, having just verified the
// password, should store a fresh HashPassword(p, password). Comparing for
// inequality rather than "weaker" lets parameters be lowered deliberately
// too.
func NeedsRehash(encoded string, p Params) bool {
	got, _, _, err := decodeHash(encoded)
	return err != nil || got != p
}

// CheckPasswordPolicy returns ErrPasswordTooShort or ErrPasswordTooLong
// when password has fewer than MinPasswordLength or more than
// MaxPasswordLength characters (code points), ErrPasswordGuessable when
// guessing finds it early, and nil otherwise. There are no composition
// rules: they push people towards predictable passwords (NIST SP 800-63B).
// Guessability is zxcvbn's estimate (its dictionaries of common and
// breached passwords, names, words, keyboard patterns, repeats, sequences
// and dates), with context: the words of this program and of Dutch
// municipalities, and the caller's (the organisation's name, the user's
// name and e-mail address).
func CheckPasswordPolicy(password string, context ...string) error {
	switch n := utf8.RuneCountInString(password); {
	case n < MinPasswordLength:
		return ErrPasswordTooShort
	case n > MaxPasswordLength:
		return ErrPasswordTooLong
	}
	if guessable(password, context) {
		return ErrPasswordGuessable
	}
	return nil
}

// contextWords are guessed first for any account of this program.
var contextWords = []string{"integer", "integriteit", "gemeente", "welkom", "wachtwoord", "password", "melding", "meldpunt", "coordinator", "coördinator", "vertrouwenspersoon", "griffie", "griffier", "ambtenaar", "nederland", "holland"}

// minGuessScore is zxcvbn's score a password needs: 3 is "safely
// unguessable: moderate protection from offline slow-hash scenario"
// (about 10^8 guesses and more).
const minGuessScore = 3

// guessable estimates the password with zxcvbn. Only its first 64
// characters are estimated: the estimate's time grows with the length,
// and a password that is strong in its first 64 characters is strong.
func guessable(password string, context []string) bool {
	if r := []rune(password); len(r) > 64 {
		password = string(r[:64])
	}
	inputs := slices.Clone(contextWords)
	for _, c := range context {
		// "Gemeente Oss", "eva.jansen@oss.nl": each part is a word too.
		inputs = append(inputs, strings.ToLower(c))
		inputs = append(inputs, strings.FieldsFunc(strings.ToLower(c), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})...)
	}
	if zxcvbn.PasswordStrength(password, inputs).Score < minGuessScore {
		return true
	}
	// A password made of context words and a little more ("GemeenteOss2026",
	// "EvaJansen2026!") must be strong without them: an attacker who
	// targets this account tries its context first.
	rest := strings.ToLower(password)
	for _, w := range inputs {
		if utf8.RuneCountInString(w) >= 3 {
			rest = strings.ReplaceAll(rest, w, "")
		}
	}
	return rest != strings.ToLower(password) && zxcvbn.PasswordStrength(rest, nil).Score < minGuessScore
}

// dummyHash is hashed lazily from DefaultParams so that programs which
// never log anyone in do not pay 64 MiB and ~0.1 s at start-up.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword(DefaultParams, "integer dummy password for unknown users")
	if err != nil {
		panic("auth: cannot hash dummy password: " + err.Error())
	}
	return h
})

// DummyVerify does the work of a VerifyPassword with DefaultParams and
// discards the result. Call it when the account does not exist so that
// the response time does not reveal which e-mail addresses have accounts.
// The first call also computes the dummy hash and so takes twice as long.
func DummyVerify(password string) {
	_, _ = VerifyPassword(dummyHash(), password)
}

// decodeHash parses an argon2id PHC string. It is strict (fixed field
// order, canonical base64, bounded parameters) because the only legitimate
// producer is HashPassword, and anything else in the credentials table is
// corruption or tampering.
func decodeHash(encoded string) (p Params, salt, key []byte, err error) {
	malformed := func(why string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformedHash, why)
	}
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[0] != "" {
		return malformed("want 5 $-separated fields")
	}
	if f[1] != "argon2id" {
		return malformed("algorithm is not argon2id")
	}
	if f[2] != "v="+strconv.Itoa(argon2.Version) {
		return malformed("unsupported version")
	}
	kv := strings.Split(f[3], ",")
	if len(kv) != 3 {
		return malformed("want m=,t=,p= parameters")
	}
	var v [3]uint64
	for i, name := range [3]string{"m", "t", "p"} {
		s, ok := strings.CutPrefix(kv[i], name+"=")
		if !ok {
			return malformed("want parameter " + name + "=")
		}
		bits := 32
		if name == "p" {
			bits = 8
		}
		if v[i], err = strconv.ParseUint(s, 10, bits); err != nil {
			return malformed("bad value for " + name)
		}
	}
	if salt, err = b64.DecodeString(f[4]); err != nil {
		return malformed("bad salt encoding")
	}
	if key, err = b64.DecodeString(f[5]); err != nil {
		return malformed("bad hash encoding")
	}
	p = Params{
		Memory:      uint32(v[0]),
		Iterations:  uint32(v[1]),
		Parallelism: uint8(v[2]),
		SaltLen:     uint32(len(salt)),
		KeyLen:      uint32(len(key)),
	}
	if err := ValidateParams(p); err != nil {
		return malformed(err.Error())
	}
	return p, salt, key, nil
}
