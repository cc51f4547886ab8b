package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
)

// axeTags are the rules axe-core runs: WCAG 2.0 and 2.1, levels A and AA,
// which is what the Dutch government requires (EN 301 549).
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']`

// axeRun runs axe-core on the document and returns its findings in a shape
// that decodes into axeResult.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ` + axeTags + `}, resultTypes: ['violations', 'incomplete']})
.then(r => {
	const brief = list => list.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)).join(' '),
			html: n.html,
			summary: n.failureSummary || '',
		})),
	}));
	return {version: axe.version, passes: r.passes.length, violations: brief(r.violations), incomplete: brief(r.incomplete)};
})`

type axeResult struct {
	Version    string     `json:"version"`
	Passes     int        `json:"passes"`
	Violations []axeIssue `json:"violations"`
	Incomplete []axeIssue `json:"incomplete"`
}

type axeIssue struct {
	ID, Impact, Help, HelpURL string
	Nodes                     []struct {
		Target, HTML, Summary string
	}
}

func (i axeIssue) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s <%s>", i.ID, i.Impact, i.Help, i.HelpURL)
	for n, node := range i.Nodes {
		if n == 4 {
			fmt.Fprintf(&b, "\n      … and %d more", len(i.Nodes)-n)
			break
		}
		fmt.Fprintf(&b, "\n      %s: %s", node.Target, node.HTML)
		if node.Summary != "" {
			fmt.Fprintf(&b, "\n        %s", strings.ReplaceAll(node.Summary, "\n", "\n        "))
		}
	}
	return b.String()
}

// checkAccessibility injects axe-core into the page that is open and fails
// the test with every WCAG 2.1 A/AA violation axe finds. The script goes in
// through the DevTools protocol, which the page's Content-Security-Policy
// (no inline scripts) does not govern.
func (p *browserPage) checkAccessibility(name string, axeSource string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Evaluate[chromedp.Void](axeSource+"\n;void 0")); err != nil {
		p.t.Fatalf("%s: injecting axe-core: %v", name, err)
	}
	res, err := chromedp.Run(p.ctx, chromedp.Evaluate[axeResult](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("%s: running axe-core: %v", name, err)
	}
	for _, v := range res.Incomplete {
		p.t.Logf("%s (%s): axe %s needs a person to check: %s", name, p.location(), res.Version, v)
	}
	if res.Passes == 0 {
		p.t.Errorf("%s: axe-core %s checked no rule at all", name, res.Version)
	}
	p.t.Logf("%s: axe-core %s: %d rules pass, %d violated, %d need a person", name, res.Version, res.Passes, len(res.Violations), len(res.Incomplete))
	if len(res.Violations) == 0 {
		return
	}
	var b strings.Builder
	for _, v := range res.Violations {
		b.WriteString("\n  - " + v.String())
	}
	p.t.Errorf("%s (%s): axe-core %s found %d WCAG 2.1 A/AA violations:%s", name, p.location(), res.Version, len(res.Violations), b.String())
}

// TestAccessibility runs axe-core on every page of the login journey,
// including the pages that show errors, in both languages.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	axeSource := string(src)
	srv := newServer(t)
	srv.newUser(t, "karim", domain.RoleCoordinator)
	p := newPage(t, srv)

	p.expect(p.open("login"), 200, "login", "Inloggen")
	p.checkAccessibility("login page", axeSource)

	p.fill("username", "karim")
	p.fill("password", "not the password")
	p.expect(p.submit(), 401, "login", "Inloggen")
	p.checkAccessibility("login page with an error", axeSource)

	p.expect(p.login("karim"), 200, "enrol", "Tweestapsverificatie instellen")
	p.checkAccessibility("enrolment page", axeSource)

	p.fill("code", "000000x")
	p.expect(p.submit(), 400, "enrol", "Tweestapsverificatie instellen")
	p.checkAccessibility("enrolment page with a wrong code", axeSource)

	secret := p.text("code.secret")
	code, err := auth.TOTPCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p.fill("code", code)
	p.expect(p.submit(), 200, "enrol", "Uw herstelcodes")
	p.checkAccessibility("recovery codes page", axeSource)

	p.expect(p.click("main a.utrecht-button-link"), 200, "dashboard", "Overzicht")
	p.checkAccessibility("dashboard", axeSource)

	p.expect(p.open("account"), 200, "account", "")
	p.checkAccessibility("account page", axeSource)

	p.expect(p.click(`form[action="/lang"] button`), 200, "account", "")
	p.expect(p.open("dashboard"), 200, "dashboard", "Overview")
	p.checkAccessibility("dashboard in English", axeSource)

	p.expect(p.click(`form[action="`+srv.path("logout")+`"] button`), 200, "login", "Log in")
	p.expect(p.login("karim"), 200, "login/code", "Two-step verification")
	p.checkAccessibility("code page", axeSource)

	p.fill("code", "123456")
	p.expect(p.submit(), 401, "login/code", "Two-step verification")
	p.checkAccessibility("code page with a wrong code", axeSource)

	p.expect(p.open("no-such-page"), 404, "no-such-page", "")
	p.checkAccessibility("error page", axeSource)
}
