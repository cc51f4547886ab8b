package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

type loginPage struct {
	Form *form
	Next string
	SSO  string // the label of the organisation's single sign-on, when it has one
}

// renderLogin shows the login form, with the single sign-on button where
// the organisation has a provider.
func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, f *form, next string) error {
	rs := state(r)
	p := loginPage{Form: f, Next: next}
	if c, ok := s.cfg.SSO[rs.org.Slug]; ok {
		p.SSO = c.Label
	}
	s.render(w, r, status, "login", s.cat.T(rs.lang, "login.title"), p)
	return nil
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	if rs.session != nil && rs.session.OrgID == rs.org.ID && rs.session.State == domain.StateFull {
		s.redirect(w, r, s.orgURL(rs.org, "dashboard"))
		return nil
	}
	f := &form{Values: r.URL.Query(), Errors: map[string]string{}}
	return s.renderLogin(w, r, http.StatusOK, f, localPath(r.URL.Query().Get("next"), ""))
}

// login checks the password and starts a session in the state the account
// needs next: the TOTP code, the enrolment, or (without 2FA) the dashboard.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	f := newForm(r)
	username := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	next := localPath(r.PostFormValue("next"), "")
	at := s.loginAttempt(r, rs.org.ID, username)
	reject := func(err error) error {
		if !s.fail(f, rs.lang, err) {
			return err
		}
		setRetryAfter(w, err)
		return s.renderLogin(w, r, statusFor[domain.ErrorCode(err)], f, next)
	}
	if err := s.logins.admit(at); err != nil {
		return reject(err)
	}
	if err := s.slowDown(ctx, at); err != nil {
		return err
	}
	u, err := s.store.UserByUsername(ctx, rs.org.ID, username)
	if err != nil && !domain.IsNotFound(err) {
		return err
	}
	stored := ""
	if u != nil {
		stored = u.PasswordHash
	}
	ok, err := s.userKeys.VerifyGuess(ctx, stored, r.PostFormValue("password"), s.logins.guessing(at))
	if domain.ErrorCode(err) == domain.EUNAVAILABLE {
		return err
	} else if err != nil {
		rs.log.Error("stored password hash unreadable", "user_id", u.ID, "err", err)
	}
	if !ok || u.Disabled {
		if u != nil {
			_ = s.store.Audit(ctx, store.Actor{OrgID: rs.org.ID, UserID: u.ID, Name: u.Username}, "user.login_failed", "user", u.ID, "password")
		}
		return reject(s.failed(ctx, at, domain.Errorf(domain.EUNAUTHORIZED, "err.login_failed")))
	}
	if auth.NeedsRehash(u.PasswordHash, s.userKeys.Params()) {
		if h, err := s.userKeys.HashPassword(ctx, r.PostFormValue("password")); err == nil {
			_ = s.store.SetPassword(ctx, store.Actor{OrgID: u.OrgID, UserID: u.ID, Name: u.Username}, u.OrgID, u.ID, h)
		}
	}
	state := domain.StateFull
	switch {
	case u.TwoFactorEnrolled():
		state = domain.StateSecondFactor
	case u.RequiresTwoFactor() && !s.demoOrganisation(rs.org):
		state = domain.StateEnrol
	}
	sess, token, err := s.startSession(w, r, u, state)
	if err != nil {
		return err
	}
	if needsKey(u) {
		identity, err := s.userKeys.Unlock(ctx, store.UserActor(u, sess.ID), u, r.PostFormValue("password"))
		if err != nil {
			return err
		}
		if err := s.putSessionKey(ctx, token, identity); err != nil {
			return err
		}
	}
	if state == domain.StateFull {
		s.succeeded(ctx, at)
		_ = s.store.Audit(ctx, store.UserActor(u, sess.ID), "user.login", "user", u.ID, "password")
	}
	s.redirect(w, r, s.afterLogin(rs.org, state, next))
	return nil
}

// demoOrganisation reports whether org is a demo server's own demo
// organisation, the only one whose accounts skip two-factor authentication
// (any other organisation in the same database keeps it).
func (s *Server) demoOrganisation(org *domain.Organisation) bool {
	return s.cfg.Demo && org.Slug == domain.DemoSlug
}

func (s *Server) afterLogin(org *domain.Organisation, state domain.SessionState, next string) string {
	switch state {
	case domain.StateSecondFactor:
		return s.orgURL(org, "login/code")
	case domain.StateEnrol:
		return s.orgURL(org, "enrol")
	}
	return localPath(next, s.orgURL(org, "dashboard"))
}

// startSession creates a session and sets its cookie. The cookie is
// HttpOnly and SameSite=Strict, and Secure whenever the client came over TLS.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *domain.User, st domain.SessionState) (*domain.Session, string, error) {
	token, err := auth.NewToken()
	if err != nil {
		return nil, "", err
	}
	sess, err := s.store.CreateSession(r.Context(), auth.HashToken(token), u, st, s.timeouts())
	if err != nil {
		return nil, "", err
	}
	s.setSessionCookie(w, r, token)
	return sess, token, nil
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	c := &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: state(r).secure, SameSite: http.SameSiteStrictMode}
	if token == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// advance moves the request's session to the next state under a new token.
func (s *Server) advance(w http.ResponseWriter, r *http.Request, st domain.SessionState) error {
	rs := state(r)
	token, err := auth.NewToken()
	if err != nil {
		return err
	}
	identity := sessionIdentity(rs)
	if err := s.store.AdvanceSession(r.Context(), auth.HashToken(rs.token), auth.HashToken(token), st); err != nil {
		return err
	}
	rs.token, rs.session.State = token, st
	s.setSessionCookie(w, r, token)
	return s.putSessionKey(r.Context(), token, identity)
}

type codePage struct{ Form *form }

func (s *Server) codeForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "code", s.cat.T(state(r).lang, "code.title"), codePage{Form: &form{Errors: map[string]string{}}})
	return nil
}

// code checks the second factor: a 6-digit TOTP code (each time step once),
// or one of the single-use recovery codes.
func (s *Server) code(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	f := newForm(r)
	at := s.loginAttempt(r, rs.org.ID, rs.user.Username)
	err := s.logins.admit(at)
	method := ""
	if err == nil {
		method, err = s.checkSecondFactor(r, rs.user, r.PostFormValue("code"))
		if domain.ErrorCode(err) == domain.EUNAUTHORIZED {
			_ = s.store.Audit(ctx, store.UserActor(rs.user, rs.session.ID), "user.login_failed", "user", rs.user.ID, "second factor")
			if ferr := s.failed(ctx, at, err); domain.ErrorCode(ferr) != domain.EUNAUTHORIZED {
				err = ferr
			}
		}
	}
	if err != nil {
		setRetryAfter(w, err)
		if !s.fail(f, rs.lang, err) {
			return err
		}
		s.render(w, r, statusFor[domain.ErrorCode(err)], "code", s.cat.T(rs.lang, "code.title"), codePage{Form: f})
		return nil
	}
	if err := s.advance(w, r, domain.StateFull); err != nil {
		return err
	}
	s.succeeded(ctx, at)
	_ = s.store.Audit(ctx, store.UserActor(rs.user, rs.session.ID), "user.login", "user", rs.user.ID, method)
	s.redirect(w, r, s.orgURL(rs.org, "dashboard"))
	return nil
}

// checkSecondFactor accepts a TOTP code or a recovery code and says which.
func (s *Server) checkSecondFactor(r *http.Request, u *domain.User, code string) (string, error) {
	code = strings.TrimSpace(code)
	digits := strings.ReplaceAll(code, " ", "")
	if len(digits) == 6 && strings.Trim(digits, "0123456789") == "" {
		step, ok := auth.ValidateTOTP(u.TOTPSecret, digits, s.store.Now(), 0)
		if !ok {
			return "", &domain.Error{Code: domain.EUNAUTHORIZED, Key: "err.code_wrong", Field: "code"}
		}
		if step <= u.TOTPLastStep {
			return "", &domain.Error{Code: domain.EUNAUTHORIZED, Key: "err.code_used", Field: "code"}
		}
		if err := s.store.UseTOTPStep(r.Context(), u.ID, step); err != nil {
			return "", err
		}
		return "totp", nil
	}
	if err := s.store.UseRecoveryCode(r.Context(), u.ID, auth.HashRecoveryCode(code)); err != nil {
		return "", err
	}
	return "recovery code", nil
}

type enrolPage struct {
	Form   *form
	QR     template.HTML
	Secret string
	Sig    string
}

// enrolForm shows a new TOTP secret as a QR code drawn by the server. The
// secret travels in the form, signed, so the confirmation cannot swap it.
func (s *Server) enrolForm(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	secret, otpURL, err := auth.NewTOTPSecret("Integer "+rs.org.Name, rs.user.Username)
	if err != nil {
		return err
	}
	return s.renderEnrol(w, r, http.StatusOK, &form{Errors: map[string]string{}}, secret, otpURL)
}

func (s *Server) renderEnrol(w http.ResponseWriter, r *http.Request, status int, f *form, secret, otpURL string) error {
	rs := state(r)
	svg, err := auth.QRCodeSVG(otpURL, s.cat.T(rs.lang, "enrol.qr_title"))
	if err != nil {
		return err
	}
	s.render(w, r, status, "enrol", s.cat.T(rs.lang, "enrol.title"), enrolPage{
		Form: f, QR: template.HTML(svg), Secret: secret, Sig: s.sign(rs.session.ID, secret),
	})
	return nil
}

// enrol confirms the secret with a code from the app, stores it with fresh
// recovery codes, and shows those codes once.
func (s *Server) enrol(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	secret := r.PostFormValue("secret")
	if !hmac.Equal([]byte(s.sign(rs.session.ID, secret)), []byte(r.PostFormValue("sig"))) {
		return domain.Errorf(domain.EINVALID, "err.form_tampered")
	}
	step, ok := auth.ValidateTOTP(secret, r.PostFormValue("code"), s.store.Now(), 0)
	if !ok {
		f.Errors["code"] = s.cat.T(rs.lang, "err.code_wrong")
		otpURL, err := auth.TOTPURL("Integer "+rs.org.Name, rs.user.Username, secret)
		if err != nil {
			return err
		}
		return s.renderEnrol(w, r, http.StatusBadRequest, f, secret, otpURL)
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return err
	}
	actor := store.UserActor(rs.user, rs.session.ID)
	if err := s.store.EnrolTwoFactor(r.Context(), actor, rs.org.ID, rs.user.ID, secret, step, hashes); err != nil {
		return err
	}
	if rs.session.State != domain.StateFull {
		if err := s.advance(w, r, domain.StateFull); err != nil {
			return err
		}
		_ = s.store.Audit(r.Context(), actor, "user.login", "user", rs.user.ID, "enrolment")
	}
	s.render(w, r, http.StatusOK, "recovery_codes", s.cat.T(rs.lang, "recovery.title"), recoveryPage{Codes: codes, Next: "dashboard"})
	return nil
}

type recoveryPage struct {
	Codes []string
	Next  string
}

func newRecoveryCodes() (codes, hashes []string, err error) {
	codes, err = auth.NewRecoveryCodes(10)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range codes {
		hashes = append(hashes, auth.HashRecoveryCode(c))
	}
	return codes, hashes, nil
}

// logout ends the session in the database, so it is over on every server.
// A session begun through single sign-on then shows a page with a link to
// the provider's logout, where it has one (a link, because the page's
// Content-Security-Policy keeps a form's redirect on this site).
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	provider := s.ssoLogout(r)
	if err := s.store.DeleteSession(r.Context(), auth.HashToken(rs.token)); err != nil {
		return err
	}
	_ = s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID), "user.logout", "user", rs.user.ID, "")
	s.setSessionCookie(w, r, "")
	if provider != "" {
		s.render(w, r, http.StatusOK, "sso_logout", s.cat.T(rs.lang, "sso.logout_title"), ssoLogoutPage{Provider: provider})
		return nil
	}
	s.redirect(w, r, s.orgURL(rs.org, "login"))
	return nil
}

type ssoLogoutPage struct{ Provider string }

// accountKey names an account in the failed-login counts: its
// organisation and user name.
func (s *Server) accountKey(orgID int64, username string) string {
	return itoa(int(orgID)) + ":" + username
}

func (s *Server) sign(sessionRef, value string) string {
	return s.mac(s.keys.formKey, sessionRef+"\x00"+value)
}

func (s *Server) mac(key []byte, msg string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

func setRetryAfter(w http.ResponseWriter, err error) {
	if e := domain.AsError(err); e != nil && e.RetryAfter > 0 {
		w.Header().Set("Retry-After", itoa(int((e.RetryAfter+time.Second-1)/time.Second)))
	}
}
