package seal

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/integer-nl/integer/internal/auth"
)

func TestSealOpen(t *testing.T) {
	k := NewKey()
	sealed := Seal(k, AAD("reports", "content", 1), []byte("canary-melding"))
	if bytes.Contains(sealed, []byte("canary")) {
		t.Fatal("sealed value contains the plaintext")
	}
	got, err := Open(k, AAD("reports", "content", 1), sealed)
	if err != nil || string(got) != "canary-melding" {
		t.Fatalf("open = %q, %v", got, err)
	}
	tests := map[string]func() ([]byte, error){
		"other row":    func() ([]byte, error) { return Open(k, AAD("reports", "content", 2), sealed) },
		"other column": func() ([]byte, error) { return Open(k, AAD("reports", "identity", 1), sealed) },
		"other key":    func() ([]byte, error) { return Open(NewKey(), AAD("reports", "content", 1), sealed) },
		"flipped bit": func() ([]byte, error) {
			c := bytes.Clone(sealed)
			c[len(c)-1] ^= 1
			return Open(k, AAD("reports", "content", 1), c)
		},
		"truncated": func() ([]byte, error) { return Open(k, AAD("reports", "content", 1), sealed[:10]) },
	}
	for name, open := range tests {
		if _, err := open(); err != ErrOpen {
			t.Errorf("%s: err = %v, want ErrOpen", name, err)
		}
	}
	if bytes.Equal(Seal(k, "a", []byte("x")), Seal(k, "a", []byte("x"))) {
		t.Error("two seals of one value are equal: the nonce is not random")
	}
}

func TestWrapUnwrap(t *testing.T) {
	id, rcpt, err := NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if r, err := RecipientOf(id); err != nil || r != rcpt {
		t.Fatalf("RecipientOf = %q, %v", r, err)
	}
	k := NewKey()
	w, err := WrapKey(rcpt, k)
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnwrapKey(id, w)
	if err != nil || got != k {
		t.Fatalf("unwrap = %v, %v", got, err)
	}
	other, _, _ := NewIdentity()
	if _, err := UnwrapKey(other, w); err != ErrOpen {
		t.Errorf("unwrap with another identity: %v", err)
	}

	// A parsed identity unwraps many keys, also at once, each its own.
	parsed, err := ParseIdentity(id)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]Key, 8)
	wrapped := make([][]byte, len(keys))
	for i := range keys {
		keys[i] = NewKey()
		if wrapped[i], err = WrapKey(rcpt, keys[i]); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	got2 := make([]Key, len(keys))
	errs := make([]error, len(keys))
	for i := range keys {
		wg.Go(func() { got2[i], errs[i] = parsed.Unwrap(wrapped[i]) })
	}
	wg.Wait()
	for i := range keys {
		if errs[i] != nil || got2[i] != keys[i] {
			t.Errorf("parsed unwrap %d = %v, %v", i, got2[i], errs[i])
		}
	}
	otherParsed, _ := ParseIdentity(other)
	if _, err := otherParsed.Unwrap(w); err != ErrOpen {
		t.Errorf("parsed unwrap with another identity: %v", err)
	}
	if _, err := ParseIdentity("AGE-SECRET-KEY-1NOTAKEY"); err == nil {
		t.Error("a malformed identity parsed")
	}
}

func TestReceipts(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c := NewReceipt()
		if len(c) != 16 || strings.Trim(c, "0123456789") != "" || seen[c] {
			t.Fatalf("bad receipt %q", c)
		}
		seen[c] = true
	}
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"1234 5678 9012 3456", "1234567890123456", true},
		{"1234-5678-9012-3456", "1234567890123456", true},
		{" 1234567890123456 ", "1234567890123456", true},
		{"123456789012345", "", false},
		{"12345678901234567", "", false},
		{"1234 5678 9012 345a", "", false},
	}
	for _, tc := range tests {
		got, ok := NormalizeReceipt(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("NormalizeReceipt(%q) = %q, %v", tc.in, got, ok)
		}
	}
	if FormatReceipt("1234567890123456") != "1234 5678 9012 3456" {
		t.Error("FormatReceipt")
	}
	salt := NewSalt()
	l1, m1 := ReceiptKeys(auth.TestParams, "1234567890123456", salt)
	l2, m2 := ReceiptKeys(auth.TestParams, "1234567890123456", salt)
	l3, _ := ReceiptKeys(auth.TestParams, "1234567890123456", NewSalt())
	if !bytes.Equal(l1, l2) || m1 != m2 || bytes.Equal(l1, l3) || bytes.Equal(l1, m1[:]) {
		t.Error("receipt keys are not deterministic per organisation, or lookup equals the mailbox key")
	}
}

// BenchmarkReceiptKeys measures what a reporter's receipt code costs each
// time it is used (following up, the mailbox): one argon2id derivation with
// the production parameters, from which the report's lookup value and the
// mailbox key follow. The look-up itself is one indexed query.
func BenchmarkReceiptKeys(b *testing.B) {
	salt := make([]byte, 16)
	code := NewReceipt()
	for b.Loop() {
		if lookup, _ := ReceiptKeys(auth.DefaultParams, code, salt); len(lookup) == 0 {
			b.Fatal("no lookup value")
		}
	}
}

// A copy of a data key opens only with the identity that made it and the
// associated data it was bound to, and not once changed.
func TestKeyCopies(t *testing.T) {
	id, _, _ := NewIdentity()
	other, _, _ := NewIdentity()
	mine, err := ParseIdentity(id)
	if err != nil {
		t.Fatal(err)
	}
	theirs, _ := ParseIdentity(other)
	k := NewKey()
	c := mine.SealCopy(k, "org=1 report=7")
	if got, err := mine.OpenCopy(c, "org=1 report=7"); err != nil || got != k {
		t.Fatalf("OpenCopy = %v, %v", got, err)
	}
	again, _ := ParseIdentity(id)
	if got, err := again.OpenCopy(c, "org=1 report=7"); err != nil || got != k {
		t.Errorf("OpenCopy after parsing the identity again = %v, %v", got, err)
	}
	if _, err := theirs.OpenCopy(c, "org=1 report=7"); err != ErrOpen {
		t.Errorf("another identity opened the copy: %v", err)
	}
	if _, err := mine.OpenCopy(c, "org=1 report=8"); err != ErrOpen {
		t.Errorf("the copy opened under other associated data: %v", err)
	}
	tampered := append([]byte(nil), c...)
	tampered[len(tampered)-1] ^= 1
	if _, err := mine.OpenCopy(tampered, "org=1 report=7"); err != ErrOpen {
		t.Errorf("a changed copy opened: %v", err)
	}
	if _, err := mine.OpenCopy(nil, "org=1 report=7"); err != ErrOpen {
		t.Errorf("no copy opened: %v", err)
	}
	// The copies' key is not the session's or any other purpose's.
	if Derive([]byte(id), "session key") == mine.copies {
		t.Error("the copies' key equals another purpose's")
	}
}
