package web

import (
	"crypto/sha256"
	"net/http"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// API tokens let an integration (the HR system, a dashboard) use the API
// routes marked token(scope) in the route table, with the header
// "Authorization: Bearer itk_…". The administrator makes one with a name,
// scopes and a lifetime; it is shown once, and the store keeps its SHA-256
// (the token is 32 random bytes, so no slow hash is needed). Every use is
// audited (api_token.used, with the route).

const tokenPrefix = "itk_"

type apiTokensPage struct {
	Tokens  []*domain.APIToken
	Form    *form
	Scopes  []check
	New     string // the token just made, shown once
	NewName string
	Notice  string
	Now     int64 // Unix seconds, to tell expired tokens
}

// ShownOnce hides the language switch while the new token is on the page.
func (p apiTokensPage) ShownOnce() bool { return p.New != "" }

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: r.URL.Query(), Errors: map[string]string{}}
	f.Values.Set("days", "365")
	p := apiTokensPage{Form: f}
	if r.URL.Query().Get("done") == "revoked" {
		p.Notice = s.cat.T(state(r).lang, "tokens.revoked")
	}
	return s.renderAPITokens(w, r, http.StatusOK, p, nil)
}

func (s *Server) renderAPITokens(w http.ResponseWriter, r *http.Request, status int, p apiTokensPage, checked []string) error {
	rs := state(r)
	var err error
	if p.Tokens, err = s.store.APITokens(r.Context(), rs.org.ID); err != nil {
		return err
	}
	p.Scopes = s.checks(rs.lang, "tokens.scope.", domain.Strings(domain.TokenScopes), checked)
	p.Now = s.store.Now().Unix()
	s.render(w, r, status, "api_tokens", s.cat.T(rs.lang, "tokens.title"), p)
	return nil
}

// createAPIToken makes a token and shows it once.
func (s *Server) createAPIToken(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	in := domain.NewAPIToken{Name: f.Values.Get("name"), Scopes: domain.Codes[domain.TokenScope](f.Values["scopes"])}
	var errs []error
	days, err := strconv.Atoi(strings.TrimSpace(f.Values.Get("days")))
	if err != nil {
		errs = append(errs, domain.FieldError("days", "err.token_days", domain.MaxTokenDays))
	}
	in.Days = days
	errs = append(errs, in.Check()...)
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		return s.renderAPITokens(w, r, http.StatusBadRequest, apiTokensPage{Form: f}, f.Values["scopes"])
	}
	token := tokenPrefix + randomToken()
	prefix := token[len(tokenPrefix) : len(tokenPrefix)+8]
	if _, err := s.store.CreateAPIToken(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, in, prefix, hashAPIToken(token)); err != nil {
		return err
	}
	empty := &form{Values: map[string][]string{"days": {"365"}}, Errors: map[string]string{}}
	return s.renderAPITokens(w, r, http.StatusOK, apiTokensPage{Form: empty, New: token, NewName: in.Name}, nil)
}

// revokeAPIToken ends a token at once.
func (s *Server) revokeAPIToken(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENOTFOUND, "err.token_not_found")
	}
	if err := s.store.RevokeAPIToken(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "admin/tokens?done=revoked"))
	return nil
}

// authToken admits a request to a token route: the Bearer token of the
// request's organisation, active, holding the route's scope; the use is
// audited. A missing, unknown, expired or revoked token is 401 with
// WWW-Authenticate, a token without the scope 403.
func (s *Server) authToken(w http.ResponseWriter, r *http.Request, rt route) error {
	rs := state(r)
	org, err := s.apiOrg(r)
	if err != nil {
		return err
	}
	raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	raw = strings.TrimSpace(raw)
	if !ok || !strings.HasPrefix(raw, tokenPrefix) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="integer"`)
		return domain.Errorf(domain.EUNAUTHORIZED, "err.token_required")
	}
	t, err := s.store.UseAPIToken(r.Context(), org.ID, hashAPIToken(raw), rt.access.scope, rt.pattern)
	switch domain.ErrorCode(err) {
	case domain.EUNAUTHORIZED:
		w.Header().Set("WWW-Authenticate", `Bearer realm="integer", error="invalid_token"`)
	case domain.EFORBIDDEN:
		w.Header().Set("WWW-Authenticate", `Bearer realm="integer", error="insufficient_scope", scope="`+string(rt.access.scope)+`"`)
	}
	if err != nil {
		return err
	}
	rs.apiToken = t
	return nil
}

func hashAPIToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
