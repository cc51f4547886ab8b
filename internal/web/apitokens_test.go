package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

var newTokenRe = regexp.MustCompile(`<code id="new-token">(itk_[A-Za-z0-9_-]+)</code>`)

// makeToken has the administrator make a token on the page and returns it
// as the page showed it, once.
func makeToken(t *testing.T, e *env, admin string, name string, scopes ...domain.TokenScope) string {
	t.Helper()
	form := url.Values{"name": {name}, "days": {"30"}, "scopes": domain.Strings(scopes)}
	res := e.do(request{method: "POST", path: "/gem/admin/tokens", cookie: admin, form: form})
	m := newTokenRe.FindStringSubmatch(res.body)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("make token: %d\n%s", res.StatusCode, res.body)
	}
	if again := e.do(request{path: "/gem/admin/tokens", cookie: admin}); strings.Contains(again.body, m[1]) {
		t.Fatal("the token is shown a second time")
	}
	return m[1]
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

func TestAPITokensScopeRevocationAudit(t *testing.T) {
	e := newEnv(t, "")
	org, other := e.org("gem"), e.org("elders")
	admin := e.session(e.user(org, "beheer", domain.RoleAdmin), domain.StateFull)
	stats := makeToken(t, e, admin, "Dashboard", domain.ScopeStatisticsRead)
	people := makeToken(t, e, admin, "AFAS", domain.ScopePeopleImport)

	// Bad input changes nothing.
	res := e.do(request{method: "POST", path: "/gem/admin/tokens", cookie: admin, form: url.Values{"name": {"x"}, "days": {"999"}}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Kies wat het token mag.") || !strings.Contains(res.body, "1 tot 366 dagen") {
		t.Fatalf("bad token form: %d\n%s", res.StatusCode, res.body)
	}
	if list, _ := e.store.APITokens(context.Background(), org.ID); len(list) != 2 {
		t.Fatalf("%d tokens stored, want 2", len(list))
	}

	for _, tc := range []struct {
		name, method, path, token, body string
		want                            int
	}{
		{"statistics with its scope", "GET", "/api/v1/gem/statistics", stats, "", http.StatusOK},
		{"no token", "GET", "/api/v1/gem/statistics", "", "", http.StatusUnauthorized},
		{"a made-up token", "GET", "/api/v1/gem/statistics", "itk_" + strings.Repeat("A", 43), "", http.StatusUnauthorized},
		{"another organisation", "GET", "/api/v1/elders/statistics", stats, "", http.StatusUnauthorized},
		{"without the scope", "GET", "/api/v1/gem/statistics", people, "", http.StatusForbidden},
		{"import without the scope", "POST", "/api/v1/gem/people/import", stats, "ref,employment\nP1,permanent\n", http.StatusForbidden},
		{"import with its scope", "POST", "/api/v1/gem/people/import", people, "ref,name,employment\nP1,Jan Jansen,permanent\n", http.StatusOK},
		{"import with a bad row", "POST", "/api/v1/gem/people/import", people, "ref,employment\nP2,eeuwig\n", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rq := request{method: tc.method, path: tc.path, header: map[string]string{"Content-Type": "text/csv"}}
			if tc.token != "" {
				rq.header["Authorization"] = "Bearer " + tc.token
			}
			var res response
			if tc.body != "" {
				res = e.doBody(rq, tc.body)
			} else {
				res = e.do(rq)
			}
			if res.StatusCode != tc.want || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("%d %s, want %d JSON\n%s", res.StatusCode, res.Header.Get("Content-Type"), tc.want, res.body)
			}
			if tc.want == http.StatusUnauthorized && !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("401 without a Bearer challenge: %q", res.Header.Get("WWW-Authenticate"))
			}
		})
	}
	if _, err := e.store.UserByUsername(context.Background(), other.ID, "x"); !domain.IsNotFound(err) {
		t.Fatal(err)
	}
	ppl, err := e.store.People(context.Background(), org.ID, store.PeopleFilter{})
	if err != nil || len(ppl) != 1 {
		t.Fatalf("people after the imports: %d, %v; want the one good row", len(ppl), err)
	}
	entries, err := e.store.AuditEntries(context.Background(), domain.AuditFilter{OrgID: org.ID, Action: "api_token.used"})
	if err != nil || len(entries) != 3 {
		t.Fatalf("%d uses audited, want 3 (the admitted requests)", len(entries))
	}

	// Revoked: refused at once.
	list, _ := e.store.APITokens(context.Background(), org.ID)
	for _, tok := range list {
		if tok.Name == "Dashboard" {
			res := e.do(request{method: "POST", path: "/gem/admin/tokens/" + strconv.FormatInt(tok.ID, 10) + "/revoke", cookie: admin, form: url.Values{}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("revoke: %d", res.StatusCode)
			}
		}
	}
	if res := e.do(request{path: "/api/v1/gem/statistics", header: bearer(stats)}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d, want 401", res.StatusCode)
	}
}

// doBody is do with a raw request body (do sends a form).
func (e *env) doBody(rq request, body string) response {
	e.t.Helper()
	req, err := http.NewRequest(rq.method, e.ts.URL+rq.path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range rq.header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return response{Response: res, body: string(b)}
}
