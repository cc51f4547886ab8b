package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/throttle"
)

// requestState is what the middleware learns about a request: who asks, in
// which language, for which organisation.
type requestState struct {
	id       string
	lang     string
	secure   bool // TLS, directly or at a trusted proxy
	org      *domain.Organisation
	session  *domain.Session
	user     *domain.User
	token    string           // the raw session token from the cookie
	route    string           // the matched route pattern, for the log line
	apiToken *domain.APIToken // the integration's token, on a token route
	log      *slog.Logger
}

type stateKey struct{}

// state returns the request's state; every request passes requestLogger,
// which sets it.
func state(r *http.Request) *requestState {
	return r.Context().Value(stateKey{}).(*requestState)
}

const sessionCookie = "integer_session"
const langCookie = "integer_lang"

// requestLogger gives each request an ID and logs one line when it is done:
// method, route pattern, status, duration. Never the client address, the
// query string or anything the person typed.
func (s *Server) requestLogger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		rs := &requestState{id: id, log: s.log.With("request_id", id), secure: s.isSecure(r)}
		// Dutch unless the person chose English: many Dutch officials have an
		// English browser, so Accept-Language is no guide here.
		rs.lang = i18n.Negotiate(cookieValue(r, langCookie), "")
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), stateKey{}, rs)))
		took := time.Since(start)
		s.metricsReg.observe(rs.route, r.Method, sw.status, took)
		rs.log.Info("request", "method", r.Method, "route", rs.route, "status", sw.status,
			"duration_ms", took.Milliseconds())
	})
}

// recoverer turns a panic into a 500 page and logs the stack, which the
// person never sees.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				state(r).log.Error("panic", "value", v, "stack", string(debug.Stack()))
				s.renderError(w, r, errors.New("panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows nothing from another host and no inline
// script or style. data: images are the icons inside the NL Design System CSS.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if state(r).secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// sessionMiddleware loads the staff session named by the cookie, if any.
func (s *Server) sessionMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rs := state(r)
		if token := cookieValue(r, sessionCookie); token != "" {
			sess, err := s.store.SessionByToken(r.Context(), auth.HashToken(token), s.cfg.SessionIdle)
			if err == nil {
				u, uerr := s.store.UserByID(r.Context(), sess.OrgID, sess.UserID)
				if uerr == nil && !u.Disabled {
					rs.session, rs.user, rs.token = sess, u, token
				}
			} else if domain.ErrorCode(err) != domain.EUNAUTHORIZED {
				rs.log.Error("load session", "err", err)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// adapt wraps a route's handler: it resolves the organisation, applies the
// route's access rule, and renders any error the handler returns.
func (s *Server) adapt(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rs := state(r)
		rs.route = rt.pattern
		if rt.orgScoped() {
			org, err := s.store.OrganisationBySlug(r.Context(), r.PathValue("org"))
			if err != nil {
				s.renderError(w, r, err)
				return
			}
			rs.org = org
		}
		if rt.access.kind == kindToken {
			if err := s.authToken(w, r, rt); err != nil {
				s.apiError(w, r, err)
				return
			}
		}
		if !rt.access.allows(rs) {
			s.deny(w, r)
			return
		}
		if err := rt.h(w, r); err != nil && rt.jsonAPI() {
			s.apiError(w, r, err)
		} else if err != nil {
			s.renderError(w, r, err)
		}
	})
}

// deny answers a request the access rule refused: to the login (or the step
// of it still due) when there is no full login for this organisation, else
// "forbidden".
func (s *Server) deny(w http.ResponseWriter, r *http.Request) {
	rs := state(r)
	loggedIn := rs.session != nil && rs.org != nil && rs.session.OrgID == rs.org.ID
	switch {
	case rs.org == nil:
		s.renderError(w, r, domain.Errorf(domain.EFORBIDDEN, "err.forbidden"))
	case loggedIn && rs.session.State == domain.StateSecondFactor:
		s.redirect(w, r, s.orgURL(rs.org, "login/code"))
	case loggedIn && rs.session.State == domain.StateEnrol:
		s.redirect(w, r, s.orgURL(rs.org, "enrol"))
	case loggedIn:
		s.renderError(w, r, domain.Errorf(domain.EFORBIDDEN, "err.forbidden"))
	case r.Method == http.MethodGet:
		s.redirect(w, r, s.orgURL(rs.org, "login")+"?next="+url.QueryEscape(r.URL.Path))
	default:
		s.renderError(w, r, domain.Errorf(domain.EUNAUTHORIZED, "err.login_required"))
	}
}

// statusFor maps error codes to HTTP statuses, in one place.
var statusFor = map[string]int{
	domain.EINVALID:      http.StatusBadRequest,
	domain.ENOTFOUND:     http.StatusNotFound,
	domain.ECONFLICT:     http.StatusConflict,
	domain.EUNAUTHORIZED: http.StatusUnauthorized,
	domain.EFORBIDDEN:    http.StatusForbidden,
	domain.ETHROTTLED:    http.StatusTooManyRequests,
	domain.EUNAVAILABLE:  http.StatusServiceUnavailable,
	domain.EINTERNAL:     http.StatusInternalServerError,
}

// renderError shows an error page in the interface's look. Internal errors
// are logged with the request ID and shown only as "internal error".
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	rs := state(r)
	e, status := s.errorStatus(w, r, err)
	p := errorPage{Status: status, Message: s.cat.T(rs.lang, e.Key, e.Args...), RequestID: rs.id}
	if e.Code == domain.EFORBIDDEN && rs.user != nil {
		p.Back = listOf(r.URL.Path)
	}
	s.render(w, r, status, "error", s.cat.T(rs.lang, "error."+e.Code), p)
}

// listOf returns the list a record's path belongs to, the path up to its
// first numeric segment ("/helmond/reports/12/messages" → "/helmond/reports"),
// or "" when the path names no record below an organisation's module.
func listOf(path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, seg := range segs {
		if _, err := strconv.ParseInt(seg, 10, 64); err == nil && i >= 2 {
			return "/" + strings.Join(segs[:i], "/")
		}
	}
	return ""
}

// databaseRetryAfter is the Retry-After of an answer given while the
// database cannot be reached.
const databaseRetryAfter = 30 * time.Second

// errorStatus is the one adapter from an error to what the person is told,
// for the pages and the JSON API alike: the domain error (an error without
// a code is logged with the request ID and becomes "internal", or
// "unavailable" with Retry-After when it says the database cannot be
// reached) and its status from statusFor; a throttling error sets
// Retry-After.
func (s *Server) errorStatus(w http.ResponseWriter, r *http.Request, err error) (*domain.Error, int) {
	e := domain.AsError(err)
	switch {
	case e != nil:
	case store.Unavailable(err):
		state(r).log.Error("database unavailable", "err", err)
		e = &domain.Error{Code: domain.EUNAVAILABLE, Key: "err.database_unavailable", RetryAfter: databaseRetryAfter}
	default:
		state(r).log.Error("internal error", "err", err)
		e = domain.Errorf(domain.EINTERNAL, "err.internal")
	}
	status := statusFor[e.Code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	setRetryAfter(w, e)
	return e, status
}

type errorPage struct {
	Status    int
	Message   string
	RequestID string
	Back      string // the list a refused record belongs to, "" for the start page
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
}

// redirect answers with 303 See Other, so that a POST is followed by a GET.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) orgURL(org *domain.Organisation, path string) string {
	return "/" + org.Slug + "/" + path
}

// isSecure reports whether the client reached us over TLS: directly, or at a
// trusted reverse proxy that says so.
func (s *Server) isSecure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return s.fromTrustedProxy(r) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func (s *Server) fromTrustedProxy(r *http.Request) bool {
	addr := remoteAddr(r)
	for _, p := range s.trusted {
		if addr.IsValid() && p.Contains(addr) {
			return true
		}
	}
	return false
}

// clientAddr returns the client's address: the connection's peer, or the
// nearest untrusted address in X-Forwarded-For when the peer is a trusted
// proxy. It is used only to key throttling, through an HMAC, and never
// stored, logged or shown.
// client names the request's client address for the limits kept in memory:
// an HMAC under the process's random key (package throttle), never the
// address itself.
func (s *Server) client(r *http.Request) throttle.Client {
	return s.keyer.Client(s.clientAddr(r))
}

func (s *Server) clientAddr(r *http.Request) netip.Addr {
	addr := remoteAddr(r)
	if !s.fromTrustedProxy(r) {
		return addr
	}
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		addr = a.Unmap()
		trusted := false
		for _, p := range s.trusted {
			trusted = trusted || p.Contains(addr)
		}
		if !trusted {
			break
		}
	}
	return addr
}

func remoteAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

func cookieValue(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
