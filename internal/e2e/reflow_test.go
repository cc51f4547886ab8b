package e2e

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// pageOverflow is how many CSS pixels the page is wider than the screen,
// and the elements that stick out, outside the table containers that
// scroll on their own.
const pageOverflow = `(() => {
	const over = Math.max(0, Math.ceil(document.documentElement.scrollWidth - window.innerWidth));
	const culprits = [];
	if (over > 0) {
		for (const e of document.querySelectorAll('body *')) {
			if (e.closest('.utrecht-table__container')) continue;
			const r = e.getBoundingClientRect();
			if (r.right > window.innerWidth + 0.5 && r.width > 0) culprits.push(e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '') + ' ' + Math.round(r.right) + 'px');
			if (culprits.length == 5) break;
		}
	}
	return {over, culprits};
})()`

// number is an id in a path; download a path that is a file, not a page.
var (
	number   = regexp.MustCompile(`[0-9]+`)
	download = regexp.MustCompile(`\.(csv|xlsx|pdf|json)$|/(download|export|attachments?|checkpoint)(/|$)`)
)

type overflow struct {
	Over     int      `json:"over"`
	Culprits []string `json:"culprits"`
}

// TestEveryPageReflowsAt320 opens, at 320 CSS pixels (WCAG 2.1 1.4.10,
// a 1280-pixel screen zoomed to 400 %), every page of the demo that a
// menu links to, for every role, and the public pages: none may be wider
// than the screen. A table wider than the screen scrolls inside its own
// container (data tables are two-dimensional content, which 1.4.10
// exempts), and words wrap between words (TestDefect_EveryRoleWalksItsPages).
func TestEveryPageReflowsAt320(t *testing.T) {
	srv := newDemoServer(t)
	w := &walk{srv: srv, mailboxNames: map[string]string{}}
	measure := func(p *browserPage, path string) {
		p.t.Helper()
		p.expect(p.open(path), 200, path, "")
		if o := eval[overflow](p, pageOverflow); o.Over > 0 {
			p.t.Errorf("%s is %d px wider than a 320-px screen; sticking out: %q", p.location(), o.Over, o.Culprits)
		}
	}
	narrow := func(p *browserPage) {
		p.t.Helper()
		if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(320, 640)); err != nil {
			p.t.Fatalf("320-px viewport: %v", err)
		}
	}

	t.Run("public", func(t *testing.T) {
		p := newPage(t, srv)
		narrow(p)
		// The measure itself: the screen is 320 px, and an element of
		// 400 px makes the page 80 px too wide.
		p.expect(p.open(""), 200, "", "")
		if got := eval[int](p, `window.innerWidth`); got != 320 {
			t.Fatalf("the screen is %d px wide, want 320", got)
		}
		probe := eval[overflow](p, `(() => { const d = document.createElement('div'); d.style.width = '400px'; d.style.height = '1px'; document.querySelector('main').append(d); return `+pageOverflow+`; })()`)
		if probe.Over != 80 {
			t.Fatalf("a 400-px element makes the page %d px too wide, want 80", probe.Over)
		}
		for _, path := range []string{"", "report", "mailbox", "register", "toegankelijkheid", "login"} {
			measure(p, path)
		}
	})

	for _, role := range []string{"coordinator", "adviser", "hr", "clerk", "controller", "custodian", "employee", "admin", "auditor"} {
		t.Run(role, func(t *testing.T) {
			p := w.login(t, role)
			narrow(p)
			// Every page the menu and the dashboard link to, and every page
			// those link to: one of each kind (reports/4 stands for every
			// report), downloads left out.
			prefix := srv.path("")
			seen := map[string]bool{}
			var pages []string
			links := func() (found []string) {
				for _, href := range eval[[]string](p, `[...document.querySelectorAll('nav a[href], main a[href]')].map(a => a.getAttribute('href'))`) {
					u, err := url.Parse(href)
					if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, prefix) || u.RawQuery != "" || download.MatchString(u.Path) {
						continue
					}
					page := strings.TrimPrefix(u.Path, prefix)
					if kind := number.ReplaceAllString(page, "#"); !seen[kind] {
						seen[kind] = true
						found = append(found, page)
					}
				}
				return found
			}
			p.expect(p.open("dashboard"), 200, "dashboard", "")
			seen["dashboard"] = true
			next := links()
			if len(next) < 2 {
				t.Fatalf("the %s's dashboard links %d pages: %q", role, len(next), next)
			}
			for depth := 0; depth < 2; depth++ {
				var deeper []string
				for _, page := range next {
					measure(p, page)
					pages = append(pages, page)
					if depth == 0 {
						deeper = append(deeper, links()...)
					}
				}
				next = deeper
			}
			t.Logf("%s: %d pages measured at 320 px", role, len(pages))
		})
	}
}
