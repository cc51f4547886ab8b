package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
)

// TestSecurityHeadersAndNoOtherHost checks every kind of response carries
// the security headers, and that no page refers to another host.
func TestSecurityHeadersAndNoOtherHost(t *testing.T) {
	e := newEnv(t, "", func(c *config.Config) { c.TrustedProxies = []string{"127.0.0.1"} })
	org := e.org("helmond")
	admin := e.user(org, "beheer", domain.RoleAdmin, domain.RoleAuditor)
	cookie := e.session(admin, domain.StateFull)
	pages := []string{"/", "/helmond/", "/helmond/login", "/helmond/dashboard", "/helmond/account",
		"/helmond/admin/users", "/helmond/admin/users/new", fmt.Sprintf("/helmond/admin/users/%d", admin.ID),
		"/helmond/audit", "/helmond/enrol", "/nowhere/", "/helmond/no-such-page"}
	attr := regexp.MustCompile(`(?:src|href|action)="([^"]*)"`)
	for _, p := range pages {
		res := e.do(request{path: p, cookie: cookie})
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "script-src 'self'", "style-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows unsafe code: %q", p, csp)
		}
		if h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", p, h)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", p)
		}
		if strings.Contains(res.body, "style=") || strings.Contains(res.body, "<script") {
			t.Errorf("%s: inline style or script", p)
		}
		for _, m := range attr.FindAllStringSubmatch(res.body, -1) {
			if u := m[1]; !strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "#") || strings.HasPrefix(u, "//") {
				t.Errorf("%s refers to %q", p, u)
			}
		}
	}
	// Behind a trusted proxy that terminates TLS: HSTS and Secure cookies.
	res := e.do(request{method: "POST", path: "/helmond/login", header: map[string]string{"X-Forwarded-Proto": "https"},
		form: url.Values{"username": {"beheer"}, "password": {testPassword}}})
	if res.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS behind a TLS proxy")
	}
	for _, c := range res.Cookies() {
		if c.Name == "integer_session" && (!c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode) {
			t.Errorf("session cookie %+v is not Secure, HttpOnly and SameSite=Strict", c)
		}
	}
}

func TestErrorPagesInTheLook(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	emp := e.user(org, "emp", domain.RoleEmployee)
	tests := []struct {
		path   string
		cookie string
		status int
		text   string
	}{
		{"/nowhere/", "", 404, "Deze organisatie bestaat niet."},
		{"/helmond/nothing", "", 404, "Deze pagina bestaat niet."},
		{"/helmond/admin/users", e.session(emp, domain.StateFull), 403, "U heeft geen toegang"},
	}
	for _, tc := range tests {
		res := e.do(request{path: tc.path, cookie: tc.cookie})
		if res.StatusCode != tc.status || !strings.Contains(res.body, tc.text) || !strings.Contains(res.body, "utrecht-page-layout") {
			t.Errorf("%s: %d, want %d with %q in the page layout", tc.path, res.StatusCode, tc.status, tc.text)
		}
		if strings.Contains(res.body, "goroutine") || strings.Contains(res.body, ".go:") {
			t.Errorf("%s: the page shows a stack trace", tc.path)
		}
	}
}

func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t, "")
	e.org("helmond")
	res := e.do(request{method: "POST", path: "/lang", form: url.Values{"lang": {"en"}, "next": {"/helmond/login"}}})
	if res.StatusCode != http.StatusSeeOther || res.location() != "/helmond/login" {
		t.Fatalf("switch: %d to %q", res.StatusCode, res.location())
	}
	var lang string
	for _, c := range res.Cookies() {
		if c.Name == "integer_lang" {
			lang = c.Value
		}
	}
	page := e.do(request{path: "/helmond/login", header: map[string]string{"Cookie": "integer_lang=" + lang}})
	if !strings.Contains(page.body, `<html lang="en"`) || !strings.Contains(page.body, "Log in with your username") {
		t.Fatalf("page not in English after the switch")
	}
	if page := e.do(request{path: "/helmond/login", header: map[string]string{"Accept-Language": "en-GB"}}); !strings.Contains(page.body, `<html lang="nl"`) {
		t.Error("Dutch is not the default for an English browser")
	}
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
		res := e.do(request{method: "POST", path: "/lang", form: url.Values{"lang": {"nl"}, "next": {next}}})
		if res.location() != "/" {
			t.Errorf("next=%q redirected to %q", next, res.location())
		}
	}
}

func TestHealthz(t *testing.T) {
	e := newEnv(t, "")
	if res := e.do(request{path: "/healthz"}); res.StatusCode != 200 {
		t.Fatalf("healthz: %d", res.StatusCode)
	}
	e.store.Close()
	if res := e.do(request{path: "/healthz"}); res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("healthz without database: %d", res.StatusCode)
	}
}

func TestAdminManagesUsersButNotAcrossOrganisations(t *testing.T) {
	e := newEnv(t, "")
	org, other := e.org("helmond"), e.org("huizen")
	admin := e.user(org, "beheer", domain.RoleAdmin)
	stranger := e.user(other, "stranger", domain.RoleHR)
	cookie := e.session(admin, domain.StateFull)

	// Bad input: a Dutch message at the field, what was typed kept, nothing stored.
	res := e.do(request{method: "POST", path: "/helmond/admin/users", cookie: cookie,
		form: url.Values{"username": {"Jan Jansen"}, "display_name": {"Jan Jansen"}, "roles": {"hr"}}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Gebruik 2 tot 63 kleine letters") ||
		!strings.Contains(res.body, `value="Jan Jansen"`) {
		t.Fatalf("bad username: %d\n%s", res.StatusCode, res.body)
	}
	res = e.do(request{method: "POST", path: "/helmond/admin/users", cookie: cookie,
		form: url.Values{"username": {"jan"}}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Kies minstens één rol.") {
		t.Fatalf("no roles: %d", res.StatusCode)
	}
	if users, _ := e.store.Users(context.Background(), org.ID); len(users) != 1 {
		t.Fatalf("rejected forms stored users: %d", len(users))
	}
	res = e.do(request{method: "POST", path: "/helmond/admin/users", cookie: cookie,
		form: url.Values{"username": {"jan"}, "display_name": {"Jan Jansen"}, "roles": {"hr", "clerk"}}})
	if res.StatusCode != http.StatusCreated || !strings.Contains(res.body, `<code class="secret">`) {
		t.Fatalf("create: %d", res.StatusCode)
	}
	jan, err := e.store.UserByUsername(context.Background(), org.ID, "jan")
	if err != nil || !jan.HasRole(domain.RoleHR) || !jan.HasRole(domain.RoleClerk) {
		t.Fatalf("created user %+v, %v", jan, err)
	}
	// An admin cannot change their own roles (no admin turns coordinator).
	res = e.do(request{method: "POST", path: fmt.Sprintf("/helmond/admin/users/%d/roles", admin.ID), cookie: cookie,
		form: url.Values{"roles": {"coordinator"}}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("own roles: %d", res.StatusCode)
	}
	// Accounts of another organisation do not exist here.
	for _, p := range []string{"", "/roles", "/password", "/reset-2fa", "/disable"} {
		method := "POST"
		if p == "" {
			method = "GET"
		}
		res := e.do(request{method: method, path: fmt.Sprintf("/helmond/admin/users/%d%s", stranger.ID, p), cookie: cookie, form: url.Values{"roles": {"admin"}}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s on another organisation's user: %d", p, res.StatusCode)
		}
	}
	if got, _ := e.store.UserByID(context.Background(), other.ID, stranger.ID); got.Disabled || got.HasRole(domain.RoleAdmin) {
		t.Error("another organisation's user was changed")
	}
	// Disabling ends the user's sessions.
	janCookie := e.session(jan, domain.StateFull)
	e.do(request{method: "POST", path: fmt.Sprintf("/helmond/admin/users/%d/disable", jan.ID), cookie: cookie})
	if res := e.do(request{path: "/helmond/dashboard", cookie: janCookie}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled user still logged in: %d", res.StatusCode)
	}
	assertAudited(t, e, org.ID, "user.create", "user.disable")
}

func TestAuditPage(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	auditor := e.user(org, "acc", domain.RoleAuditor)
	e.user(org, "coord", domain.RoleCoordinator)
	cookie := e.session(auditor, domain.StateFull)
	res := e.do(request{path: "/helmond/audit?action=user.create", cookie: cookie})
	if res.StatusCode != 200 || strings.Count(res.body, "<code>user.create</code>") != 2 || strings.Contains(res.body, "organisation.create") {
		t.Fatalf("filtered audit page: %d\n%s", res.StatusCode, res.body)
	}
	res = e.do(request{path: "/helmond/audit?from=yesterday", cookie: cookie})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Vul een datum in als jjjj-mm-dd.") {
		t.Fatalf("bad date: %d", res.StatusCode)
	}
	res = e.do(request{method: "POST", path: "/helmond/audit/verify", cookie: cookie})
	if !strings.Contains(res.body, "De keten is intact") {
		t.Fatalf("verify: %d", res.StatusCode)
	}
	assertAudited(t, e, org.ID, "audit.read", "audit.verify")
}

// TestTwoServersShareSessions runs two servers on one PostgreSQL database: a
// login on one is valid on the other, and a logout on either ends it on both.
func TestTwoServersShareSessions(t *testing.T) {
	dsn := dbtest.PostgresURL(t)
	a := newEnv(t, dsn)
	b := newEnv(t, dsn)
	org := a.org("helmond")
	a.user(org, "emp", domain.RoleEmployee)
	cookie := a.login("helmond", "emp", testPassword).sessionCookie()
	if cookie == "" {
		t.Fatal("no session from server a")
	}
	if res := b.do(request{path: "/helmond/dashboard", cookie: cookie}); res.StatusCode != 200 {
		t.Fatalf("server b does not know a's session: %d", res.StatusCode)
	}
	b.do(request{method: "POST", path: "/helmond/logout", cookie: cookie})
	if res := a.do(request{path: "/helmond/dashboard", cookie: cookie}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("server a still accepts the session b ended: %d", res.StatusCode)
	}
	// The failed logins of an account are shared too: failures on a slow
	// the account's logins down on b (they never lock its owner out).
	for i := 0; i < 5; i++ {
		a.login("helmond", "emp", "wrong")
	}
	b.slept.take()
	if res := b.login("helmond", "emp", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("server b after a's failures: %d", res.StatusCode)
	}
	if slept := b.slept.take(); len(slept) != 1 || slept[0] < time.Second {
		t.Fatalf("server b ignores a's failures: waited %v", slept)
	}
}

func TestNoClientAddressInLogs(t *testing.T) {
	e := newEnv(t, "", func(c *config.Config) { c.TrustedProxies = []string{"127.0.0.0/8"} })
	org := e.org("helmond")
	e.user(org, "emp", domain.RoleEmployee)
	fwd := map[string]string{"X-Forwarded-For": "203.0.113.77"}
	e.do(request{method: "POST", path: "/helmond/login", header: fwd, form: url.Values{"username": {"emp"}, "password": {"wrong"}}})
	checkNoAddressStored(t, e, org.ID)
	e.do(request{method: "POST", path: "/helmond/login", header: fwd, form: url.Values{"username": {"emp"}, "password": {testPassword}}})
	logMu.Lock()
	logs := e.logs.String()
	logMu.Unlock()
	for _, leak := range []string{"203.0.113.77", "127.0.0.1", testPassword} {
		if strings.Contains(logs, leak) {
			t.Errorf("the log contains %q", leak)
		}
	}
	if !strings.Contains(logs, `"request_id"`) {
		t.Error("log lines carry no request ID")
	}
}

// checkNoAddressStored checks that the failed-login counts name accounts,
// not addresses, and that no key for address HMACs is stored: limits on
// addresses are kept in memory only.
func checkNoAddressStored(t *testing.T, e *env, orgID int64) {
	t.Helper()
	var found int
	rows, err := e.store.DB().Query(`SELECT account FROM login_failures`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		rows.Scan(&k)
		found++
		if strings.Contains(k, "203.0.113") || k != strconv.FormatInt(orgID, 10)+":emp" {
			t.Errorf("failed-login count under %q, want the account 1:emp", k)
		}
	}
	if found == 0 {
		t.Error("no failed login was counted")
	}
	var secrets int
	e.store.DB().QueryRow(`SELECT COUNT(*) FROM server_secrets WHERE name = 'client-throttle'`).Scan(&secrets)
	if secrets != 0 {
		t.Error("a key for address HMACs is stored")
	}
}
