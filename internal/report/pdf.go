package report

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html"
	"io"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The PDF is the HTML report printed by headless Chromium, which writes a
// tagged PDF from the page's accessibility tree: the headings as H1 and H2,
// every table a Table with TH header cells, every chart (an SVG with
// role="img", a title and a description) a Figure with that text as /Alt,
// /Lang from the page's lang, the title in the metadata and shown by the
// viewer, and bookmarks from the headings. The HTML is the one that has no
// axe-core violations, so the PDF inherits its structure; a second layout
// engine would have to be made accessible on its own. The fonts are DejaVu
// Sans (embedded in the binary, licence in fonts/), given to Chromium as its
// DejaVu Sans (pdfbrowser.go), so a PDF looks the same on every server. See docs/architecture.md for the choice and docs/deploy.md
// for what the server needs.

//go:embed pdf.css
var pdfCSS string

// ErrNoPDFEngine: no Chromium was found, so no PDF can be made. The HTML,
// XLSX and JSON downloads do not need it.
var ErrNoPDFEngine = errors.New("report: no PDF engine: Chromium is not installed (Debian: apt-get install chromium) or the configured path is wrong")

// ErrPDFEngineClosed: the engine was closed (the server stops); no PDF is
// printed any more.
var ErrPDFEngineClosed = errors.New("report: the PDF engine is closed")

// DefaultPDFIdle is how long the browser stays after its last PDF before it
// is stopped to give its memory back.
const DefaultPDFIdle = 5 * time.Minute

// PDFEngine prints the report's HTML to PDF in headless Chromium, without
// scripts or network, at most two at a time. One browser process serves
// every PDF (pdfbrowser.go): started at the first, restarted when it died,
// stopped after DefaultPDFIdle without a PDF and by Close. Each PDF is
// printed in a browser context of its own (a fresh profile in memory: no
// cache, cookies or storage shared with another PDF), made ready after the
// previous PDF (pdftab.go) and closed when it is printed.
type PDFEngine struct {
	path    string
	slots   chan struct{}
	timeout time.Duration
	idle    time.Duration

	mu          sync.Mutex
	browser     *pdfBrowser   // the running browser, nil when none
	starting    *browserStart // the browser being started, nil when none
	printing    int           // PDFs being printed now
	peak        int           // the most printed at once, for the tests
	starts      int           // browsers started, for the tests
	readyTab    int           // PDFs printed in a tab made ready before, for the tests
	lastContext string        // the last PDF's browser context, for the tests
	idleStop    *time.Timer   // stops the browser once idle for e.idle
	lastUsed    time.Time     // when the last print ended
	closed      bool
}

// Chromium binaries looked for in PATH when no path is configured.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// NewPDFEngine finds Chromium: at path when it is not empty (a file or a
// name in PATH), else by its usual names in PATH. When there is none the
// engine is not Available and Write returns ErrNoPDFEngine. Nothing is
// started until the first PDF.
func NewPDFEngine(path string) *PDFEngine {
	e := &PDFEngine{slots: make(chan struct{}, 2), timeout: 90 * time.Second, idle: DefaultPDFIdle}
	names := chromiumNames
	if path != "" {
		names = []string{path}
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			e.path = p
			break
		}
	}
	return e
}

// Available reports whether Chromium was found.
func (e *PDFEngine) Available() bool { return e != nil && e.path != "" }

// Path is the Chromium binary, or "".
func (e *PDFEngine) Path() string {
	if e == nil {
		return ""
	}
	return e.path
}

// Write renders the document as a tagged PDF. css is the report's
// stylesheet (its print rules lay the pages out); toc is the contents'
// heading and pageOf the footer's "pagina %d van %d".
func (e *PDFEngine) Write(ctx context.Context, w io.Writer, d *Document, toc, pageOf string, css []byte) error {
	if !e.Available() {
		return ErrNoPDFEngine
	}
	var page bytes.Buffer
	if err := d.WriteHTML(&page, pdfLang(d.Lang), toc, append(append(append([]byte{}, css...), '\n'), pdfCSS...)); err != nil {
		return err
	}
	select {
	case e.slots <- struct{}{}:
		defer func() { <-e.slots }()
	case <-ctx.Done():
		return ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	pdf, err := e.printWarm(ctx, page.String(), footer(d, pageOf))
	if err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	_, err = w.Write(pdf)
	return err
}

// printWarm prints in the running browser, started if there is none, in a
// tab made ready after the previous PDF when there is one (pdftab.go). When
// the browser dies during the print (it crashed or was killed), or the
// ready tab no longer answers, a new tab prints the PDF again, once.
func (e *PDFEngine) printWarm(ctx context.Context, doc, foot string) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		b, err := e.acquire(ctx)
		if err != nil {
			return nil, err
		}
		tab := b.takeTab(ctx)
		if tab == nil {
			tab, err = b.newTab(ctx, false)
		}
		var pdf []byte
		if err == nil {
			pdf, err = tab.print(ctx, doc, foot)
			// Closing the tab and its browser context takes 0.1–0.2 s
			// that the response need not wait for.
			go tab.close()
		}
		e.release(b, tab, err == nil)
		if err == nil || attempt > 0 || ctx.Err() != nil || (b.alive() && (tab == nil || !tab.ready)) {
			return pdf, err
		}
	}
}

// print prints doc in the tab: the page is set from memory with scripts
// off, the fonts are ready before the pages are laid out, and the PDF is
// tagged with an outline. The print ends with the request or at the
// engine's timeout; the browser does not.
func (t *pdfTab) print(ctx context.Context, doc, foot string) ([]byte, error) {
	tctx, stop := context.WithCancel(t.ctx)
	defer stop()
	defer context.AfterFunc(ctx, stop)()
	var pdf []byte
	err := chromedp.Do(tctx,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			// A page target's main frame has the target's id.
			_, err := cdp.Call(ctx, tg, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: cdp.FrameID(tg.TargetID), HTML: doc})
			return err
		}),
		// The fonts are loaded before the pages are laid out.
		chromedp.Evaluate[chromedp.Void](`document.fonts.ready.then(() => undefined)`, chromedp.EvalAwaitPromise),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			res, err := cdp.Call(ctx, tg, page.PrintToPDF, printParams(foot))
			pdf = res.Data
			return err
		}),
	)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		return nil, errors.New("Chromium returned no PDF")
	}
	return pdf, nil
}

// printParams: A4 and its margins from @page in the stylesheet, the
// footer, a tagged PDF with an outline.
func printParams(foot string) page.PrintToPDFParams {
	yes := true
	return page.PrintToPDFParams{
		PreferCSSPageSize:       &yes,
		PrintBackground:         &yes,
		DisplayHeaderFooter:     &yes,
		HeaderTemplate:          "<span></span>",
		FooterTemplate:          foot,
		GenerateTaggedPDF:       &yes,
		GenerateDocumentOutline: &yes,
	}
}

// pdfLang is the document's language as the PDF's /Lang: Dutch as spoken in
// the Netherlands.
func pdfLang(lang string) string {
	switch lang {
	case "", "nl":
		return "nl-NL"
	}
	return lang
}

// footer is every page's foot: the draft mark, the title and "pagina N van
// M". Chromium fills in the spans with the classes pageNumber and
// totalPages.
func footer(d *Document, pageOf string) string {
	title := d.Title + " · " + d.Subtitle
	if d.Draft != "" {
		title = d.Draft + " · " + title
	}
	pages := html.EscapeString(pageOf)
	pages = strings.Replace(pages, "%d", `<span class="pageNumber"></span>`, 1)
	pages = strings.Replace(pages, "%d", `<span class="totalPages"></span>`, 1)
	return `<div style="font: 8px 'DejaVu Sans', sans-serif; color: #505050; inline-size: 100%; margin-inline: 1.8cm; display: flex; justify-content: space-between; gap: 1em">` +
		`<span>` + html.EscapeString(title) + `</span><span style="white-space: nowrap">` + pages + `</span></div>`
}
