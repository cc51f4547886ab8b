package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestOwnThemeContrast serves the organisation with a second theme (its own
// colours, font and logo, not the example theme's) and checks in Chromium
// that the pages use it and that axe-core finds no contrast (or other
// WCAG 2.1 A/AA) violation with it.
func TestOwnThemeContrast(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	startBrowser(t)
	dir := t.TempDir()
	logo := filepath.Join(dir, "logo.svg")
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32" viewBox="0 0 64 32"><rect width="64" height="32" fill="#ffffff"/><circle cx="16" cy="16" r="12" fill="#003a5c"/></svg>`
	if err := os.WriteFile(logo, []byte(svg), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DataDir, cfg.Addr = t.TempDir(), "127.0.0.1:0"
	cfg.Theme = map[string]config.Theme{orgSlug: {ActionColor: "#00507a", LinkColor: "#00507a", HeaderBackground: "#003a5c",
		HeaderColor: "#ffffff", FontFamily: "Arial, Helvetica, sans-serif", LogoFile: logo}}
	a := startApp(t, cfg, nil)
	org := &domain.Organisation{Slug: orgSlug, Name: orgName}
	if err := a.Store.CreateOrganisation(context.Background(), store.CLI, org); err != nil {
		t.Fatal(err)
	}
	srv := &server{app: a, base: "http://" + a.Addr(), org: org}
	srv.newUser(t, "els", domain.RoleEmployee)
	p := newPage(t, srv)

	p.expect(p.open("login"), 200, "login", "Inloggen")
	for expr, want := range map[string]string{
		`getComputedStyle(document.querySelector('.utrecht-page-header')).backgroundColor`:            "rgb(0, 58, 92)",
		`getComputedStyle(document.querySelector('.utrecht-button--primary-action')).backgroundColor`: "rgb(0, 80, 122)",
		`getComputedStyle(document.body).fontFamily`:                                                  "Arial, Helvetica, sans-serif",
		`String(document.querySelector('img.brand-logo').naturalWidth)`:                               "64",
		`document.querySelector('img.brand-logo').alt`:                                                orgName,
	} {
		if got := eval[string](p, expr); got != want {
			t.Errorf("%s = %q, want %q (the own theme)", expr, got, want)
		}
	}
	p.checkAccessibility("login page, own theme", string(src))
	p.expect(p.login("els"), 200, "dashboard", "")
	p.checkAccessibility("dashboard, own theme", string(src))
}
