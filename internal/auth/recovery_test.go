package auth

import (
	"regexp"
	"strings"
	"testing"
)

func TestNewRecoveryCodes(t *testing.T) {
	format := regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$`)
	seen := map[string]bool{}
	for range 10 {
		codes, err := NewRecoveryCodes(10)
		if err != nil {
			t.Fatal(err)
		}
		if len(codes) != 10 {
			t.Fatalf("got %d codes, want 10", len(codes))
		}
		for _, c := range codes {
			if !format.MatchString(c) {
				t.Errorf("code %q is not four groups of four Crockford base32 characters", c)
			}
			if seen[c] {
				t.Errorf("code %q generated twice", c)
			}
			seen[c] = true
			if NormalizeRecoveryCode(c) != c[0:4]+c[5:9]+c[10:14]+c[15:19] {
				t.Errorf("generated code %q is changed by normalisation beyond its dashes", c)
			}
		}
	}
	if codes, err := NewRecoveryCodes(0); err != nil || len(codes) != 0 {
		t.Errorf("NewRecoveryCodes(0) = %v, %v; want none", codes, err)
	}
	if _, err := NewRecoveryCodes(-1); err == nil {
		t.Error("NewRecoveryCodes(-1) succeeded")
	}
}

func TestNormalizeRecoveryCode(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"7k2m-q9xa-0fd4-tt3c", "7k2mq9xa0fd4tt3c"},
		{"7K2M-Q9XA-0FD4-TT3C", "7k2mq9xa0fd4tt3c"},
		{"7k2m q9xa 0fd4 tt3c", "7k2mq9xa0fd4tt3c"},
		{" 7k2mq9xa0fd4tt3c\n", "7k2mq9xa0fd4tt3c"},
		{"7k2m--q9xa\t0fd4-tt3c", "7k2mq9xa0fd4tt3c"},
		{"7k2m-q9xa-Ofd4-tt3c", "7k2mq9xa0fd4tt3c"}, // letter O for zero
		{"i1l1-IL00-oOoO", "11111100" + "0000"},
		{"", ""},
		{"ünïcode", "ünï" + "c0de"}, // left alone apart from o; matches nothing
	}
	for _, tt := range tests {
		if got := NormalizeRecoveryCode(tt.in); got != tt.want {
			t.Errorf("NormalizeRecoveryCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHashRecoveryCode(t *testing.T) {
	codes, err := NewRecoveryCodes(2)
	if err != nil {
		t.Fatal(err)
	}
	c := codes[0]
	h := HashRecoveryCode(c)
	if len(h) != 64 {
		t.Errorf("HashRecoveryCode length = %d, want 64 hex characters", len(h))
	}
	plain := c[0:4] + c[5:9] + c[10:14] + c[15:19]
	tests := []struct {
		name, input string
		same        bool
	}{
		{"as issued", c, true},
		{"upper case", strings.ToUpper(c), true},
		{"no dashes", plain, true},
		{"spaces", c[0:4] + " " + c[5:9] + " " + c[10:14] + " " + c[15:19], true},
		{"surrounding whitespace", "  " + c + "\n", true},
		{"other code", codes[1], false},
		{"truncated", c[:len(c)-1], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HashRecoveryCode(tt.input) == h; got != tt.same {
				t.Errorf("HashRecoveryCode(%q) == HashRecoveryCode(%q) is %v, want %v", tt.input, c, got, tt.same)
			}
		})
	}
	// Known answer, so that a change to normalisation or hashing (which
	// would lock everyone out of their stored codes) fails loudly.
	// (printf %s 7k2mq9xa0fd4tt3c | sha256sum)
	const want = "9346c5a6fdbd33c731e7d9fde31055e67a38f6ef81fbb390b43b4b0fa509d027"
	if got := HashRecoveryCode("7K2M Q9XA OFD4 TT3C"); got != want {
		t.Errorf("HashRecoveryCode known answer = %s, want %s", got, want)
	}
}
