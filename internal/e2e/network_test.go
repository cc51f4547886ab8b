package e2e

import (
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
)

// cspWatch is evaluated in every document before the page's own content: it
// records each Content-Security-Policy violation, so the test can tell that
// the policy and the pages agree (no inline style or script, nothing from
// elsewhere). DevTools adds it, so the policy itself does not apply to it.
const cspWatch = `window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
	window.__csp.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') +
		(e.sourceFile ? ' at ' + e.sourceFile + ':' + e.lineNumber : '') + ' ' + (e.sample || '')));`

// TestNothingFromOtherHosts walks through login, enrolment, recovery codes,
// the dashboard, the account page and a second login, and checks that the
// browser requests nothing from any host but the server's (data: URLs, which
// stay in the page, are allowed), that no Content-Security-Policy violation
// happens, and that no script error or console error shows.
func TestNothingFromOtherHosts(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.newUser(t, "petra", domain.RoleCoordinator)
	p := newPage(t, srv)
	host := strings.TrimPrefix(srv.base, "http://")

	var (
		mu       sync.Mutex
		requests []string
		problems []string // console errors and uncaught exceptions
	)
	err := chromedp.Listen(p.ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, ev.Request.URL)
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			// The browser asks for /favicon.ico by itself; no page links
			// to it, and the server has none (it answers 404 after a
			// redirect to /favicon.ico/), which is not this test's concern.
			if strings.HasPrefix(ev.Entry.URL, srv.base+"/favicon.ico") {
				return
			}
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				problems = append(problems, "browser log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, "console."+string(ev.Type))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(p.ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch}); err != nil {
		t.Fatal(err)
	}

	var violations []string
	visited := 0
	checkCSP := func() {
		t.Helper()
		visited++
		for _, v := range eval[[]string](p, `window.__csp || ['the CSP watcher did not run']`) {
			violations = append(violations, p.location()+": "+v)
		}
	}

	p.expect(p.open("login"), 200, "login", "Inloggen")
	checkCSP()
	p.expect(p.login("petra"), 200, "enrol", "Tweestapsverificatie instellen")
	checkCSP()
	code, err := auth.TOTPCode(p.text("code.secret"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p.fill("code", code)
	p.expect(p.submit(), 200, "enrol", "Uw herstelcodes")
	checkCSP()
	p.expect(p.click("main a.utrecht-button-link"), 200, "dashboard", "Overzicht")
	checkCSP()
	p.expect(p.open("account"), 200, "account", "")
	checkCSP()
	p.expect(p.click(`form[action="/lang"] button`), 200, "account", "")
	checkCSP()
	p.expect(p.click(`form[action="`+srv.path("logout")+`"] button`), 200, "login", "Log in")
	checkCSP()
	p.expect(p.login("petra"), 200, "login/code", "Two-step verification")
	checkCSP()

	mu.Lock()
	defer mu.Unlock()
	if len(requests) < 2*visited {
		t.Fatalf("saw only %d requests on %d pages: are network events on?", len(requests), visited)
	}
	var foreign []string
	for _, r := range requests {
		u, err := url.Parse(r)
		switch {
		case err != nil:
			foreign = append(foreign, r+" (unparsable)")
		case u.Scheme == "data":
			// An image inside a style sheet: it never leaves the page.
		case u.Scheme != "http" || u.Host != host:
			foreign = append(foreign, r)
		}
	}
	if len(foreign) > 0 {
		t.Errorf("requests to somewhere other than %s:\n  %s", host, strings.Join(foreign, "\n  "))
	}
	if len(violations) > 0 {
		t.Errorf("Content-Security-Policy violations:\n  %s", strings.Join(violations, "\n  "))
	}
	if len(problems) > 0 {
		t.Errorf("script errors or console errors:\n  %s", strings.Join(problems, "\n  "))
	}
	slices.Sort(requests)
	t.Logf("%d requests on %d pages, e.g. %s", len(requests), visited, strings.Join(slices.Compact(requests), ", "))
}
