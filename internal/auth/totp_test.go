package auth

import (
	"net/url"
	"testing"
	"time"
)

// rfcSecret is the RFC 6238 appendix B SHA-1 key "12345678901234567890"
// in base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestTOTPCodeRFC6238(t *testing.T) {
	// Appendix B lists 8-digit codes; the 6-digit code is their last six.
	tests := []struct {
		unix int64
		want string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
	}
	for _, tt := range tests {
		got, err := TOTPCode(rfcSecret, time.Unix(tt.unix, 0))
		if err != nil || got != tt.want {
			t.Errorf("TOTPCode(t=%d) = %q, %v; want %q", tt.unix, got, err, tt.want)
		}
	}
}

func TestNewTOTPSecret(t *testing.T) {
	secret, raw, err := NewTOTPSecret("Integer Gemeente Utrecht", "jan@example.nl")
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 32 { // 20 bytes in unpadded base32
		t.Errorf("secret %q has length %d, want 32", secret, len(secret))
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || q.Get("secret") != secret ||
		q.Get("issuer") != "Integer Gemeente Utrecht" || q.Get("digits") != "6" ||
		q.Get("period") != "30" || q.Get("algorithm") != "SHA1" {
		t.Errorf("otpauth URL %q does not describe secret %q with RFC 6238 defaults", raw, secret)
	}
	if other, _, _ := NewTOTPSecret("x", "y"); other == secret {
		t.Error("two secrets are equal")
	}
	if _, _, err := NewTOTPSecret("", "jan@example.nl"); err == nil {
		t.Error("NewTOTPSecret with empty issuer succeeded")
	}
}

func TestValidateTOTP(t *testing.T) {
	secret, _, err := NewTOTPSecret("Integer", "test@example.nl")
	if err != nil {
		t.Fatal(err)
	}
	// Mid-step, so that ±30 s lands in the neighbouring steps exactly.
	now := time.Unix(1_700_000_000-1_700_000_000%30+15, 0)
	step := TOTPStep(now)
	code := func(offset time.Duration) string {
		c, err := TOTPCode(secret, now.Add(offset))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name     string
		code     string
		lastStep int64
		wantStep int64
		wantOK   bool
	}{
		{"current", code(0), 0, step, true},
		{"30 s ago", code(-30 * time.Second), 0, step - 1, true},
		{"30 s ahead", code(30 * time.Second), 0, step + 1, true},
		{"90 s ago", code(-90 * time.Second), 0, 0, false},
		{"90 s ahead", code(90 * time.Second), 0, 0, false},
		{"replay of current step", code(0), step, 0, false},
		{"replay of older step", code(-30 * time.Second), step - 1, 0, false},
		{"previous accepted, next one fine", code(0), step - 1, step, true},
		{"later step already used", code(-30 * time.Second), step, 0, false},
		{"surrounding spaces", " " + code(0) + "\n", 0, step, true},
		{"app formatting", code(0)[:3] + " " + code(0)[3:], 0, step, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotStep, ok := ValidateTOTP(secret, tt.code, now, tt.lastStep)
			if ok != tt.wantOK || gotStep != tt.wantStep {
				t.Errorf("ValidateTOTP(%q, last %d) = %d, %v; want %d, %v",
					tt.code, tt.lastStep, gotStep, ok, tt.wantStep, tt.wantOK)
			}
		})
	}
}

func TestValidateTOTPGarbage(t *testing.T) {
	now := time.Unix(1111111111, 0) // RFC code 050471
	tests := []struct {
		name, secret, code string
	}{
		{"empty", rfcSecret, ""},
		{"five digits", rfcSecret, "50471"},
		{"seven digits", rfcSecret, "0504710"},
		{"eight-digit RFC code", rfcSecret, "14050471"},
		{"letters", rfcSecret, "05047a"},
		{"signed", rfcSecret, "+50471"},
		{"dash", rfcSecret, "050-471"},
		{"full-width digits", rfcSecret, "０５０４７１"},
		{"wrong code", rfcSecret, "050472"},
		{"bad secret", "not base32!", "050471"},
		{"empty secret", "", "050471"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if step, ok := ValidateTOTP(tt.secret, tt.code, now, 0); ok {
				t.Errorf("ValidateTOTP(%q, %q) accepted step %d", tt.secret, tt.code, step)
			}
		})
	}
	// Control: the same time and secret do accept the right code.
	if _, ok := ValidateTOTP(rfcSecret, "050471", now, 0); !ok {
		t.Error("RFC 6238 code rejected")
	}
}

func TestTOTPStep(t *testing.T) {
	for _, tt := range []struct{ unix, want int64 }{
		{0, 0}, {29, 0}, {30, 1}, {59, 1}, {-1, -1}, {-30, -1}, {-31, -2},
	} {
		if got := TOTPStep(time.Unix(tt.unix, 0)); got != tt.want {
			t.Errorf("TOTPStep(%d) = %d, want %d", tt.unix, got, tt.want)
		}
	}
}

func BenchmarkVerifyTOTP(b *testing.B) {
	now := time.Unix(1111111111, 0)
	const code = "050471"
	for b.Loop() {
		if _, ok := ValidateTOTP(rfcSecret, code, now, 0); !ok {
			b.Fatal("rejected")
		}
	}
}

func TestTOTPURLKeepsTheSecret(t *testing.T) {
	secret, url1, err := NewTOTPSecret("Integer Helmond", "coord")
	if err != nil {
		t.Fatal(err)
	}
	url2, err := TOTPURL("Integer Helmond", "coord", secret)
	if err != nil {
		t.Fatal(err)
	}
	if url1 != url2 {
		t.Errorf("URL from the secret = %q, want %q", url2, url1)
	}
	if _, err := TOTPURL("x", "y", "not base32!"); err == nil {
		t.Error("bad secret accepted")
	}
}
