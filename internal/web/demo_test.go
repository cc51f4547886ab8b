package web_test

import (
	"testing"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
)

// TestDefect_DemoTwoFactorShortcutOnlyForTheDemoOrganisation: on a demo
// server, a coordinator of any organisation but the demo's own must still
// enrol for two-factor authentication after the password.
func TestDefect_DemoTwoFactorShortcutOnlyForTheDemoOrganisation(t *testing.T) {
	e := newEnv(t, "", func(c *config.Config) { c.Demo = true })
	e.user(e.org(domain.DemoSlug), "coord", domain.RoleCoordinator)
	e.user(e.org("helmond"), "coord", domain.RoleCoordinator)
	if res := e.login(domain.DemoSlug, "coord", testPassword); res.location() != "/demo/dashboard" {
		t.Errorf("demo coordinator went to %q, want the dashboard", res.location())
	}
	res := e.login("helmond", "coord", testPassword)
	if res.location() != "/helmond/enrol" {
		t.Fatalf("a real organisation's coordinator on a demo server went to %q, want the enrolment", res.location())
	}
	if page := e.do(request{path: "/helmond/dashboard", cookie: res.sessionCookie()}); page.location() != "/helmond/enrol" {
		t.Errorf("with a password only, the dashboard answered %d to %q", page.StatusCode, page.location())
	}
}
