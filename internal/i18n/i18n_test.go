package i18n

import "testing"

func TestCataloguesLoadAndAgree(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range c.Keys() {
		for _, lang := range Languages {
			if c.msgs[lang][key] == "" {
				t.Errorf("%s: %q is empty", lang, key)
			}
		}
	}
	if got := c.T("nl", "err.throttled", 3); got == "" || got == "[err.throttled]" {
		t.Errorf("T = %q", got)
	}
	if got := c.T("de", "app.name"); got != c.T("nl", "app.name") {
		t.Errorf("unknown language does not fall back to Dutch: %q", got)
	}
	if got := c.T("en", "no.such.key"); got != "[no.such.key]" {
		t.Errorf("unknown key = %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct{ choice, accept, want string }{
		{"", "", "nl"},
		{"en", "nl-NL", "en"},
		{"fr", "en-GB,en;q=0.9", "en"},
		{"", "de-DE,de;q=0.9,en;q=0.8", "en"},
		{"", "fr", "nl"},
		{"NL", "en", "nl"},
	}
	for _, tc := range tests {
		if got := Negotiate(tc.choice, tc.accept); got != tc.want {
			t.Errorf("Negotiate(%q, %q) = %q, want %q", tc.choice, tc.accept, got, tc.want)
		}
	}
}
