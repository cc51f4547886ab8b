package web

import (
	"context"
	_ "embed"
	"net/http"
	"time"

	"github.com/integer-nl/integer/internal/i18n"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	orgs, err := s.store.Organisations(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "home", s.cat.T(state(r).lang, "home.title"), orgs)
	return nil
}

func (s *Server) orgHome(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	s.render(w, r, http.StatusOK, "org_home", s.cat.T(rs.lang, "orghome.title"), nil)
	return nil
}

// healthz answers 200 when the database answers within two seconds, else 503,
// for load balancers and monitoring. It says nothing more.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(ctx); err != nil {
		state(r).log.Error("health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, err = w.Write([]byte("database unavailable\n"))
		return err
	}
	_, err := w.Write([]byte("ok\n"))
	return err
}

// setLanguage stores the chosen language in a cookie and returns to the page
// the person was on. It is a form, so it works without JavaScript.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.Supported(r.PostFormValue("lang"))
	if lang == "" {
		lang = i18n.Default
	}
	s.setLanguageCookie(w, r, lang)
	s.redirect(w, r, localPath(r.PostFormValue("next"), "/"))
	return nil
}

// setLanguageCookie keeps the chosen language for a year.
func (s *Server) setLanguageCookie(w http.ResponseWriter, r *http.Request, lang string) {
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: state(r).secure, SameSite: http.SameSiteLaxMode,
	})
}

//go:embed openapi.json
var openAPIDocument []byte

// openAPI serves the description of the public JSON API.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openAPIDocument)
	return err
}
