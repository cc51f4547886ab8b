package report

import "time"

// AllegationYears lets the external tests compare the trends' counts with
// the per-year facts they replaced.
var AllegationYears = allegationYears

// NewTestPDFEngine is an engine of Chromium at INTEGER_CHROMIUM (or in
// PATH) that stops its browser after idle without a PDF.
func NewTestPDFEngine(path string, idle time.Duration) *PDFEngine {
	e := NewPDFEngine(path)
	e.idle = idle
	return e
}

// BrowserPID is the process id of the engine's running browser, 0 when none
// runs.
func (e *PDFEngine) BrowserPID() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.browser == nil {
		return 0
	}
	return e.browser.pid
}

// Starts is how many browsers the engine started; Peak the most PDFs it
// printed at once.
func (e *PDFEngine) Starts() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.starts
}

func (e *PDFEngine) Peak() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.peak
}

// WriteFonts writes the browser's fonts and fontconfig configuration into
// a directory and gives the configuration's path.
var WriteFonts = writeFonts

// CloseTestPDF stops the browser of the tests' shared engine.
func CloseTestPDF() { testPDF.engine.Close() }

// ReadyTabPrints is how many PDFs were printed in a tab made ready before
// they were asked for.
func (e *PDFEngine) ReadyTabPrints() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.readyTab
}

// TabReady says whether the running browser has the next PDF's tab ready.
func (e *PDFEngine) TabReady() bool {
	e.mu.Lock()
	b := e.browser
	e.mu.Unlock()
	if b == nil {
		return false
	}
	b.tabMu.Lock()
	defer b.tabMu.Unlock()
	return b.spare != nil
}

// BreakReadyTab closes the ready tab but leaves it as the next PDF's, as a
// renderer that died while the tab waited.
func (e *PDFEngine) BreakReadyTab() {
	e.mu.Lock()
	b := e.browser
	e.mu.Unlock()
	b.tabMu.Lock()
	t := b.spare
	b.tabMu.Unlock()
	t.close()
}

// LastBrowserContext is the browser context of the last PDF's tab.
func (e *PDFEngine) LastBrowserContext() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.lastContext
}
