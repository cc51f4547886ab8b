package web

import (
	"context"
	_ "embed"
	"fmt"
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

// readyz answers 200 when the database answers within two seconds and holds
// every migration of this binary, else 503: for a load balancer or an
// orchestrator deciding whether to send requests to this server (during a
// rolling upgrade an old server sees a newer schema as ready; a new server
// that has not migrated yet is not).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	answer := func(status int, text string) error {
		w.WriteHeader(status)
		_, err := w.Write([]byte(text + "\n"))
		return err
	}
	if err := s.store.Ping(ctx); err != nil {
		state(r).log.Error("readiness check", "err", err)
		return answer(http.StatusServiceUnavailable, "database unavailable")
	}
	current, latest, err := s.store.MigrationStatus(ctx)
	if err != nil {
		state(r).log.Error("readiness check", "err", err)
		return answer(http.StatusServiceUnavailable, "schema version unknown")
	}
	if current < latest {
		return answer(http.StatusServiceUnavailable, fmt.Sprintf("schema version %d, this server needs %d", current, latest))
	}
	return answer(http.StatusOK, "ready")
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
