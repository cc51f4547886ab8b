package e2e

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
)

// TestLoginTwoFactorLanguageLogout is the journey of a coordinator on their
// first day: log in with a password, set up two-step verification, keep the
// recovery codes, reach the dashboard, switch to English, log out; then log
// in again with a TOTP code, and with recovery codes, each usable once.
func TestLoginTwoFactorLanguageLogout(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.newUser(t, "sanne", domain.RoleCoordinator)
	p := newPage(t, srv)

	// The password is right, but a coordinator must use 2FA and has none yet.
	p.expect(p.open("login"), 200, "login", "Inloggen")
	p.expect(p.login("sanne"), 200, "enrol", "Tweestapsverificatie instellen")
	if n := eval[int](p, `document.querySelectorAll('.qr svg title').length`); n != 1 {
		t.Errorf("enrolment page: %d QR codes with a title, want 1", n)
	}
	secret := p.text("code.secret")
	code, err := auth.TOTPCode(secret, time.Now())
	if err != nil {
		t.Fatalf("secret %q from the page: %v", secret, err)
	}
	p.fill("code", code)
	p.expect(p.submit(), 200, "enrol", "Uw herstelcodes")

	codes := eval[[]string](p, `[...document.querySelectorAll('ul.recovery-codes code')].map(c => c.textContent.trim())`)
	if len(codes) != 10 || slices.Contains(codes, "") || len(slices.Compact(slices.Sorted(slices.Values(codes)))) != 10 {
		t.Fatalf("recovery codes page shows %q, want 10 different codes", codes)
	}

	p.expect(p.click("main a.utrecht-button-link"), 200, "dashboard", "Overzicht")
	if lang := eval[string](p, `document.documentElement.lang`); lang != "nl" {
		t.Errorf(`dashboard: <html lang=%q>, want "nl"`, lang)
	}
	p.screenshot("dashboard")

	// The language switch posts to /lang and comes back to the same page.
	if b := p.text(`form[action="/lang"] button`); b != "English" {
		t.Errorf("language button %q, want English", b)
	}
	p.expect(p.click(`form[action="/lang"] button`), 200, "dashboard", "Overview")
	if lang := eval[string](p, `document.documentElement.lang`); lang != "en" {
		t.Errorf(`after switching: <html lang=%q>, want "en"`, lang)
	}
	if b := p.text(`form[action="/lang"] button`); b != "Nederlands" {
		t.Errorf("language button after switching %q, want Nederlands", b)
	}

	logout := func() {
		t.Helper()
		p.expect(p.click(`form[action="`+srv.path("logout")+`"] button`), 200, "login", "Log in")
	}
	logout()
	resp := p.open("dashboard")
	p.expect(resp, 200, "login", "Log in")
	if u, _ := url.Parse(resp.URL); u.Query().Get("next") != srv.path("dashboard") {
		t.Errorf("dashboard after logout went to %s, want the login page with next=%s", resp.URL, srv.path("dashboard"))
	}

	// Log in again with the TOTP code of the next time step: the step used
	// to enrol is spent.
	resp, code = p.loginWithTOTP("sanne", secret)
	p.expect(resp, 200, "dashboard", "Overview")

	// The same code again is a replay and fails; a recovery code then works.
	logout()
	p.open("login")
	p.expect(p.login("sanne"), 200, "login/code", "Two-step verification")
	p.fill("code", code)
	p.expect(p.submit(), 401, "login/code", "Two-step verification")
	if msg := p.text("#f-code-err"); !strings.Contains(msg, "not right") && !strings.Contains(msg, "used already") {
		t.Errorf("replayed TOTP code: field error %q, want the wrong-code message", msg)
	}
	p.fill("code", codes[0])
	p.expect(p.submit(), 200, "dashboard", "Overview")

	// A used recovery code fails with a message; another one still works.
	logout()
	p.open("login")
	p.expect(p.login("sanne"), 200, "login/code", "Two-step verification")
	p.fill("code", codes[0])
	p.expect(p.submit(), 401, "login/code", "Two-step verification")
	if a := p.alert(); !strings.Contains(a, "This code is not right") {
		t.Errorf("reused recovery code: alert %q, want the wrong-code message", a)
	}
	p.fill("code", codes[1])
	p.expect(p.submit(), 200, "dashboard", "Overview")

	p.expect(p.open("account"), 200, "account", "")
	if main := p.text("main"); !strings.Contains(main, "8 unused recovery codes") {
		t.Errorf("account page after using 2 recovery codes: %q, want 8 left", main)
	}
}
