package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/config"
)

// An organisation with its own theme gets it on every page of its own (the
// stylesheet after the example theme, its class on the body, its logo); any
// other organisation keeps the example theme.
func TestOwnTheme(t *testing.T) {
	dir := t.TempDir()
	logo := filepath.Join(dir, "logo.png")
	if err := os.WriteFile(logo, []byte("\x89PNG\r\n\x1a\nlogo"), 0o600); err != nil {
		t.Fatal(err)
	}
	tokens := filepath.Join(dir, "theme.css")
	if err := os.WriteFile(tokens, []byte(".gemeente-x-theme { --basis-color-accent-1-color-default: #123456; }"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, "", func(c *config.Config) {
		c.Theme = map[string]config.Theme{"gem": {CSSFile: tokens, CSSClass: "gemeente-x-theme", ActionColor: "#00507a", LogoFile: logo}}
	})
	e.org("gem")
	e.org("elders")
	page := e.do(request{path: "/gem/login"})
	for _, want := range []string{`href="/gem/theme.css?v=`, `class="voorbeeld-theme utrecht-body org-theme gemeente-x-theme"`, `<img class="brand-logo" src="/gem/logo?v=`, `alt="Gemeente gem"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("login page lacks %q", want)
		}
	}
	css := e.do(request{path: "/gem/theme.css"})
	if css.StatusCode != http.StatusOK || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") ||
		!strings.Contains(css.body, "--basis-color-accent-1-color-default: #123456") || !strings.Contains(css.body, "--utrecht-button-primary-action-background-color: #00507a") {
		t.Fatalf("theme.css: %d %s\n%s", css.StatusCode, css.Header.Get("Content-Type"), css.body)
	}
	if res := e.do(request{path: "/gem/logo"}); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("logo: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	other := e.do(request{path: "/elders/login"})
	if strings.Contains(other.body, "/elders/theme.css") || strings.Contains(other.body, "org-theme") || strings.Contains(other.body, "brand-logo") {
		t.Error("another organisation got the theme")
	}
	if res := e.do(request{path: "/elders/theme.css"}); res.StatusCode != http.StatusNotFound {
		t.Errorf("theme.css of an organisation without a theme: %d", res.StatusCode)
	}
}

// A value that could break out of the stylesheet is refused at start.
func TestDefect_ThemeValueBreaksOutOfCSS(t *testing.T) {
	for _, th := range []config.Theme{
		{ActionColor: "red; } body { display: none"},
		{LinkColor: "#00507a;}"},
		{FontFamily: "Arial; } * { color: red"},
		{CSSFile: "/nonexistent.css", CSSClass: "x"},
		{LogoFile: "/etc/passwd"},
	} {
		c := config.Default()
		c.Theme = map[string]config.Theme{"gem": th}
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "theme.gem") {
			t.Errorf("%+v: Validate = %v, want a theme.gem error", th, err)
		}
	}
}
