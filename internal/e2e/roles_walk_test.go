package e2e

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/integer-nl/integer/internal/app"
	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/cli"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/seal"
)

// TestDefect_EveryRoleWalksItsPages walks, as issue 12 did, the demo as
// each role would: the coordinator, the controller, a confidential
// adviser, HR, an employee, and the reporter with JavaScript off. Every page
// has no WCAG 2.1 A/AA violation and writes no "(s)"/"(en)" plural; the
// things that made people stop are checked where they were: the dashboard
// lists what is due, the report list says what each report is about, the
// controller reads metadata without narratives, the compliance view counts
// in months and years; and the reporter's mailbox has one name on every
// page, staff and public alike.
func TestDefect_EveryRoleWalksItsPages(t *testing.T) {
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	w := &walk{axe: string(src), srv: newDemoServer(t), mailboxNames: map[string]string{}}

	t.Run("coordinator", func(t *testing.T) {
		p := w.login(t, "coordinator")
		w.page(p, "dashboard", "dashboard")
		if n := eval[int](p, `document.querySelectorAll('main table.deadlines tbody tr a[href*="/reports/"]').length`); n == 0 {
			t.Error("the dashboard lists no overdue or nearly-due report")
		}
		w.page(p, "reports", "report list")
		heads := eval[[]string](p, `[...document.querySelectorAll('main table thead th')].map(th => th.textContent.trim())`)
		for _, want := range []string{"Onderwerp", "Soort schending", "Behandelaar"} {
			if !slices.Contains(heads, want) {
				t.Errorf("the report list has no column %q: %q", want, heads)
			}
		}
		if !strings.Contains(mainText(p), "nog niet beoordeeld") {
			t.Error("the report list does not say which reports are not yet assessed")
		}
		first := eval[string](p, `document.querySelector('main table tbody th a').getAttribute('href')`)
		p.expect(p.open(strings.TrimPrefix(first, w.srv.path(""))), 200, strings.TrimPrefix(first, w.srv.path("")), "")
		w.check(p, "a report")
		if eval[int](p, `document.querySelectorAll('#form-subject input[name=subject]').length`) != 1 {
			t.Error("the report page has no field for the subject")
		}
		w.page(p, "reports/new", "new report form")
	})

	t.Run("controller", func(t *testing.T) {
		p := w.login(t, "controller")
		w.page(p, "dashboard", "dashboard")
		w.page(p, "reports", "metadata list")
		text := mainText(p)
		if n := eval[int](p, `document.querySelectorAll('main table tbody tr').length`); n < 5 {
			t.Errorf("the controller's list shows %d reports", n)
		}
		for _, never := range []string{"dienstauto", "stagiaires", "M. Yilmaz", "R. de Groot", "Vergunningen laat"} {
			if strings.Contains(text, never) {
				t.Errorf("the controller's list shows %q from a narrative or an identity", never)
			}
		}
		if n := eval[int](p, `document.querySelectorAll('main a[href*="/reports/"]').length`); n != 0 {
			t.Errorf("the controller's list links %d reports to open", n)
		}
		w.page(p, "aggression", "aggression counts")
		w.page(p, "gifts", "gift counts")
		w.page(p, "annual-report", "annual report")
		w.page(p, "vulnerable-positions", "vulnerable positions")
		if link := eval[string](p, `(document.querySelector('main a[href*="/vulnerable-positions/"]:not([href$="/new"])') || {}).getAttribute?.('href') || ''`); link != "" {
			w.page(p, strings.TrimPrefix(link, w.srv.path("")), "a vulnerable position")
		} else {
			t.Error("the demo's vulnerable positions link no position")
		}
		w.page(p, "vulnerable-positions/new", "new vulnerable position")
		w.page(p, "surveys", "surveys")
		if link := eval[string](p, `(document.querySelector('main a[href*="/surveys/"]') || {}).getAttribute?.('href') || ''`); link != "" {
			w.page(p, strings.TrimPrefix(link, w.srv.path("")), "a survey")
		} else {
			t.Error("the demo's surveys link no survey")
		}
	})

	t.Run("adviser", func(t *testing.T) {
		p := w.login(t, "adviser")
		w.page(p, "dashboard", "dashboard")
		w.page(p, "adviser", "adviser's records")
		w.page(p, "adviser/cases", "adviser's cases")
	})

	t.Run("hr", func(t *testing.T) {
		p := w.login(t, "hr")
		w.page(p, "dashboard", "dashboard")
		w.page(p, "people", "people")
		w.page(p, "compliance", "compliance")
		since := eval[[]string](p, `[...document.querySelectorAll('#lacking ~ .utrecht-table__container tbody tr td:nth-of-type(4)')].map(td => td.textContent.trim())`)
		for _, s := range since {
			if m := regexp.MustCompile(`^(\d+) dagen`).FindStringSubmatch(s); m != nil && len(m[1]) > 2 {
				t.Errorf("the compliance view counts %q", s)
			}
		}
		if link := eval[string](p, `(document.querySelector('main a[href$="/duties"]') || {}).getAttribute?.('href') || ''`); link != "" {
			w.page(p, strings.TrimPrefix(link, w.srv.path("")), "a person's duties")
		} else if len(since) > 0 {
			t.Error("the compliance view offers no way to mark a duty")
		}
		w.page(p, "gifts", "gifts")
		w.page(p, "aggression", "aggression")
		w.page(p, "outside-activities", "outside activities")
		w.page(p, "vulnerable-positions", "vulnerable positions (read)")
	})

	t.Run("employee", func(t *testing.T) {
		p := w.login(t, "employee")
		w.page(p, "dashboard", "dashboard")
		w.page(p, "my", "own registers")
		w.page(p, "my/gifts", "own gifts")
		w.page(p, "my/outside-activities", "own outside activities")
	})

	// On a phone the narrow columns wrap between words, never inside one
	// ("Nevenwerkzaamhei/d" was the employee's column header).
	t.Run("phone", func(t *testing.T) {
		for _, walk := range []struct {
			role  string
			pages []string
		}{
			{"employee", []string{"dashboard", "my", "my/gifts", "my/outside-activities"}},
			{"coordinator", []string{"dashboard", "reports"}},
			{"controller", []string{"reports", "annual-report", "vulnerable-positions", "surveys"}},
			{"hr", []string{"people", "compliance", "gifts", "outside-activities"}},
			{"adviser", []string{"adviser", "adviser/cases"}},
		} {
			p := w.login(t, walk.role)
			if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile)); err != nil {
				t.Fatal(err)
			}
			for _, path := range walk.pages {
				p.expect(p.open(path), 200, path, "")
				w.unbroken(p, walk.role+"'s "+path+" at 375 px")
			}
		}
	})

	t.Run("reporter without JavaScript", func(t *testing.T) {
		// axe-core needs scripts, so the pages are read without them and
		// checked by axe in a second tab that runs them.
		for _, js := range []bool{false, true} {
			r := newReporterTab(t, w.srv, js)
			p := r.browserPage
			look := func(path, name string) {
				if js {
					w.page(p, path, name)
					return
				}
				p.expect(p.open(path), 200, path, "")
				w.words(p, name+" without JavaScript")
			}
			look("", "start page")
			look("report", "report form")
			look("mailbox", "mailbox code form")
			p.fill("receipt", seal.FormatReceipt(cli.DemoReceipt))
			if resp := pressEnter(p, "main form button[type=submit]"); resp.Status != 200 {
				t.Fatalf("opening the demo mailbox: %d", resp.Status)
			}
			if js {
				w.check(p, "mailbox")
			} else {
				w.words(p, "mailbox without JavaScript")
			}
		}
	})

	// One name for the reporter's mailbox everywhere.
	if len(w.mailboxNames) > 1 {
		t.Errorf("the reporter's mailbox has several names: %v", w.mailboxNames)
	}
}

// walk is what the role walk shares: the server, axe-core, and where each
// name of the reporter's mailbox was seen.
type walk struct {
	axe          string
	srv          *server
	mu           sync.Mutex
	mailboxNames map[string]string // name → the first page it was seen on
}

// login opens a tab and logs in with the demo account of the role (the
// demo skips two-factor authentication).
func (w *walk) login(t *testing.T, username string) *browserPage {
	t.Helper()
	p := newPage(t, w.srv)
	p.expect(p.open("login"), 200, "login", "")
	p.fill("username", username)
	p.fill("password", "integer-demo-"+username)
	p.expect(p.submit(), 200, "dashboard", "")
	return p
}

// page opens a path of the organisation, expects 200 and checks it.
func (w *walk) page(p *browserPage, path, name string) {
	p.t.Helper()
	p.expect(p.open(path), 200, path, "")
	w.check(p, name)
}

// plural matches a plural written as "vermoeden(s)", "contact(en)".
var plural = regexp.MustCompile(`\p{L}\((s|en|es|n)\)`)

// mailboxWords are the names the reporter's mailbox was given.
var mailboxWords = []string{"berichtenbox", "postbus", "brievenbus", "meldingsbox"}

// check runs axe-core on the page that is open and checks its words.
func (w *walk) check(p *browserPage, name string) {
	p.t.Helper()
	p.checkAccessibility(name, w.axe)
	w.words(p, name)
	w.unbroken(p, name)
}

// brokenWords lists the words of headings, table cells, labels and buttons
// that the page breaks across two lines inside the word. A word with a
// hyphen, slash, dot, at sign or soft hyphen may break there and is left
// out, as are words wider than the whole screen.
const brokenWords = `(() => {
	const out = [];
	const root = document.querySelector('main') || document.body;
	const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
	const range = document.createRange();
	for (let n; (n = walker.nextNode());) {
		const el = n.parentElement;
		if (!el || !el.closest('th, td, caption, h1, h2, h3, h4, label, legend, button, dt, dd, .utrecht-button-link') || !el.getClientRects().length) continue;
		for (const m of n.data.matchAll(/\S+/g)) {
			const word = m[0];
			if (word.length < 4 || /[-\/.@:_\u00AD]/.test(word)) continue;
			range.setStart(n, m.index);
			range.setEnd(n, m.index + word.length);
			const rects = [...range.getClientRects()].filter(r => r.width > 0);
			const tops = new Set(rects.map(r => Math.round(r.top)));
			const width = rects.reduce((sum, r) => sum + r.width, 0);
			if (tops.size > 1 && width < window.innerWidth - 32) out.push(word);
		}
	}
	return out;
})()`

// unbroken fails when the page breaks a word inside it where it should
// have wrapped between words.
func (w *walk) unbroken(p *browserPage, name string) {
	p.t.Helper()
	if broken := eval[[]string](p, brokenWords); len(broken) > 0 {
		p.t.Errorf("%s (%s) breaks words inside them: %q", name, p.location(), broken)
	}
}

// words checks the page's text for plurals in brackets and notes which
// name of the reporter's mailbox it uses.
func (w *walk) words(p *browserPage, name string) {
	p.t.Helper()
	text := eval[string](p, `document.body.innerText`)
	if m := plural.FindAllString(text, -1); len(m) > 0 {
		p.t.Errorf("%s (%s) writes plurals as %q", name, p.location(), m)
	}
	lower := strings.ToLower(text)
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, word := range mailboxWords {
		if _, seen := w.mailboxNames[word]; !seen && strings.Contains(lower, word) {
			w.mailboxNames[word] = name
		}
	}
}

// newDemoServer starts an App in demo mode on a fresh SQLite database,
// seeded with the demo organisation as `integer demo` seeds it.
func newDemoServer(t *testing.T) *server {
	t.Helper()
	startBrowser(t)
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Addr = "127.0.0.1:0"
	cfg.Demo = true
	a := startApp(t, cfg, func(ctx context.Context, a *app.App) error {
		_, err := cli.SeedDemo(ctx, a.Store, auth.TestParams)
		return err
	})
	ctx := context.Background()
	org, err := a.Store.OrganisationBySlug(ctx, cli.DemoSlug)
	if err != nil {
		t.Fatal(err)
	}
	return &server{app: a, base: "http://" + a.Addr(), org: org}
}
