package report

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
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
// Sans (embedded in the binary, licence in fonts/), so a PDF looks the same
// on every server. See docs/architecture.md for the choice and docs/deploy.md
// for what the server needs.

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

//go:embed pdf.css
var pdfCSS string

// ErrNoPDFEngine: no Chromium was found, so no PDF can be made. The HTML,
// XLSX and JSON downloads do not need it.
var ErrNoPDFEngine = errors.New("report: no PDF engine: Chromium is not installed (Debian: apt-get install chromium) or the configured path is wrong")

// PDFEngine prints the report's HTML to PDF in headless Chromium: one
// browser process per PDF, started and ended by Write, without scripts or
// network, at most two at a time.
type PDFEngine struct {
	path    string
	slots   chan struct{}
	timeout time.Duration
}

// Chromium binaries looked for in PATH when no path is configured.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// NewPDFEngine finds Chromium: at path when it is not empty (a file or a
// name in PATH), else by its usual names in PATH. When there is none the
// engine is not Available and Write returns ErrNoPDFEngine.
func NewPDFEngine(path string) *PDFEngine {
	e := &PDFEngine{slots: make(chan struct{}, 2), timeout: 90 * time.Second}
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
	if err := d.WriteHTML(&page, pdfLang(d.Lang), toc, append(append([]byte{}, css...), printCSS()...)); err != nil {
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
	pdf, err := e.print(ctx, page.String(), footer(d, pageOf))
	if err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	_, err = w.Write(pdf)
	return err
}

func (e *PDFEngine) print(ctx context.Context, doc, foot string) ([]byte, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(e.path),
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
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to run as root with its sandbox; a server should
		// not run as root (docs/deploy.md).
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	var pdf []byte
	err := chromedp.Do(bctx,
		chromedp.Navigate("about:blank"),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			if _, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
				return err
			}
			tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
			if err != nil {
				return err
			}
			if tree.FrameTree == nil || tree.FrameTree.Frame == nil {
				return errors.New("no frame")
			}
			_, err = cdp.Call(ctx, t, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: doc})
			return err
		}),
		// The embedded fonts are decoded before the pages are laid out.
		chromedp.Evaluate[chromedp.Void](`document.fonts.ready.then(() => undefined)`, chromedp.EvalAwaitPromise),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			yes := true
			res, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{
				PreferCSSPageSize:       &yes, // @page in the stylesheet: A4 and its margins
				PrintBackground:         &yes,
				DisplayHeaderFooter:     &yes,
				HeaderTemplate:          "<span></span>",
				FooterTemplate:          foot,
				GenerateTaggedPDF:       &yes,
				GenerateDocumentOutline: &yes,
			})
			pdf = res.Data
			return err
		}),
	)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		return nil, errors.New("Chromium returned no PDF")
	}
	return pdf, nil
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

// printCSS is the PDF's own rules after the report's stylesheet: the
// embedded fonts, and header cells that wrap only between words.
func printCSS() []byte {
	face := func(weight string, ttf []byte) string {
		return `@font-face { font-family: "DejaVu Sans"; font-weight: ` + weight + `; src: url(data:font/ttf;base64,` +
			base64.StdEncoding.EncodeToString(ttf) + `) format("truetype"); }` + "\n"
	}
	return []byte("\n" + face("normal", fontRegular) + face("bold", fontBold) + pdfCSS)
}
