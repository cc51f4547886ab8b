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
