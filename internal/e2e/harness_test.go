// Package e2e holds end-to-end tests: a real Integer server, started in the
// test process on a fresh SQLite database, driven by a real headless Chromium
// through the DevTools protocol (github.com/chromedp/chromedp).
//
// The tests need Chromium. It is looked up in INTEGER_CHROMIUM, then
// /usr/bin/chromium, then chromium, chromium-browser, google-chrome and
// google-chrome-stable on PATH. Without it the tests are skipped, or fail
// when INTEGER_REQUIRE_ALL=1 (as in CI). One browser serves the whole test
// binary; each test gets its own tab in its own browser context, so cookies
// never leak from one test into another.
//
// Set INTEGER_E2E_SCREENSHOTS to a directory to keep the screenshots the
// tests take (by default they go to a temporary directory).
package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/integer-nl/integer/internal/app"
	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// tabTimeout bounds each test's work in the browser: generous for a slow CI
// runner, but a hung page fails the test instead of the whole binary.
const tabTimeout = 60 * time.Second

// The organisation and the password every test account gets.
const (
	orgSlug  = "voorbeeldstad"
	orgName  = "Gemeente Voorbeeldstad"
	password = "correct horse battery staple"
)

// browser is the one Chromium of the test binary, started by the first test
// that needs it and stopped by TestMain.
var browser struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	dir    string // the profile (--user-data-dir), removed at the end
	path   string // the executable; empty when none was found
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel() // stops Chromium and waits for it
	}
	if browser.dir != "" {
		os.RemoveAll(browser.dir)
	}
	os.Exit(code)
}

// findChromium returns the browser to drive, or "" when there is none.
func findChromium() string {
	if p := os.Getenv("INTEGER_CHROMIUM"); p != "" {
		if lp, err := exec.LookPath(p); err == nil {
			return lp
		}
		return ""
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser returns the browser context, starting Chromium on first use.
// Without Chromium it skips the test (or fails it under INTEGER_REQUIRE_ALL=1).
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	browser.once.Do(func() {
		browser.path = findChromium()
		if browser.path == "" {
			return
		}
		browser.dir, browser.err = os.MkdirTemp("", "integer-e2e-chromium-")
		if browser.err != nil {
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(browser.path),
			chromedp.Headless,
			chromedp.NoSandbox, // root in a container has no usable sandbox
			chromedp.DisableGPU,
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-default-apps", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.NoFirstRun,
			chromedp.UserDataDir(browser.dir),
			chromedp.WindowSize(1280, 900),
		)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelBrowser := chromedp.NewContext(allocCtx)
		browser.ctx = ctx
		browser.cancel = func() { cancelBrowser(); cancelAlloc() }
		// The first Run starts the browser and binds it to ctx, which has no
		// timeout; a start that hangs is bounded by a watchdog instead.
		started := make(chan error, 1)
		go func() { started <- chromedp.Do(ctx) }()
		select {
		case browser.err = <-started:
		case <-time.After(30 * time.Second):
			browser.err = errors.New("Chromium did not start within 30 s")
		}
	})
	if browser.path == "" {
		dbtest.SkipOrFail(t, "browser tests need Chromium (Debian: apt-get install chromium); skipping")
	}
	if browser.err != nil {
		t.Fatalf("starting %s: %v", browser.path, browser.err)
	}
	return browser.ctx
}

// newTab opens a tab in a fresh browser context (its own cookies) and returns
// its context, which ends after tabTimeout.
func newTab(t *testing.T) context.Context {
	t.Helper()
	bctx := startBrowser(t)
	tab, closeTab := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(closeTab)
	if err := chromedp.Do(tab); err != nil { // opens the tab, without a timeout
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, tabTimeout)
	t.Cleanup(cancel)
	return ctx
}

// server is an Integer server running in the test process.
type server struct {
	app  *app.App
	base string // http://127.0.0.1:port
	org  *domain.Organisation
}

// newServer starts an App on a fresh SQLite database in a temporary
// directory, listening on a free port, with one organisation.
func newServer(t *testing.T) *server {
	t.Helper()
	startBrowser(t) // skip before starting anything when there is no browser
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Addr = "127.0.0.1:0"
	a := startApp(t, cfg, nil)
	org := &domain.Organisation{Slug: orgSlug, Name: orgName}
	if err := a.Store.CreateOrganisation(context.Background(), store.CLI, org); err != nil {
		t.Fatalf("CreateOrganisation: %v", err)
	}
	return &server{app: a, base: "http://" + a.Addr(), org: org}
}

// startApp opens an App with cfg, lets seed fill its database before it
// listens (nil: nothing), serves on cfg.Addr until the test ends, and
// writes its log to the test's output.
func startApp(t *testing.T, cfg config.Config, seed func(context.Context, *app.App) error) *app.App {
	t.Helper()
	cfg.LogFormat = "text"
	logs := &testWriter{t: t}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))

	ctx := context.Background()
	a, err := app.Open(ctx, cfg, logger, app.Options{PasswordParams: auth.TestParams})
	if err != nil {
		t.Fatalf("app.Open: %v", err)
	}
	if seed != nil {
		if err := seed(ctx, a); err != nil {
			a.Close()
			t.Fatalf("seeding: %v", err)
		}
	}
	if err := a.Listen(); err != nil {
		a.Close()
		t.Fatalf("app.Listen: %v", err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Run(runCtx) }()
	t.Cleanup(func() {
		stop()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("app.Run: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("app.Run did not return within 30 s of its context ending")
		}
		logs.close()
		if err := a.Close(); err != nil {
			t.Errorf("app.Close: %v", err)
		}
	})
	return a
}

// url returns the absolute URL of a path of the organisation ("login").
func (s *server) url(path string) string { return s.base + s.path(path) }

// path returns the path of a page of the organisation ("/voorbeeldstad/login").
func (s *server) path(p string) string { return "/" + s.org.Slug + "/" + p }

// newUser creates an account with the roles and the package's password.
func (s *server) newUser(t *testing.T, username string, roles ...domain.Role) *domain.User {
	t.Helper()
	hash, err := auth.HashPassword(auth.TestParams, password)
	if err != nil {
		t.Fatal(err)
	}
	u := &domain.User{OrgID: s.org.ID, Username: username, DisplayName: "Test " + username,
		Email: username + "@voorbeeldstad.example", PasswordHash: hash, Roles: roles}
	if err := s.app.Store.CreateUser(context.Background(), store.CLI.In(s.org.ID), u); err != nil {
		t.Fatalf("CreateUser %s: %v", username, err)
	}
	return u
}

// testWriter keeps the server's log and shows it (with t.Log) only when the
// test failed; whatever the server writes after the test is dropped.
type testWriter struct {
	mu     sync.Mutex
	t      *testing.T
	buf    strings.Builder
	closed bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.buf.Write(p)
	}
	return len(p), nil
}

// close stops the log and shows it when the test failed.
func (w *testWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	if w.t.Failed() && w.buf.Len() > 0 {
		w.t.Log("server log:\n" + w.buf.String())
	}
}

// browserPage drives one tab for one test; its methods fail the test on any
// error, so the tests read as the steps a person takes.
type browserPage struct {
	t   *testing.T
	ctx context.Context
	srv *server
}

func newPage(t *testing.T, srv *server) *browserPage {
	t.Helper()
	return &browserPage{t: t, ctx: newTab(t), srv: srv}
}

// open navigates to a path of the organisation and returns the response.
func (p *browserPage) open(path string) *network.Response {
	p.t.Helper()
	resp, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(p.srv.url(path)))
	if err != nil {
		p.t.Fatalf("opening %s: %v", path, err)
	}
	return resp
}

// The helpers below find elements with the page's own querySelector, through
// the DevTools protocol's Runtime.evaluate, and act on them there or with key
// events to the focused element; not with chromedp's DOM queries and mouse
// events. On a loaded CI machine those once missed the link of a freshly
// loaded page (chromedp's copy of the DOM lagged behind the page, or the mouse
// landed where the element had been) and the test waited for a navigation that
// never came. Runtime.evaluate also works in a tab whose scripts are disabled
// (the reporter without JavaScript); the page's own timers do not, so waiting
// polls from Go.

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// await evaluates the boolean expression until it is true, for at most 20 s.
func (p *browserPage) await(what, expr string) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) || p.ctx.Err() != nil {
			p.t.Fatalf("waiting for %s on %s: not there after 20 s (%v)", what, p.location(), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// element waits until an element matching css is on the page and returns the
// JavaScript expression for it; with visible, until it is also laid out.
func (p *browserPage) element(css string, visible bool) string {
	p.t.Helper()
	el := "document.querySelector(" + jsString(css) + ")"
	cond := el + " !== null"
	if visible {
		cond = "(el => el !== null && el.getClientRects().length > 0)(" + el + ")"
	}
	p.await(css, cond)
	return el
}

// do runs a statement on the element (bound to el) once it is visible.
func (p *browserPage) do(css, statement string) {
	p.t.Helper()
	el := p.element(css, true)
	if _, err := chromedp.Run(p.ctx, chromedp.Evaluate[chromedp.Void]("(el => { "+statement+" })("+el+")")); err != nil {
		p.t.Fatalf("%s on %s: %v", css, p.location(), err)
	}
}

// focus gives the element the keyboard focus, with the caret after any text,
// so that key events go to it.
func (p *browserPage) focus(css string) {
	p.t.Helper()
	p.do(css, `el.focus();
		try { el.setSelectionRange(el.value.length, el.value.length); } catch (e) { /* not a text field */ }
		if (document.activeElement !== el) { throw new Error("the element did not take the focus"); }`)
}

// keys types the text into the element after what it holds, as a person
// would: with key events.
func (p *browserPage) keys(css, text string) {
	p.t.Helper()
	p.focus(css)
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent(text)); err != nil {
		p.t.Fatalf("typing into %s on %s: %v", css, p.location(), err)
	}
}

// clear empties a text field.
func (p *browserPage) clear(css string) {
	p.t.Helper()
	p.do(css, `el.value = "";`)
}

// fill replaces the value of the form field named name (its id is f-name),
// typing the new one.
func (p *browserPage) fill(name, value string) {
	p.t.Helper()
	p.clear("#f-" + name)
	p.keys("#f-"+name, value)
}

// click activates the element, waits for the page it leads to and returns
// the response of that page.
func (p *browserPage) click(css string) *network.Response {
	p.t.Helper()
	from := p.location()
	el := p.element(css, true)
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Evaluate[chromedp.Void](el+".click()"))
	if err != nil {
		p.t.Fatalf("clicking %s on %s: %v", css, from, err)
	}
	return resp
}

// submit clicks the primary button of the page's main form.
func (p *browserPage) submit() *network.Response {
	p.t.Helper()
	return p.click("main form button[type=submit]")
}

// location is the current path and query, e.g. /voorbeeldstad/login?next=….
func (p *browserPage) location() string {
	loc, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`location.pathname + location.search`))
	if err != nil {
		return fmt.Sprintf("(location unknown: %v)", err)
	}
	return loc
}

// text returns the text of the first element matching css, as rendered.
func (p *browserPage) text(css string) string {
	p.t.Helper()
	return strings.TrimSpace(eval[string](p, p.element(css, false)+".innerText"))
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](p *browserPage, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluating %s on %s: %v", expr, p.location(), err)
	}
	return v
}

// expect checks that the browser shows the page at path (of the
// organisation) with the heading (unless ""), after a response with the
// status.
func (p *browserPage) expect(resp *network.Response, status int64, path, heading string) {
	p.t.Helper()
	u, err := url.Parse(resp.URL)
	if err != nil {
		p.t.Fatalf("response URL %q: %v", resp.URL, err)
	}
	if u.Path != p.srv.path(path) || resp.Status != status {
		p.t.Fatalf("got %d %s, want %d %s (heading %q, alert %q)", resp.Status, resp.URL, status, p.srv.path(path), p.text("h1"), p.alert())
	}
	if h := p.text("h1"); heading != "" && h != heading {
		p.t.Fatalf("%s: heading %q, want %q", u.Path, h, heading)
	}
}

// alert returns the text of the page's error message, if any.
func (p *browserPage) alert() string {
	p.t.Helper()
	return strings.TrimSpace(eval[string](p, `(document.querySelector('[role=alert]') || {textContent: ''}).textContent`))
}

// login fills in the login form of the page that is open and submits it.
func (p *browserPage) login(username string) *network.Response {
	p.t.Helper()
	p.fill("username", username)
	p.fill("password", password)
	return p.submit()
}

// loginWithTOTP logs in with the password and a TOTP code, from the login
// page, and returns the response to the code and the code. The code is that
// of the next time step: the current one may have been used already, and a
// step is accepted once only.
func (p *browserPage) loginWithTOTP(username, secret string) (*network.Response, string) {
	p.t.Helper()
	p.expect(p.open("login"), 200, "login", "")
	p.expect(p.login(username), 200, "login/code", "")
	code, err := auth.TOTPCode(secret, time.Now().Add(30*time.Second))
	if err != nil {
		p.t.Fatal(err)
	}
	p.fill("code", code)
	return p.submit(), code
}

// screenshot saves a PNG of the whole page to INTEGER_E2E_SCREENSHOTS or a
// temporary directory, for a person to look at; nothing is asserted.
func (p *browserPage) screenshot(name string) {
	p.t.Helper()
	dir := os.Getenv("INTEGER_E2E_SCREENSHOTS")
	if dir == "" {
		dir = p.t.TempDir()
	}
	buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(dir, name+".png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s (%d bytes)", file, len(buf))
}
