package store

import (
	"testing"

	"github.com/integer-nl/integer/internal/seal"
)

// TestGrantKeysOpenCopies: grantKeys.open takes the user's copy of a data
// key only when the user's own identity sealed it for exactly this
// organisation, report, grantee and age grant; otherwise it unwraps the
// age grant (and offers a fresh copy), or opens nothing.
func TestGrantKeysOpenCopies(t *testing.T) {
	mineID, minePub, _ := seal.NewIdentity()
	theirsID, _, _ := seal.NewIdentity()
	mine, theirs := newGrantKeys(Keyring{UserID: 7, Identity: mineID}), newGrantKeys(Keyring{UserID: 7, Identity: theirsID})
	dek := seal.NewKey()
	wrapped, err := seal.WrapKey(minePub, dek)
	if err != nil {
		t.Fatal(err)
	}
	const org, report = 3, 42
	aad := copyAAD(org, report, "user:7", wrapped)
	good := mine.user.SealCopy(dek, aad)

	cases := []struct {
		name      string
		wrapped   []byte
		copy      []byte
		wantOK    bool
		wantFresh bool
	}{
		{"no copy yet: age, and a fresh copy", wrapped, nil, true, true},
		{"its own copy: no age, nothing fresh", wrapped, good, true, false},
		{"another identity's copy: age", wrapped, theirs.user.SealCopy(dek, aad), true, true},
		{"a copy for another report: age", wrapped, mine.user.SealCopy(dek, copyAAD(org, report+1, "user:7", wrapped)), true, true},
		{"a copy for another organisation: age", wrapped, mine.user.SealCopy(dek, copyAAD(org+1, report, "user:7", wrapped)), true, true},
		{"a copy for another grantee: age", wrapped, mine.user.SealCopy(dek, copyAAD(org, report, "user:8", wrapped)), true, true},
		{"a changed copy: age", wrapped, append(append([]byte(nil), good[:len(good)-1]...), good[len(good)-1]^1), true, true},
		{"a copy of a replaced grant, the new grant unreadable: nothing", []byte("another grant"), good, false, false},
	}
	for _, c := range cases {
		got, fresh, ok := mine.open(org, report, map[string]grant{"user:7": {wrapped: c.wrapped, copy: c.copy}})
		if ok != c.wantOK || (fresh != nil) != c.wantFresh || (ok && got != dek) {
			t.Errorf("%s: ok %v, fresh %v, key right %v", c.name, ok, fresh != nil, got == dek)
		}
		if fresh != nil {
			if k, err := mine.user.OpenCopy(fresh, aad); err != nil || k != dek {
				t.Errorf("%s: the fresh copy does not open for its holder: %v", c.name, err)
			}
		}
	}
	// The copy alone opens nothing for another identity, even for the same
	// grantee, report and grant.
	if _, _, ok := theirs.open(org, report, map[string]grant{"user:7": {wrapped: wrapped, copy: good}}); ok {
		t.Error("another identity opened the key through the holder's copy")
	}
}
