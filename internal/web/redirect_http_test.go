package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
)

// redirectBypasses are next values that must never send a browser to
// another host (or split the Location header), through the real router.
var redirectBypasses = []string{
	"/\t/evil.example", "/%09/evil.example", "\t//evil.example", "//evil.example", "/\\evil.example",
	"/%5Cevil.example", "/%2F%2Fevil.example", "/ /evil.example", "https://evil.example",
	"javascript:alert(1)", "/a\r\nSet-Cookie: x=1", "/a%0d%0aSet-Cookie:x=1", "/\u3000/evil.example",
}

// TestDefect_OpenRedirectTabBypassHTTP: the language switch (on every page,
// also a 404 an anonymous reporter reaches) and the login send a bypass to
// their fallback, and a local path to itself.
func TestDefect_OpenRedirectTabBypassHTTP(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	e.user(org, "emp", domain.RoleEmployee)
	check := func(what string, res response, want string) {
		t.Helper()
		loc := res.location()
		if res.StatusCode != http.StatusSeeOther || loc != want || len(res.Header.Values("Set-Cookie")) > 2 {
			t.Errorf("%s: %d to %q (cookies %q), want 303 to %q", what, res.StatusCode, loc, res.Header.Values("Set-Cookie"), want)
		}
		if strings.ContainsAny(loc, "\t\r\n\\") || strings.Contains(loc, "evil") {
			t.Errorf("%s: Location %q leads away", what, loc)
		}
	}
	for _, next := range redirectBypasses {
		res := e.do(request{method: "POST", path: "/lang", form: url.Values{"lang": {"en"}, "next": {next}}})
		check("lang next="+next, res, "/")
		res = e.do(request{method: "POST", path: "/helmond/login", form: url.Values{"username": {"emp"}, "password": {testPassword}, "next": {next}}})
		check("login next="+next, res, "/helmond/dashboard")
		page := e.do(request{path: "/helmond/login?next=" + url.QueryEscape(next)})
		if strings.Contains(page.body, "evil.example") {
			t.Errorf("the login page carries next=%q on", next)
		}
	}
	res := e.do(request{method: "POST", path: "/lang", form: url.Values{"lang": {"en"}, "next": {"/helmond/mailbox"}}})
	check("lang to a local page", res, "/helmond/mailbox")
	res = e.do(request{method: "POST", path: "/helmond/login", form: url.Values{"username": {"emp"}, "password": {testPassword}, "next": {"/helmond/my"}}})
	check("login to a local page", res, "/helmond/my")
}
