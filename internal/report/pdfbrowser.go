package report

import (
	"context"
	_ "embed"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// The PDF engine keeps one headless Chromium running between PDFs: starting
// it took 1.5–4 s of every PDF, more than laying out and printing the
// report. It is started at the first PDF (by Prepare while the report is
// built, or by the print), not with the server, so a server
// that prints none holds no browser; it is stopped after the engine's idle
// time without a PDF (DefaultPDFIdle) to give its memory back, and by Close
// when the server stops. A browser that died (it crashed, or the system
// killed it for memory) is noticed at the next PDF and replaced; a PDF
// whose browser died while printing is printed again, once, by the new one.
//
// The fonts reach Chromium through fontconfig, not as web fonts in the
// page: embedded as data: URLs they made the page 2 MB, which Chromium
// parsed and decoded for every PDF (1.5–2.5 s of it). Each browser gets a
// directory with the embedded DejaVu Sans and a fontconfig configuration
// (FONTCONFIG_FILE) that puts them first, keeps the system's fonts for
// characters DejaVu Sans lacks, and hides the system's own DejaVu Sans files,
// so the report's font is the embedded one on every server.

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// pdfBrowser is one running Chromium and the directory of its fonts.
type pdfBrowser struct {
	ctx  context.Context // the browser's chromedp context: ends when the browser stops or dies
	stop func()          // ends the browser and waits for it
	dir  string          // fonts, fontconfig configuration and cache; removed with the browser
	pid  int
	once sync.Once

	tabMu   sync.Mutex
	spare   *pdfTab       // the next PDF's tab, made ready (pdftab.go); nil when none
	made    chan struct{} // while the next PDF's tab is being made: closed when it is ready or failed
	stopped bool          // the browser stops: no more tabs are made
}

// alive says whether the browser still runs and answers.
func (b *pdfBrowser) alive() bool {
	if b.ctx.Err() != nil {
		return false
	}
	select {
	case <-chromedp.FromContext(b.ctx).Browser.LostConnection:
		return false
	default:
		return true
	}
}

// close ends the browser (if it still runs) and removes its directory.
func (b *pdfBrowser) close() {
	b.once.Do(func() {
		b.dropTab()
		b.stop()
		_ = os.RemoveAll(b.dir)
	})
}

// acquire gives the running browser for one print, and starts one when
// there is none or it died (or waits for the start Prepare began).
func (e *PDFEngine) acquire(ctx context.Context) (*pdfBrowser, error) {
	for {
		e.mu.Lock()
		if e.closed {
			e.mu.Unlock()
			return nil, ErrPDFEngineClosed
		}
		e.reapDeadLocked()
		if b := e.browser; b != nil {
			e.printing++
			e.peak = max(e.peak, e.printing)
			e.mu.Unlock()
			return b, nil
		}
		// Every print waits for this one start: they need the same browser.
		st := e.startLocked()
		e.mu.Unlock()
		select {
		case <-st.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if st.err != nil {
			return nil, st.err
		}
	}
}

// browserStart is a browser being started; done is closed when it runs
// (it is then the engine's browser) or failed (err).
type browserStart struct {
	done chan struct{}
	err  error
}

// startLocked starts a browser in the background, unless one is being
// started, and gives that start. The caller holds e.mu. The start does not
// end with the request that asked for it: a browser that started after its
// request gave up serves the next PDF, or stops after the idle time.
func (e *PDFEngine) startLocked() *browserStart {
	if e.starting != nil {
		return e.starting
	}
	st := &browserStart{done: make(chan struct{})}
	e.starting = st
	go func() {
		b, err := startBrowser(context.Background(), e.path)
		e.mu.Lock()
		e.starting = nil
		switch {
		case err != nil:
		case e.closed:
			go b.close()
			err = ErrPDFEngineClosed
		default:
			e.browser = b
			e.starts++
			// A browser that Prepare started for a request that never
			// printed is stopped after the idle time too.
			e.usedLocked()
		}
		st.err = err
		e.mu.Unlock()
		close(st.done)
	}()
	return st
}

// Prepare gets the browser and the next PDF's tab ready in the background,
// without waiting: a request that will print calls it before it builds
// its document, so that starting the browser (at the first PDF) and
// opening the tab run beside the build instead of after it.
func (e *PDFEngine) Prepare() {
	if !e.Available() {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return
	}
	e.reapDeadLocked()
	if b := e.browser; b != nil {
		b.prepareTab()
		// A PDF is coming (the caller builds it now): the idle time counts
		// from here, or the browser could stop during the build and the
		// PDF start a cold one.
		e.usedLocked()
		return
	}
	st := e.startLocked()
	go func() {
		<-st.done
		e.mu.Lock()
		b := e.browser
		closed := e.closed
		e.mu.Unlock()
		if st.err == nil && b != nil && !closed {
			b.prepareTab()
		}
	}()
}

// release ends one print in tab (nil when none could be opened) of b,
// which printed the PDF when ok; makes the next PDF's tab ready when b is
// still the engine's browser, and stops the browser once the engine's idle
// time has passed without another print.
func (e *PDFEngine) release(b *pdfBrowser, tab *pdfTab, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.printing--
	if tab != nil && ok {
		if tab.ready {
			e.readyTab++
		}
		if c := chromedp.FromContext(tab.ctx); c != nil {
			e.lastContext = string(c.BrowserContextID)
		}
	}
	// Not while other PDFs print: the next tab's small print would be a
	// third print beside the two the slots allow; the last to end makes it.
	if b == e.browser && !e.closed && b.alive() && e.printing == 0 {
		b.prepareTab()
	}
	// The timer stops the engine's current browser, which need not be the
	// one this print used: when that died mid-print, a later print started
	// another.
	e.usedLocked()
}

// reapDeadLocked forgets the engine's browser when it died, reaping what
// is left of it and removing its directory in the background. The caller
// holds e.mu.
func (e *PDFEngine) reapDeadLocked() {
	if e.browser != nil && !e.browser.alive() {
		go e.browser.close()
		e.browser = nil
	}
}

// usedLocked counts the idle time from now and, while nothing prints,
// (re)starts the timer that stops the browser once it has passed. The
// caller holds e.mu.
func (e *PDFEngine) usedLocked() {
	e.lastUsed = time.Now()
	if e.printing == 0 && e.browser != nil && !e.closed {
		e.armIdleLocked()
	}
}

// armIdleLocked (re)starts the timer that stops the browser after the idle
// time. The caller holds e.mu.
func (e *PDFEngine) armIdleLocked() {
	if e.idleStop != nil {
		e.idleStop.Stop()
	}
	e.idleStop = time.AfterFunc(e.idle, e.stopIdle)
}

// stopIdle stops the browser when nothing was printed for the idle time.
func (e *PDFEngine) stopIdle() {
	e.mu.Lock()
	b := e.browser
	if e.printing > 0 || b == nil || time.Since(e.lastUsed) < e.idle {
		e.mu.Unlock()
		return
	}
	e.browser = nil
	e.mu.Unlock()
	b.close()
}

// Close stops the browser and refuses every later PDF (ErrPDFEngineClosed).
// The server calls it when it stops, after the requests in flight ended.
func (e *PDFEngine) Close() error {
	if e == nil {
		return nil
	}
	e.mu.Lock()
	e.closed = true
	b := e.browser
	e.browser = nil
	if e.idleStop != nil {
		e.idleStop.Stop()
	}
	e.mu.Unlock()
	if b != nil {
		b.close()
	}
	return nil
}

// browserStartTimeout bounds a browser's start, which is not bound to the
// request that needed it (the browser outlives it).
const browserStartTimeout = 60 * time.Second

// startBrowser starts Chromium with the report's fonts, without network or
// scripts. Its life is not bound to ctx: ctx only stops waiting for it.
func startBrowser(ctx context.Context, path string) (*pdfBrowser, error) {
	dir, err := os.MkdirTemp("", "integer-pdf-")
	if err != nil {
		return nil, err
	}
	conf, err := writeFonts(dir)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.DisableGPU,
		// No network at all: the page is set from memory and needs nothing
		// else; a reference that slipped in goes to a closed port.
		chromedp.ProxyServer("127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		chromedp.Flag("blink-settings", "scriptEnabled=false"),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Env("FONTCONFIG_FILE="+conf),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to run as root with its sandbox; a server should
		// not run as root (docs/deploy.md).
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	b := &pdfBrowser{ctx: bctx, dir: dir, stop: func() { cancelBrowser(); cancelAlloc() }}
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	timeout := time.NewTimer(browserStartTimeout)
	defer timeout.Stop()
	select {
	case err = <-started:
	case <-ctx.Done():
		err = ctx.Err()
	case <-timeout.C:
		err = errors.New("Chromium did not start within " + browserStartTimeout.String())
	}
	if err == nil {
		if p := chromedp.FromContext(bctx).Browser.Process(); p != nil {
			b.pid = p.Pid
		}
	}
	if err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

// writeFonts writes the embedded fonts into dir and a fontconfig
// configuration that makes them the only DejaVu Sans, and returns the
// configuration's path. The files are not named DejaVuSans*.ttf, so that
// the rule hiding the system's DejaVu Sans spares them.
func writeFonts(dir string) (string, error) {
	fonts := filepath.Join(dir, "fonts")
	if err := os.Mkdir(fonts, 0o700); err != nil {
		return "", err
	}
	for name, ttf := range map[string][]byte{"integer-sans.ttf": fontRegular, "integer-sans-bold.ttf": fontBold} {
		if err := os.WriteFile(filepath.Join(fonts, name), ttf, 0o600); err != nil {
			return "", err
		}
	}
	conf := filepath.Join(dir, "fonts.conf")
	return conf, os.WriteFile(conf, []byte(fontconfig(fonts, filepath.Join(dir, "cache"))), 0o600)
}

// fontconfig is the browser's font configuration: the embedded fonts
// first, then the system's configuration (fallback for other characters)
// without its DejaVu Sans files (Debian and most systems name them so).
func fontconfig(fonts, cache string) string {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
	return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>` + esc(fonts) + `</dir>
  <cachedir>` + esc(cache) + `</cachedir>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont>
    <rejectfont>
      <glob>*/DejaVuSans.ttf</glob>
      <glob>*/DejaVuSans-*.ttf</glob>
      <glob>*/DejaVuSansCondensed*.ttf</glob>
    </rejectfont>
  </selectfont>
</fontconfig>
`
}
