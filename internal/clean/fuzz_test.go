package clean_test

import (
	"testing"

	"github.com/integer-nl/integer/internal/clean"
)

// FuzzExamine: any file a reporter sends is examined without a panic; a
// cleaned file is of the same format, can be examined again, and is the
// original when nothing was found.
func FuzzExamine(f *testing.F) {
	for _, name := range []string{"photo.jpg", "screenshot.png", "report.docx", "figures.ods"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 'h', 'i', 0xFF, 0xD9})
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x00IEND\xaeB`\x82"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r := clean.Examine(b)
		if r.Cleaned == nil {
			if r.Reveals() != (len(r.Findings) > 0 || !r.Cleanable()) {
				t.Fatal("Reveals disagrees with the findings")
			}
			return
		}
		if len(r.Findings) == 0 || !r.Cleanable() {
			t.Fatalf("cleaned without findings (%v) or with a problem %q", r.Findings, r.Problem)
		}
		if got := clean.Detect(r.Cleaned); got != r.Format {
			t.Fatalf("cleaning turned a %s into a %s", r.Format, got)
		}
		if again := clean.Examine(r.Cleaned); !again.Cleanable() {
			t.Fatalf("the cleaned %s does not read again: %s", r.Format, again.Problem)
		}
	})
}
