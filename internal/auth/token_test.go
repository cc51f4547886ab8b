package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"testing"
)

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok, err := NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if len(tok) != 43 {
			t.Fatalf("token %q has length %d, want 43", tok, len(tok))
		}
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) != 32 {
			t.Fatalf("token %q is not 32 bytes of unpadded base64url: %v", tok, err)
		}
		if seen[tok] {
			t.Fatalf("token %q generated twice", tok)
		}
		seen[tok] = true
	}
}

func TestHashToken(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"same token", "abc", "abc", true},
		{"different token", "abc", "abd", false},
		{"case matters", "abc", "ABC", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bytes.Equal(HashToken(tt.a), HashToken(tt.b)); got != tt.same {
				t.Errorf("HashToken(%q) == HashToken(%q) is %v, want %v", tt.a, tt.b, got, tt.same)
			}
		})
	}
	want := sha256.Sum256([]byte("abc"))
	if h := HashToken("abc"); !bytes.Equal(h, want[:]) || len(h) != 32 {
		t.Errorf("HashToken(abc) = %x, want SHA-256 %x", h, want)
	}
}
