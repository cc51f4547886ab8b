package report_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/report"
)

// The PDF engine keeps one browser between PDFs (pdfbrowser.go). These
// tests print with an engine of their own, so that they see its browser.

func browserEngine(t *testing.T, idle time.Duration) *report.PDFEngine {
	t.Helper()
	e := report.NewTestPDFEngine(os.Getenv("INTEGER_CHROMIUM"), idle)
	if !e.Available() {
		dbtest.SkipOrFail(t, "the PDF engine needs Chromium (Debian: apt-get install chromium); skipping")
	}
	t.Cleanup(func() { e.Close() })
	return e
}

var engineCSS = sync.OnceValues(func() ([]byte, error) { return os.ReadFile("../web/static/css/report.css") })

// browserDoc is a small report with a heading, a table and a chart.
func browserDoc(n int) *report.Document {
	return &report.Document{Lang: "nl", Title: "Jaarverslag integriteit 2024", Subtitle: "Gemeente Proefstad", Generated: "Opgesteld op 1 maart 2025.",
		Sections: []report.Section{{ID: "reports", Title: "Meldingen", Intro: "Het meldpunt ontving meldingen.", Tables: []report.Table{{
			Caption: "Meldingen per jaar", Headers: []string{"Jaar", "Meldingen"},
			Rows:  [][]string{{"2023", "12"}, {"2024", strings.Repeat("1", n)}},
			Chart: &report.Chart{Title: "Meldingen per jaar", Desc: "Van 12 in 2023 naar meer in 2024.", Bars: []report.Bar{{Label: "2023", Value: 12, Text: "12"}, {Label: "2024", Value: 14, Text: "14"}}},
		}}}},
	}
}

func printWith(t *testing.T, e *report.PDFEngine, d *report.Document) []byte {
	t.Helper()
	css, err := engineCSS()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := e.Write(context.Background(), &b, d, "Inhoudsopgave", "pagina %d van %d", css); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// checkTagged reads the PDF with qpdf: tagged, in Dutch, with the
// document's table (TH cells) and chart (a Figure with its /Alt).
func checkTagged(t *testing.T, pdf []byte, d *report.Document) {
	t.Helper()
	q := readQPDF(t, pdf)
	cat := q.dict(q.trailer["/Root"])
	if cat == nil {
		t.Fatal("no document catalogue")
	}
	if mi := q.dict(cat["/MarkInfo"]); mi == nil || mi["/Marked"] != true {
		t.Errorf("not marked as tagged: /MarkInfo %v", cat["/MarkInfo"])
	}
	if got := text(q.resolve(cat["/Lang"])); got != "nl-NL" {
		t.Errorf("/Lang %q, want nl-NL", got)
	}
	root := q.dict(cat["/StructTreeRoot"])
	if root == nil {
		t.Fatal("no /StructTreeRoot")
	}
	tree := q.structTree(t, root)
	if n := len(tree.find("Table")); n != 1 {
		t.Errorf("%d tables, want 1", n)
	}
	if n := len(tree.find("TH")); n < 2 {
		t.Errorf("%d header cells (TH), want at least 2", n)
	}
	figs := tree.find("Figure")
	if len(figs) != 1 || !strings.Contains(figs[0].Alt, d.Sections[0].Tables[0].Chart.Desc) {
		t.Errorf("figures %v, want one with the chart's description as /Alt", figs)
	}
	if !strings.Contains(pdfText(t, pdf), d.Sections[0].Tables[0].Rows[1][1]) {
		t.Errorf("the PDF's text lacks this document's figure %q", d.Sections[0].Tables[0].Rows[1][1])
	}
}

// gone waits until the process has ended (and was reaped).
func gone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the browser (pid %d) still runs", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPDFEngineReusesBrowser: two PDFs printed one after the other come from
// one browser process, and each is the tagged PDF of its own document.
func TestPDFEngineReusesBrowser(t *testing.T) {
	e := browserEngine(t, time.Minute)
	if pid := e.BrowserPID(); pid != 0 {
		t.Fatalf("a browser (pid %d) runs before the first PDF", pid)
	}
	first, second := browserDoc(3), browserDoc(5)
	checkTagged(t, printWith(t, e, first), first)
	pid := e.BrowserPID()
	if pid == 0 {
		t.Fatal("no browser runs after the first PDF")
	}
	checkTagged(t, printWith(t, e, second), second)
	if got := e.BrowserPID(); got != pid || e.Starts() != 1 {
		t.Errorf("the second PDF's browser is pid %d of %d started, want pid %d, the only one", got, e.Starts(), pid)
	}
}

// TestPDFEngineReadiesNextTab: after a PDF the engine makes the next PDF's
// tab ready in a browser context of its own; the next PDF is printed in it,
// tagged, with its own document only; a ready tab that no longer answers
// is replaced and the PDF is still made.
func TestPDFEngineReadiesNextTab(t *testing.T) {
	e := browserEngine(t, time.Minute)
	first, second, third := browserDoc(3), browserDoc(5), browserDoc(7)
	checkTagged(t, printWith(t, e, first), first)
	if n := e.ReadyTabPrints(); n != 0 {
		t.Fatalf("the first PDF was printed in a ready tab (%d)", n)
	}
	firstContext := e.LastBrowserContext()
	waitTabReady(t, e)
	checkTagged(t, printWith(t, e, second), second)
	if n := e.ReadyTabPrints(); n != 1 {
		t.Errorf("%d PDFs printed in a ready tab, want 1", n)
	}
	if got := e.LastBrowserContext(); got == "" || got == firstContext {
		t.Errorf("the second PDF's browser context is %q, the first's %q: want a new one", got, firstContext)
	}
	waitTabReady(t, e)
	e.BreakReadyTab()
	checkTagged(t, printWith(t, e, third), third)
	// The third was printed again in the tab made ready after the broken
	// one; the next, asked for at once, waits for the tab being made.
	checkTagged(t, printWith(t, e, first), first)
	if n := e.ReadyTabPrints(); n != 3 {
		t.Errorf("%d PDFs printed in a ready tab, want 3: a PDF asked for while a tab was being made did not wait for it", n)
	}
	if e.Starts() != 1 {
		t.Errorf("%d browsers started, want 1", e.Starts())
	}
}

// TestPDFEnginePrepare: Prepare, called by a request before it builds its
// document, starts the browser and makes a tab ready without waiting; the
// PDF is then printed in that tab by that browser. A browser that Prepare
// started for a PDF that never came stops after the idle time.
func TestPDFEnginePrepare(t *testing.T) {
	e := browserEngine(t, time.Minute)
	e.Prepare()
	waitTabReady(t, e)
	d := browserDoc(3)
	checkTagged(t, printWith(t, e, d), d)
	if e.Starts() != 1 || e.ReadyTabPrints() != 1 {
		t.Errorf("%d browsers started, %d PDFs in a ready tab; want 1 and 1", e.Starts(), e.ReadyTabPrints())
	}

	idle := browserEngine(t, 300*time.Millisecond)
	idle.Prepare()
	deadline := time.Now().Add(30 * time.Second)
	for idle.Starts() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("Prepare started no browser")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if pid := idle.BrowserPID(); pid != 0 { // 0: already stopped
		gone(t, pid)
	}
	if got := idle.BrowserPID(); got != 0 {
		t.Errorf("the engine still holds a browser (pid %d) after its idle time", got)
	}
}

// TestPDFEnginePrepareKeepsBrowser: Prepare on a running browser counts as
// use, so the browser does not stop for idleness while the PDF it was
// called for is being built.
func TestPDFEnginePrepareKeepsBrowser(t *testing.T) {
	e := browserEngine(t, 3*time.Second)
	d := browserDoc(3)
	printWith(t, e, d)
	pid := e.BrowserPID()
	if pid == 0 {
		t.Fatal("no browser runs after a PDF")
	}
	time.Sleep(1500 * time.Millisecond)
	e.Prepare()
	time.Sleep(2 * time.Second) // 3.5 s after the PDF, 2 s after Prepare
	if got := e.BrowserPID(); got != pid || e.Starts() != 1 {
		t.Errorf("browser pid %d, %d started, after a Prepare within the idle time; want pid %d, 1 started", got, e.Starts(), pid)
	}
	gone(t, pid)
}

// waitTabReady waits until the engine has the next PDF's tab ready.
func waitTabReady(t *testing.T, e *report.PDFEngine) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !e.TabReady() {
		if time.Now().After(deadline) {
			t.Fatal("no tab was made ready after a PDF")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPDFEngineReplacesKilledBrowser: a browser that was killed between two
// PDFs is replaced, and the next PDF is made as if nothing happened.
func TestPDFEngineReplacesKilledBrowser(t *testing.T) {
	e := browserEngine(t, time.Minute)
	d := browserDoc(3)
	checkTagged(t, printWith(t, e, d), d)
	pid := e.BrowserPID()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	gone(t, pid)
	checkTagged(t, printWith(t, e, d), d)
	if got := e.BrowserPID(); got == pid || got == 0 || e.Starts() != 2 {
		t.Errorf("after the kill: browser pid %d, %d started; want a new one (not %d), 2 started", got, e.Starts(), pid)
	}
}

// TestPDFEngineBoundsConcurrentPrints: six PDFs asked for at once are all
// made, by one browser, at most two at a time.
func TestPDFEngineBoundsConcurrentPrints(t *testing.T) {
	e := browserEngine(t, time.Minute)
	css, err := engineCSS()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	pdfs := make([]bytes.Buffer, 6)
	errs := make([]error, len(pdfs))
	docs := make([]*report.Document, len(pdfs))
	for i := range pdfs {
		docs[i] = browserDoc(i + 1)
		wg.Go(func() {
			errs[i] = e.Write(context.Background(), &pdfs[i], docs[i], "Inhoudsopgave", "pagina %d van %d", css)
		})
	}
	wg.Wait()
	for i := range pdfs {
		if errs[i] != nil {
			t.Fatalf("PDF %d: %v", i, errs[i])
		}
		checkTagged(t, pdfs[i].Bytes(), docs[i])
	}
	if e.Peak() > 2 || e.Starts() != 1 {
		t.Errorf("%d printed at once by %d browsers, want at most 2 by 1", e.Peak(), e.Starts())
	}
	t.Logf("at most %d printed at once", e.Peak())
}

// TestPDFEngineStopsWhenIdle: the browser ends once the engine's idle time
// passed without a PDF, and the next PDF starts a new one.
func TestPDFEngineStopsWhenIdle(t *testing.T) {
	e := browserEngine(t, 300*time.Millisecond)
	d := browserDoc(3)
	printWith(t, e, d)
	pid := e.BrowserPID()
	if pid == 0 {
		t.Fatal("no browser runs after a PDF")
	}
	gone(t, pid)
	if got := e.BrowserPID(); got != 0 {
		t.Errorf("the engine still holds a browser (pid %d) after its idle time", got)
	}
	checkTagged(t, printWith(t, e, d), d)
	if e.Starts() != 2 {
		t.Errorf("%d browsers started, want 2", e.Starts())
	}
}

// TestPDFEngineClose: Close ends the browser, and a PDF asked for after it
// is refused.
func TestPDFEngineClose(t *testing.T) {
	e := browserEngine(t, time.Minute)
	printWith(t, e, browserDoc(3))
	pid := e.BrowserPID()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	gone(t, pid)
	css, _ := engineCSS()
	err := e.Write(context.Background(), &bytes.Buffer{}, browserDoc(3), "Inhoudsopgave", "pagina %d van %d", css)
	if !errors.Is(err, report.ErrPDFEngineClosed) {
		t.Errorf("a PDF after Close: %v, want ErrPDFEngineClosed", err)
	}
	e.Prepare()
	if got := e.BrowserPID(); got != 0 || e.Starts() != 1 {
		t.Errorf("a browser (pid %d) runs after Close, %d started; want none, 1", got, e.Starts())
	}
}

// TestPDFFontsAreEmbeddedOnes: through the browser's fontconfig
// configuration, DejaVu Sans and bold are the fonts embedded in the binary
// (not the system's), and another family still comes from the system.
func TestPDFFontsAreEmbeddedOnes(t *testing.T) {
	bin, err := exec.LookPath("fc-match")
	if err != nil {
		dbtest.SkipOrFail(t, "fc-match not found (Debian: apt-get install fontconfig, which Chromium needs); skipping")
	}
	dir := t.TempDir()
	conf, err := report.WriteFonts(dir)
	if err != nil {
		t.Fatal(err)
	}
	match := func(pattern string) string {
		cmd := exec.Command(bin, "-f", "%{file}", pattern)
		cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("fc-match %s: %v", pattern, err)
		}
		return string(out)
	}
	for pattern, want := range map[string]string{
		"DejaVu Sans": "integer-sans.ttf", "DejaVu Sans:bold": "integer-sans-bold.ttf", "sans-serif": "integer-sans.ttf",
	} {
		if got := match(pattern); got != filepath.Join(dir, "fonts", want) {
			t.Errorf("%s is %s, want the embedded %s", pattern, got, want)
		}
	}
	if got := match("monospace"); strings.HasPrefix(got, dir) {
		t.Errorf("monospace is %s: the system's fonts are gone", got)
	}
}
