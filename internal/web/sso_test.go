package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
)

// The single sign-on tests run against mockoidc, an OpenID Connect provider
// in the test process that speaks the protocol over HTTP: discovery,
// authorize, token (checking the PKCE verifier and refusing a used code)
// and JWKS, with ID tokens signed by its own RSA key.

// ssoEnv is a server whose organisation "gem" signs on at a mock provider.
type ssoEnv struct {
	*env
	idp *mockoidc.MockOIDC
	org *domain.Organisation
}

func newSSOEnv(t *testing.T, edit func(*config.SSO)) *ssoEnv {
	t.Helper()
	return newSSOEnvWith(t, edit, nil)
}

// newSSOEnvWith is newSSOEnv with a middleware in front of every endpoint
// of the provider (to change what it answers).
func newSSOEnvWith(t *testing.T, edit func(*config.SSO), mw func(http.Handler) http.Handler) *ssoEnv {
	t.Helper()
	idp, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	if mw != nil {
		if err := idp.AddMiddleware(mw); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := idp.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown() })
	e := newEnv(t, "", func(c *config.Config) {
		c.BaseURL = selfURL
		sso := config.SSO{Issuer: idp.Issuer(), ClientID: idp.ClientID, ClientSecret: idp.ClientSecret, Label: "Mock ID"}
		if edit != nil {
			edit(&sso)
		}
		c.SSO = map[string]config.SSO{"gem": sso}
	})
	return &ssoEnv{env: e, idp: idp, org: e.org("gem")}
}

// begin starts a sign-on in a fresh browser and lets the provider answer
// for user: it returns the callback URL the provider sent the browser to
// and the state cookie the browser holds.
func (e *ssoEnv) begin(user mockoidc.User) (callback string, cookie *http.Cookie) {
	e.t.Helper()
	if user != nil {
		e.idp.QueueUser(user)
	}
	res := e.do(request{path: "/gem/login/sso"})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.location(), e.idp.AuthorizationEndpoint()) {
		e.t.Fatalf("start: %d to %q, want 303 to the provider", res.StatusCode, res.location())
	}
	for _, c := range res.Cookies() {
		if c.Name == "integer_sso" {
			cookie = c
		}
	}
	if cookie == nil || cookie.SameSite != http.SameSiteLaxMode || !cookie.HttpOnly {
		e.t.Fatalf("state cookie %+v, want an HttpOnly SameSite=Lax one", cookie)
	}
	q, _ := url.Parse(res.location())
	for _, p := range []string{"state", "nonce", "code_challenge"} {
		if q.Query().Get(p) == "" {
			e.t.Fatalf("authorize request without %s: %s", p, res.location())
		}
	}
	if q.Query().Get("code_challenge_method") != "S256" {
		e.t.Fatalf("PKCE method %q, want S256", q.Query().Get("code_challenge_method"))
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	idpRes, err := client.Get(res.location())
	if err != nil {
		e.t.Fatal(err)
	}
	idpRes.Body.Close()
	if idpRes.StatusCode != http.StatusFound {
		e.t.Fatalf("provider answered %d", idpRes.StatusCode)
	}
	return idpRes.Header.Get("Location"), cookie
}

// finish brings the provider's answer to Integer with the state cookie.
func (e *ssoEnv) finish(callback string, cookie *http.Cookie) response {
	e.t.Helper()
	u, err := url.Parse(callback)
	if err != nil {
		e.t.Fatal(err)
	}
	rq := request{path: u.RequestURI()}
	if cookie != nil {
		rq.header = map[string]string{"Cookie": cookie.Name + "=" + cookie.Value}
	}
	return e.do(rq)
}

// signOn is a whole sign-on of user in one browser.
func (e *ssoEnv) signOn(user mockoidc.User) response {
	e.t.Helper()
	return e.finish(e.begin(user))
}

// idUser is a provider account whose ID token claims a test can change.
type idUser struct {
	mockoidc.MockUser
	edit  func(*mockoidc.IDTokenClaims)
	extra map[string]any
}

func (u *idUser) Claims(scope []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if u.edit != nil {
		u.edit(base)
	}
	std, err := u.MockUser.Claims(scope, base)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(std)
	if err != nil {
		return nil, err
	}
	all := jwt.MapClaims{}
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	for k, v := range u.extra {
		all[k] = v
	}
	return all, nil
}

func person(sub, email string) *idUser {
	return &idUser{MockUser: mockoidc.MockUser{Subject: sub, Email: email, EmailVerified: true, PreferredUsername: strings.Split(email, "@")[0]}}
}

// wantSSOSession checks a sign-on that worked: a page (not a redirect, see
// ssoCallback) that sends the browser on to next, and a session cookie.
func wantSSOSession(t *testing.T, res response, next string) string {
	t.Helper()
	if res.StatusCode != http.StatusOK || res.Header.Get("Refresh") != "0; url="+next || !strings.Contains(res.body, `href="`+next+`"`) {
		t.Fatalf("sign-on: %d, Refresh %q, want 200 on to %s\n%s", res.StatusCode, res.Header.Get("Refresh"), next, res.body)
	}
	token := res.sessionCookie()
	if token == "" {
		t.Fatal("sign-on set no session cookie")
	}
	return token
}

// wantSSORefused checks a sign-on that was refused: the login page with the
// message, 401, and no session.
func wantSSORefused(t *testing.T, res response, message string) {
	t.Helper()
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.body, message) {
		t.Fatalf("got %d, want 401 with %q\n%s", res.StatusCode, message, res.body)
	}
	if res.sessionCookie() != "" {
		t.Fatal("a refused sign-on set a session cookie")
	}
}

func TestSSOSignOnByEmail(t *testing.T) {
	e := newSSOEnv(t, nil)
	u := e.user(e.org, "jan", domain.RoleEmployee)
	setEmail(t, e.env, u, "Jan@Gemeente.example")
	login := e.do(request{path: "/gem/login"})
	if !strings.Contains(login.body, `href="/gem/login/sso"`) || !strings.Contains(login.body, "Inloggen met Mock ID") {
		t.Fatalf("login page has no sign-on button:\n%s", login.body)
	}
	token := wantSSOSession(t, e.signOn(person("sub-jan", "jan@gemeente.example")), "/gem/dashboard")
	if res := e.do(request{path: "/gem/dashboard", cookie: token}); res.StatusCode != http.StatusOK {
		t.Fatalf("dashboard after sign-on: %d", res.StatusCode)
	}
	// Linked by subject now: a changed address still finds the account.
	wantSSOSession(t, e.signOn(person("sub-jan", "j.jansen@elders.example")), "/gem/dashboard")
	wantAudit(t, e.env, e.org, "user.sso_linked", "user.login")
}

func TestDefect_SSOWrongNonceRefused(t *testing.T) {
	e := newSSOEnv(t, nil)
	e.user(e.org, "jan", domain.RoleEmployee)
	setEmail(t, e.env, mustUser(t, e.env, e.org, "jan"), "jan@gemeente.example")
	p := person("sub-jan", "jan@gemeente.example")
	p.edit = func(c *mockoidc.IDTokenClaims) { c.Nonce = "a-nonce-of-another-login" }
	wantSSORefused(t, e.signOn(p), "kon niet worden gecontroleerd")
}

func TestDefect_SSOWrongAudienceRefused(t *testing.T) {
	e := newSSOEnv(t, nil)
	setEmail(t, e.env, e.user(e.org, "jan", domain.RoleEmployee), "jan@gemeente.example")
	p := person("sub-jan", "jan@gemeente.example")
	p.edit = func(c *mockoidc.IDTokenClaims) { c.Audience = jwt.ClaimStrings{"another-application"} }
	wantSSORefused(t, e.signOn(p), "kon niet worden gecontroleerd")
}

func TestDefect_SSOExpiredTokenRefused(t *testing.T) {
	e := newSSOEnv(t, nil)
	setEmail(t, e.env, e.user(e.org, "jan", domain.RoleEmployee), "jan@gemeente.example")
	p := person("sub-jan", "jan@gemeente.example")
	p.edit = func(c *mockoidc.IDTokenClaims) {
		past := time.Now().Add(-2 * time.Hour)
		c.IssuedAt, c.NotBefore, c.ExpiresAt = jwt.NewNumericDate(past), jwt.NewNumericDate(past), jwt.NewNumericDate(past.Add(time.Hour))
	}
	wantSSORefused(t, e.signOn(p), "kon niet worden gecontroleerd")
}

func TestDefect_SSOReplayedCodeRefused(t *testing.T) {
	e := newSSOEnv(t, nil)
	setEmail(t, e.env, e.user(e.org, "jan", domain.RoleEmployee), "jan@gemeente.example")
	callback, cookie := e.begin(person("sub-jan", "jan@gemeente.example"))
	wantSSOSession(t, e.finish(callback, cookie), "/gem/dashboard")
	// The same answer again, with the same cookie: its state is used up.
	wantSSORefused(t, e.finish(callback, cookie), "al gebruikt")
	// The used code under a fresh login's state: the code is refused.
	fresh, freshCookie := e.begin(person("sub-jan", "jan@gemeente.example"))
	u, _ := url.Parse(callback)
	f, _ := url.Parse(fresh)
	q := f.Query()
	q.Set("code", u.Query().Get("code"))
	f.RawQuery = q.Encode()
	wantSSORefused(t, e.finish(f.String(), freshCookie), "kon niet worden gecontroleerd")
}

func TestDefect_SSOStateOfAnotherBrowserRefused(t *testing.T) {
	e := newSSOEnv(t, nil)
	setEmail(t, e.env, e.user(e.org, "jan", domain.RoleEmployee), "jan@gemeente.example")
	callback, _ := e.begin(person("sub-jan", "jan@gemeente.example"))
	// An attacker's finished login sent to a victim, whose browser holds no
	// state cookie (login CSRF): refused.
	wantSSORefused(t, e.finish(callback, nil), "niet in deze browser begonnen")
}

// The second factor: roles other than employee still enter Integer's TOTP
// code, unless the provider asserts MFA and the organisation accepts that.
func TestSSOSecondFactorRule(t *testing.T) {
	mfa := func(p *idUser) *idUser { p.extra = map[string]any{"amr": []string{"pwd", "mfa"}}; return p }
	for _, tc := range []struct {
		name   string
		accept bool
		user   *idUser
		want   string
	}{
		{"no MFA claimed", true, person("sub-hr", "hr@gemeente.example"), "/gem/enrol"},
		{"MFA claimed, not accepted", false, mfa(person("sub-hr", "hr@gemeente.example")), "/gem/enrol"},
		{"MFA claimed and accepted", true, mfa(person("sub-hr", "hr@gemeente.example")), "/gem/dashboard"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newSSOEnv(t, func(c *config.SSO) { c.AcceptProviderMFA = tc.accept })
			setEmail(t, e.env, e.user(e.org, "piet", domain.RoleHR), "hr@gemeente.example")
			token := wantSSOSession(t, e.signOn(tc.user), tc.want)
			if tc.want == "/gem/enrol" {
				if res := e.do(request{path: "/gem/dashboard", cookie: token}); res.StatusCode == http.StatusOK {
					t.Fatal("the dashboard opened before Integer's second factor")
				}
			}
		})
	}
}

func TestSSOAccounts(t *testing.T) {
	t.Run("no account, creation not allowed", func(t *testing.T) {
		e := newSSOEnv(t, nil)
		wantSSORefused(t, e.signOn(person("sub-new", "nieuw@gemeente.example")), "geen account")
	})
	t.Run("unverified e-mail matches nothing", func(t *testing.T) {
		e := newSSOEnv(t, nil)
		setEmail(t, e.env, e.user(e.org, "jan", domain.RoleEmployee), "jan@gemeente.example")
		p := person("sub-x", "jan@gemeente.example")
		p.EmailVerified = false
		p.extra = map[string]any{"email_verified": false}
		wantSSORefused(t, e.signOn(p), "geen account")
	})
	t.Run("created on first sign-on", func(t *testing.T) {
		e := newSSOEnv(t, func(c *config.SSO) { c.CreateAccounts = true })
		wantSSOSession(t, e.signOn(person("sub-new", "nieuw@gemeente.example")), "/gem/dashboard")
		u := mustUser(t, e.env, e.org, "nieuw")
		if u.Email != "nieuw@gemeente.example" || !u.HasRole(domain.RoleEmployee) || len(u.Roles) != 1 {
			t.Fatalf("created %+v, want employee nieuw with the address", u)
		}
		// Its password is unknown: the password login refuses it.
		if res := e.do(request{method: "POST", path: "/gem/login", form: url.Values{"username": {"nieuw"}, "password": {""}}}); res.sessionCookie() != "" {
			t.Fatal("the created account logged in with an empty password")
		}
	})
	t.Run("roles from a claim", func(t *testing.T) {
		e := newSSOEnv(t, func(c *config.SSO) {
			c.CreateAccounts, c.RolesClaim = true, "groups"
			c.RoleMap = map[string]string{"integriteit-controllers": "controller"}
			c.AcceptProviderMFA = true
		})
		p := person("sub-c", "carla@gemeente.example")
		p.Groups = []string{"alle-medewerkers", "integriteit-controllers"}
		p.extra = map[string]any{"groups": p.Groups, "amr": []string{"mfa"}}
		wantSSOSession(t, e.signOn(p), "/gem/dashboard")
		if u := mustUser(t, e.env, e.org, "carla"); !u.HasRole(domain.RoleController) || len(u.Roles) != 1 {
			t.Fatalf("roles %v, want controller", u.Roles)
		}
		p.extra = map[string]any{"groups": []string{"alle-medewerkers"}, "amr": []string{"mfa"}}
		wantSSORefused(t, e.signOn(p), "geen rol")
	})
	t.Run("a key holder logs in with the password", func(t *testing.T) {
		e := newSSOEnv(t, nil)
		setEmail(t, e.env, e.user(e.org, "coby", domain.RoleCoordinator), "coby@gemeente.example")
		wantSSORefused(t, e.signOn(person("sub-coby", "coby@gemeente.example")), "loggen in met hun wachtwoord")
	})
}

func TestSSOLogoutEndsSession(t *testing.T) {
	e := newSSOEnv(t, nil)
	setEmail(t, e.env, e.user(e.org, "jan", domain.RoleEmployee), "jan@gemeente.example")
	token := wantSSOSession(t, e.signOn(person("sub-jan", "jan@gemeente.example")), "/gem/dashboard")
	if res := e.do(request{method: "POST", path: "/gem/logout", cookie: token}); res.StatusCode >= 400 {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	if res := e.do(request{path: "/gem/dashboard", cookie: token}); res.StatusCode == http.StatusOK {
		t.Fatal("the session lived on after the logout")
	}
}

// TestSSOLogoutAtProvider: where the provider's discovery names an
// end_session_endpoint, Integer's logout ends its own session and then
// offers the provider's logout, with the client and the way back to the
// login page; an organisation that turns it off (provider_logout = false)
// goes straight back to its login page.
func TestSSOLogoutAtProvider(t *testing.T) {
	for _, offer := range []bool{true, false} {
		// mockoidc has no logout of its own: its discovery document gets
		// one, on the provider's own address.
		var endSession string
		discovery := func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !strings.HasSuffix(r.URL.Path, "/.well-known/openid-configuration") {
					next.ServeHTTP(w, r)
					return
				}
				rec := httptest.NewRecorder()
				next.ServeHTTP(rec, r)
				var doc map[string]any
				if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
					t.Errorf("the provider's discovery: %v", err)
				}
				doc["end_session_endpoint"] = endSession
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(doc)
			})
		}
		e := newSSOEnvWith(t, func(c *config.SSO) { c.ProviderLogout = &offer }, discovery)
		endSession = e.idp.Issuer() + "/logout"
		setEmail(t, e.env, e.user(e.org, "jan", domain.RoleEmployee), "jan@gemeente.example")
		token := wantSSOSession(t, e.signOn(person("sub-jan", "jan@gemeente.example")), "/gem/dashboard")
		res := e.do(request{method: "POST", path: "/gem/logout", cookie: token})
		if res := e.do(request{path: "/gem/dashboard", cookie: token}); res.StatusCode == http.StatusOK {
			t.Fatal("the session lived on after the logout")
		}
		if !offer {
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/gem/login" {
				t.Errorf("logout without the provider's: %d to %q", res.StatusCode, res.Header.Get("Location"))
			}
			continue
		}
		if res.StatusCode != http.StatusOK {
			t.Fatalf("logout: %d", res.StatusCode)
		}
		m := regexp.MustCompile(`href="(` + regexp.QuoteMeta(endSession) + `\?[^"]*)"`).FindStringSubmatch(res.body)
		if m == nil {
			t.Fatalf("the logout page offers no logout at the provider\n%s", res.body)
		}
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		if q := u.Query(); q.Get("client_id") != e.idp.ClientID || q.Get("post_logout_redirect_uri") != e.ts.URL+"/gem/login" {
			t.Errorf("the provider's logout is asked %v", q)
		}
	}
}

func setEmail(t *testing.T, e *env, u *domain.User, email string) {
	t.Helper()
	if _, err := e.store.DB().Exec(`UPDATE users SET email = $1 WHERE id = $2`, email, u.ID); err != nil {
		t.Fatal(err)
	}
}

func mustUser(t *testing.T, e *env, org *domain.Organisation, username string) *domain.User {
	t.Helper()
	u, err := e.store.UserByUsername(context.Background(), org.ID, username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func wantAudit(t *testing.T, e *env, org *domain.Organisation, actions ...string) {
	t.Helper()
	entries, err := e.store.AuditEntries(context.Background(), domain.AuditFilter{OrgID: org.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		found := false
		for _, en := range entries {
			found = found || en.Action == a
		}
		if !found {
			t.Errorf("no %s in the audit log", a)
		}
	}
}
