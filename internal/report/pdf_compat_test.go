package report

import (
	"context"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/integer-nl/integer/internal/dbtest"
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

// WritePDF renders the document as the server's PDF download does.
// Without Chromium the test is skipped on a developer's machine and fails in
// CI (INTEGER_REQUIRE_ALL=1), as the PostgreSQL tests do.
func (d *Document) WritePDF(tb testing.TB, w io.Writer, toc, pageOf string) error {
	tb.Helper()
	testPDF.once.Do(func() {
		testPDF.engine = NewPDFEngine(os.Getenv("INTEGER_CHROMIUM"))
		testPDF.css, testPDF.err = os.ReadFile("../web/static/css/report.css")
	})
	if testPDF.err != nil {
		return testPDF.err
	}
	if !testPDF.engine.Available() {
		dbtest.SkipOrFail(tb, "the annual report's PDF needs Chromium (Debian: apt-get install chromium); skipping")
	}
	return testPDF.engine.Write(context.Background(), w, d, toc, pageOf, testPDF.css)
}
