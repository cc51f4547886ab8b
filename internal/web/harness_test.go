package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/web"
)

func TestMain(m *testing.M) {
	os.Exit(func() int { defer dbtest.StopPrivateServer(); return m.Run() }())
}

// env is a web server on a real database, reached through real HTTP.
type env struct {
	t     testing.TB
	store *store.Store
	srv   *web.Server
	ts    *httptest.Server
	logs  *strings.Builder
	slept *sleeps // the waits of logins of an account under attack
}

// sleeps records the server's waits instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return nil
}

// take returns the waits since the last take.
func (s *sleeps) take() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.d
	s.d = nil
	return d
}

const testPassword = "correct horse battery staple"

// selfURL as the base URL in a test's configuration stands for the test
// server's own address, known only once its listener is made.
const selfURL = "http://self.test"

func sqliteDSN(t testing.TB) string { return filepath.Join(t.TempDir(), "integer.db") }

// newEnv starts a server on the database dsn (a fresh SQLite file when empty).
func newEnv(t testing.TB, dsn string, edit ...func(*config.Config)) *env {
	t.Helper()
	return newEnvOptions(t, dsn, web.Options{PasswordParams: auth.TestParams}, edit...)
}

// newEnvOptions is newEnv with the server's options.
func newEnvOptions(t testing.TB, dsn string, opts web.Options, edit ...func(*config.Config)) *env {
	t.Helper()
	if dsn == "" {
		dsn = sqliteDSN(t)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return newEnvStore(t, st, dsn, opts, edit...)
}

// newEnvStore starts a server on the open store st of the database dsn.
func newEnvStore(t testing.TB, st *store.Store, dsn string, opts web.Options, edit ...func(*config.Config)) *env {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = filepath.Dir(dsn)
	ts := httptest.NewUnstartedServer(nil)
	for _, e := range edit {
		e(&cfg)
	}
	if cfg.BaseURL == selfURL {
		cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	}
	if len(cfg.SSO) > 0 { // fills the providers' defaults, as app.Open does
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	logs := &strings.Builder{}
	logger := slog.New(slog.NewJSONHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	slept := &sleeps{}
	if opts.Sleep == nil {
		opts.Sleep = slept.sleep
	}
	srv, err := web.New(ctx, cfg, st, logger, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close) // after ts.Close: the PDF engine's browser
	ts.Config.Handler = srv
	ts.Start()
	t.Cleanup(ts.Close)
	return &env{t: t, store: st, srv: srv, ts: ts, logs: logs, slept: slept}
}

func (e *env) org(slug string) *domain.Organisation {
	e.t.Helper()
	o := &domain.Organisation{Slug: slug, Name: "Gemeente " + slug}
	if err := e.store.CreateOrganisation(context.Background(), store.CLI, o); err != nil {
		e.t.Fatal(err)
	}
	return o
}

func (e *env) user(org *domain.Organisation, username string, roles ...domain.Role) *domain.User {
	e.t.Helper()
	hash, err := auth.HashPassword(auth.TestParams, testPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	u := &domain.User{OrgID: org.ID, Username: username, PasswordHash: hash, Roles: roles}
	if err := e.store.CreateUser(context.Background(), store.CLI, u); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// session mints a session in the given state and returns its cookie value,
// as if the user had logged in that far.
func (e *env) session(u *domain.User, st domain.SessionState) string {
	e.t.Helper()
	token, _ := auth.NewToken()
	if _, err := e.store.CreateSession(context.Background(), auth.HashToken(token), u, st,
		store.SessionTimeouts{Idle: time.Hour, Absolute: 10 * time.Hour}); err != nil {
		e.t.Fatal(err)
	}
	return token
}

// request is one HTTP request; redirects are not followed, so tests see them.
type request struct {
	method, path string
	form         url.Values
	cookie       string // session token
	header       map[string]string
}

type response struct {
	*http.Response
	body string
}

func (e *env) do(rq request) response {
	e.t.Helper()
	var body io.Reader
	if rq.form != nil {
		body = strings.NewReader(rq.form.Encode())
	}
	if rq.method == "" {
		rq.method = http.MethodGet
	}
	req, err := http.NewRequest(rq.method, e.ts.URL+rq.path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if rq.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if rq.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "integer_session", Value: rq.cookie})
	}
	for k, v := range rq.header {
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return response{Response: res, body: string(b)}
}

// sessionCookie returns the session token the response set ("" if none).
func (r response) sessionCookie() string {
	for _, c := range r.Cookies() {
		if c.Name == "integer_session" {
			return c.Value
		}
	}
	return ""
}

func (r response) location() string { return r.Header.Get("Location") }

type lockedWriter struct {
	w interface{ Write([]byte) (int, error) }
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	logMu.Lock()
	defer logMu.Unlock()
	return l.w.Write(b)
}

var logMu sync.Mutex
