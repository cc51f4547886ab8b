package i18n

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestCataloguesLoadAndAgree(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range c.Keys() {
		for _, lang := range Languages {
			if c.msgs[lang][key].other == "" {
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

// TestDefect_PluralsWrittenWithBrackets: issue 12 point 12. No text says
// "vermoeden(s)", "contact(en)" or "bijlage(n)": a message about a number
// has a form for one and a form for other numbers.
func TestDefect_PluralsWrittenWithBrackets(t *testing.T) {
	c := MustLoad()
	bracket := regexp.MustCompile(`\p{L}\((s|en|n|es|e)\)`)
	for _, lang := range Languages {
		for _, key := range c.Keys() {
			for _, text := range c.Forms(lang, key) {
				if m := bracket.FindString(text); m != "" {
					t.Errorf("%s %s: %q writes the plural as %q", lang, key, text, m)
				}
			}
		}
	}
}

// TestPluralForms: a plural message takes the form for one for the count 1
// (the first integer argument, wherever it stands) and the other form for
// every other count, in both languages.
func TestPluralForms(t *testing.T) {
	c := MustLoad()
	tests := []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"nl", "case.close_open", []any{1}, "Nog 1 vermoeden zonder uitkomst"},
		{"nl", "case.close_open", []any{2}, "Nog 2 vermoedens zonder uitkomst"},
		{"nl", "case.close_open", []any{0}, "Nog 0 vermoedens zonder uitkomst"},
		{"en", "case.close_open", []any{1}, "1 allegation still without an outcome"},
		{"en", "case.close_open", []any{3}, "3 allegations still without an outcome"},
		{"nl", "case.event_files", []any{int64(1)}, "1 bijlage"},
		{"nl", "case.event_files", []any{int64(4)}, "4 bijlagen"},
		{"en", "custodian.nothing_current", []any{"Ann", 1}, "the 1 report of their channels"},
		{"en", "custodian.nothing_current", []any{"Ann", 5}, "all 5 reports of their channels"},
		{"nl", "custodian.nothing_current", []any{"An", 1}, "die kan de 1 melding van"},
	}
	for _, tc := range tests {
		if got := c.T(tc.lang, tc.key, tc.args...); !strings.Contains(got, tc.want) {
			t.Errorf("T(%s, %s, %v) = %q, want it to contain %q", tc.lang, tc.key, tc.args, got, tc.want)
		}
	}
}

func TestParseMessage(t *testing.T) {
	tests := []struct {
		name    string
		in      any
		want    message
		wantErr bool
	}{
		{"text", "Hallo", message{other: "Hallo"}, false},
		{"plural", map[string]any{"one": "%d melding", "other": "%d meldingen"}, message{one: "%d melding", other: "%d meldingen", plural: true}, false},
		{"one missing", map[string]any{"other": "%d meldingen"}, message{}, true},
		{"empty form", map[string]any{"one": "", "other": "%d meldingen"}, message{}, true},
		{"unknown form", map[string]any{"one": "a", "other": "b", "few": "c"}, message{}, true},
		{"number", int64(3), message{}, true},
	}
	for _, tc := range tests {
		got, err := parseMessage(tc.in)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("%s: parseMessage = %+v, %v; want %+v, error %v", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
}

type amount int64

func (a amount) In(lang string) string { return lang + ":" + strconv.FormatInt(int64(a), 10) }

// TestLocalizedArguments: an argument that knows its language (an amount)
// is written for the reader, and is never taken for the count.
func TestLocalizedArguments(t *testing.T) {
	c := MustLoad()
	c.msgs["en"]["test.plural"] = message{one: "%s for %d gift", other: "%s for %d gifts", plural: true}
	if got, want := c.T("en", "test.plural", amount(1), 1), "en:1 for 1 gift"; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
	if got, want := c.T("en", "test.plural", amount(1), 2), "en:1 for 2 gifts"; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
}

// TestDefect_MailboxHasTwoNames: issue 12 point 6. The reporter's mailbox
// was "berichtenbox" on staff pages and "postbus" on public ones: it is the
// postbus (mailbox) in every text.
func TestDefect_MailboxHasTwoNames(t *testing.T) {
	c := MustLoad()
	other := map[string]*regexp.Regexp{Dutch: regexp.MustCompile(`(?i)berichtenbox`), English: regexp.MustCompile(`(?i)\binbox|message ?box|post ?box`)}
	for _, lang := range Languages {
		for _, key := range c.Keys() {
			for _, text := range c.Forms(lang, key) {
				if m := other[lang].FindString(text); m != "" {
					t.Errorf("%s %s names the mailbox %q: %q", lang, key, m, text)
				}
			}
		}
	}
}
