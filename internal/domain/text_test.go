package domain

import "testing"

// TestDefect_BadInputRefusedEmail: notify_email is one bare address.
func TestDefect_BadInputRefusedEmail(t *testing.T) {
	for _, s := range []string{"melder@example.nl", "a.b+c@gemeente.example", "x@sub.example.org"} {
		if !ValidEmail(s) {
			t.Errorf("ValidEmail(%q) = false", s)
		}
	}
	for _, s := range []string{"", "geen-adres", "a@b\r\nBcc: c@d", "a@b.nl\nBcc: c@d.nl", "Melder <a@b.nl>", "<a@b.nl>",
		"a@b.nl, c@d.nl", "a@b.nl; c@d.nl", "a b@c.nl", "a@b.nl\x00", "a@b\xff.nl", "\"x y\"@b.nl", "a@" + string(make([]byte, 300))} {
		if ValidEmail(s) {
			t.Errorf("ValidEmail(%q) = true", s)
		}
	}
}
