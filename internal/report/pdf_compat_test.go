package report

import (
	"context"
	"io"
	"os"
	"sync"
)

// The tests make PDFs as the server does: with Chromium found in PATH (or at
// INTEGER_CHROMIUM) and the report's stylesheet of package web, read from
// the source tree (package web imports this one, so it cannot be imported
// here).

var testPDF struct {
	once   sync.Once
	engine *PDFEngine
	css    []byte
	err    error
}

// WritePDF renders the document as the server's PDF download does. It exists
// for the tests only; without Chromium it returns ErrNoPDFEngine.
func (d *Document) WritePDF(w io.Writer, toc, pageOf string) error {
	testPDF.once.Do(func() {
		testPDF.engine = NewPDFEngine(os.Getenv("INTEGER_CHROMIUM"))
		testPDF.css, testPDF.err = os.ReadFile("../web/static/css/report.css")
	})
	if testPDF.err != nil {
		return testPDF.err
	}
	return testPDF.engine.Write(context.Background(), w, d, toc, pageOf, testPDF.css)
}
