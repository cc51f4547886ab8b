package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Single sign-on with OpenID Connect (the authorization code flow with PKCE,
// state and nonce), per organisation as configured in [sso.SLUG]:
//
//  1. GET /{org}/login/sso stores a new login (the state's hash, the nonce,
//     the PKCE verifier), puts the state in a cookie of that path only, and
//     sends the browser to the provider.
//  2. GET /{org}/login/sso/callback takes the login back by the state in the
//     query, which must equal the cookie's (no one can make another's
//     browser finish their login), once: the row is deleted as it is read.
//     It exchanges the code with the verifier, verifies the ID token
//     (signature by the provider's keys, issuer, audience, expiry) and its
//     nonce, finds the account, and starts a session in the state the
//     second-factor rule asks (ssoState).

const (
	ssoCookie   = "integer_sso"
	ssoLifetime = 10 * time.Minute // from the start to the provider's answer
)

// ssoClient is one organisation's provider, discovered at its first use.
type ssoClient struct {
	cfg        config.SSO
	oauth      oauth2.Config
	verifier   *oidc.IDTokenVerifier
	endSession string // the provider's logout, when its discovery names one
}

// ssoClients caches the discovered providers by organisation slug. A failed
// discovery is not cached, so the next login tries again.
type ssoClients struct {
	mu     sync.Mutex
	bySlug map[string]*ssoClient
}

// ssoHTTP is the client for discovery, keys and the token exchange.
var ssoHTTP = &http.Client{Timeout: 15 * time.Second}

// ssoClient returns the organisation's provider: ENOTFOUND when it has
// none, EUNAVAILABLE when its discovery fails.
func (s *Server) ssoClient(r *http.Request) (*ssoClient, error) {
	org := state(r).org
	cfg, ok := s.cfg.SSO[org.Slug]
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
	}
	s.sso.mu.Lock()
	defer s.sso.mu.Unlock()
	if c := s.sso.bySlug[org.Slug]; c != nil {
		return c, nil
	}
	// The provider keeps this context for fetching its keys later: not the
	// request's, which ends with the request.
	pctx := oidc.ClientContext(context.WithoutCancel(r.Context()), ssoHTTP)
	p, err := oidc.NewProvider(pctx, cfg.Issuer)
	if err != nil {
		state(r).log.Warn("sso discovery failed", "issuer", cfg.Issuer, "err", err)
		return nil, domain.Errorf(domain.EUNAVAILABLE, "err.sso_unavailable")
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	_ = p.Claims(&meta)
	c := &ssoClient{
		cfg: cfg,
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
			RedirectURL: s.cfg.BaseURL + s.orgURL(org, "login/sso/callback"), Scopes: cfg.Scopes},
		verifier:   p.VerifierContext(pctx, &oidc.Config{ClientID: cfg.ClientID}),
		endSession: meta.EndSession,
	}
	if s.sso.bySlug == nil {
		s.sso.bySlug = map[string]*ssoClient{}
	}
	s.sso.bySlug[org.Slug] = c
	return c, nil
}

// ssoStart begins a single sign-on at the organisation's provider.
func (s *Server) ssoStart(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	c, err := s.ssoClient(r)
	if err != nil {
		return err
	}
	st, nonce := randomToken(), randomToken()
	verifier := oauth2.GenerateVerifier()
	login := store.SSOLogin{OrgID: rs.org.ID, Nonce: nonce, Verifier: verifier,
		Next: localPath(r.URL.Query().Get("next"), ""), ExpiresAt: s.store.Now().Add(ssoLifetime)}
	if err := s.store.BeginSSOLogin(r.Context(), hashState(st), login); err != nil {
		return err
	}
	s.setSSOCookie(w, r, st)
	s.redirect(w, r, c.oauth.AuthCodeURL(st, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)))
	return nil
}

// setSSOCookie keeps the state in the browser that began the login, for the
// callback's path only. SameSite=Lax, because the provider's redirect back
// is a navigation from another site.
func (s *Server) setSSOCookie(w http.ResponseWriter, r *http.Request, value string) {
	c := &http.Cookie{Name: ssoCookie, Value: value, Path: s.orgURL(state(r).org, "login/sso"), HttpOnly: true,
		Secure: state(r).secure, SameSite: http.SameSiteLaxMode, MaxAge: int(ssoLifetime / time.Second)}
	if value == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

type ssoDonePage struct{ Next string }

// ssoCallback finishes a single sign-on; every refusal is shown on the
// login page, and none starts a session.
func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	u, c, login, claims, err := s.ssoIdentify(w, r)
	if err != nil {
		if domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			return err
		}
		rs.log.Info("sso refused", "reason", domain.AsError(err).Key)
		f := &form{Errors: map[string]string{}}
		s.fail(f, rs.lang, err)
		return s.renderLogin(w, r, http.StatusUnauthorized, f, "")
	}
	st, method := s.ssoState(rs.org, c.cfg, u, claims)
	sess, token, err := s.startSession(w, r, u, st)
	if err != nil {
		return err
	}
	if err := s.store.MarkSessionSSO(r.Context(), auth.HashToken(token)); err != nil {
		return err
	}
	if st == domain.StateFull {
		_ = s.store.Audit(r.Context(), store.UserActor(u, sess.ID), "user.login", "user", u.ID, method)
	}
	// A page, not a redirect: the session cookie is SameSite=Strict, and a
	// browser leaves it off a redirect that continues the provider's
	// cross-site navigation. The next step is a navigation of our own page.
	next := s.afterLogin(rs.org, st, login.Next)
	w.Header().Set("Refresh", "0; url="+next)
	s.render(w, r, http.StatusOK, "sso_done", s.cat.T(rs.lang, "sso.done_title"), ssoDonePage{Next: next})
	return nil
}

// ssoIdentify checks the provider's answer and returns the account it names.
func (s *Server) ssoIdentify(w http.ResponseWriter, r *http.Request) (*domain.User, *ssoClient, *store.SSOLogin, *ssoClaims, error) {
	rs := state(r)
	ctx := r.Context()
	c, err := s.ssoClient(r)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	login, err := s.takeSSOLogin(w, r)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if e := r.URL.Query().Get("error"); e != "" {
		rs.log.Info("sso: provider refused", "error", e)
		return nil, nil, nil, nil, domain.Errorf(domain.EUNAUTHORIZED, "err.sso_refused")
	}
	claims, err := c.exchange(oidc.ClientContext(ctx, ssoHTTP), r.URL.Query().Get("code"), login)
	if err != nil {
		rs.log.Info("sso: token refused", "err", err)
		return nil, nil, nil, nil, domain.Errorf(domain.EUNAUTHORIZED, "err.sso_failed")
	}
	u, err := s.ssoAccount(ctx, rs.org, c.cfg, claims)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return u, c, login, claims, nil
}

// takeSSOLogin takes the stored login named by the query's state, which
// must be the one this browser began (its cookie), and clears the cookie.
func (s *Server) takeSSOLogin(w http.ResponseWriter, r *http.Request) (*store.SSOLogin, error) {
	st := r.URL.Query().Get("state")
	ck, err := r.Cookie(ssoCookie)
	s.setSSOCookie(w, r, "")
	if err != nil || st == "" || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(st)) != 1 {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "err.sso_state")
	}
	return s.store.TakeSSOLogin(r.Context(), state(r).org.ID, hashState(st))
}

// ssoClaims are the ID token's claims that Integer reads.
type ssoClaims struct {
	Issuer        string
	Subject       string
	Email         string   `json:"email"`
	EmailVerified *bool    `json:"email_verified"`
	Username      string   `json:"preferred_username"`
	Name          string   `json:"name"`
	AMR           []string `json:"amr"`
	ACR           string   `json:"acr"`
	Roles         []string // the values of the configured roles claim
}

// exchange trades the code (with the PKCE verifier) for tokens and verifies
// the ID token: signature, issuer, audience, expiry, and the nonce of the
// login.
func (c *ssoClient) exchange(ctx context.Context, code string, login *store.SSOLogin) (*ssoClaims, error) {
	tok, err := c.oauth.Exchange(ctx, code, oauth2.VerifierOption(login.Verifier))
	if err != nil {
		return nil, err
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, errSSO("no ID token")
	}
	idt, err := c.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(login.Nonce)) != 1 {
		return nil, errSSO("nonce does not match the login's")
	}
	cl := &ssoClaims{Issuer: idt.Issuer, Subject: idt.Subject}
	if err := idt.Claims(cl); err != nil {
		return nil, err
	}
	if c.cfg.RolesClaim != "" {
		all := map[string]any{}
		if err := idt.Claims(&all); err != nil {
			return nil, err
		}
		cl.Roles = claimStrings(all[c.cfg.RolesClaim])
	}
	return cl, nil
}

type errSSO string

func (e errSSO) Error() string { return "sso: " + string(e) }

// claimStrings reads a claim that is a string or a list of strings.
func claimStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// ssoState is the session state the second-factor rule asks after a
// sign-on, and the method the audit log records: every role but employee
// enters Integer's own TOTP code, unless the provider asserted multi-factor
// authentication and the organisation accepts that.
func (s *Server) ssoState(org *domain.Organisation, cfg config.SSO, u *domain.User, cl *ssoClaims) (domain.SessionState, string) {
	switch {
	case !u.RequiresTwoFactor():
		return domain.StateFull, "sso"
	case cfg.AcceptProviderMFA && providerMFA(cfg, cl):
		return domain.StateFull, "sso with the provider's multi-factor authentication"
	case u.TwoFactorEnrolled():
		return domain.StateSecondFactor, "sso"
	case s.demoOrganisation(org):
		return domain.StateFull, "sso"
	}
	return domain.StateEnrol, "sso"
}

// providerMFA reports whether the ID token asserts multi-factor
// authentication: an accepted amr value, or an accepted acr.
func providerMFA(cfg config.SSO, cl *ssoClaims) bool {
	for _, a := range cl.AMR {
		if slices.Contains(cfg.MFAAMR, a) {
			return true
		}
	}
	return cl.ACR != "" && slices.Contains(cfg.MFAACR, cl.ACR)
}

// ssoLogout is where the logout page sends a person signed on through the
// provider to end the provider's session too: its end_session_endpoint,
// or "" when it has none or the organisation does not want it.
func (s *Server) ssoLogout(r *http.Request) string {
	rs := state(r)
	if rs.session == nil || !rs.session.SSO {
		return ""
	}
	c, err := s.ssoClient(r)
	if err != nil || c.endSession == "" || !c.cfg.LogsOutAtProvider() {
		return ""
	}
	u, err := url.Parse(c.endSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("client_id", c.cfg.ClientID)
	q.Set("post_logout_redirect_uri", s.cfg.BaseURL+s.orgURL(rs.org, "login"))
	u.RawQuery = q.Encode()
	return u.String()
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashState(st string) []byte {
	h := sha256.Sum256([]byte(st))
	return h[:]
}
