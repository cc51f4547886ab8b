package clean_test

import (
	"archive/zip"
	"bytes"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/integer-nl/integer/internal/clean"
	"github.com/integer-nl/integer/internal/clean/cleantest"
	"github.com/integer-nl/integer/internal/domain"
)

func fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// The fixtures were written by LibreOffice, poppler and exiftool
// (testdata/make.sh). Each must show the reporter what it reveals, with
// the planted values.
func TestExamineFindsWhatTheFixturesReveal(t *testing.T) {
	tests := []struct {
		file   string
		format clean.Format
		want   map[domain.MetaField][]string // values that must be among those found
	}{
		{"report.docx", clean.FormatOOXML, map[domain.MetaField][]string{
			domain.MetaAuthor: {"J. Jansen"}, domain.MetaLastModifiedBy: {"J. Jansen"},
			domain.MetaCommentAuthor: {"J. Jansen"}, domain.MetaRevisionAuthor: {"J. Jansen"},
			domain.MetaCustom: {"Computer: JJANSEN-LAPTOP"}, domain.MetaTitle: {"Melding afdeling Vergunningen"}}},
		{"figures.xlsx", clean.FormatOOXML, map[domain.MetaField][]string{
			domain.MetaAuthor: {"J. Jansen"}, domain.MetaCommentAuthor: {"J. Jansen"},
			domain.MetaCustom: {"Computer: JJANSEN-LAPTOP"}}},
		{"report.odt", clean.FormatODF, map[domain.MetaField][]string{
			domain.MetaAuthor: {"J. Jansen"}, domain.MetaLastModifiedBy: {"J. Jansen"},
			domain.MetaCommentAuthor: {"J. Jansen"}, domain.MetaRevisionAuthor: {"J. Jansen"},
			domain.MetaCustom: {"Computer: JJANSEN-LAPTOP"}, domain.MetaPath: {"../../../../../../C:/Users/jjansen/AppData/Roaming/Microsoft/Templates/Normal.dotm"}}},
		{"figures.ods", clean.FormatODF, map[domain.MetaField][]string{
			domain.MetaAuthor: {"J. Jansen"}, domain.MetaCommentAuthor: {"J. Jansen"}}},
		{"report.pdf", clean.FormatPDF, map[domain.MetaField][]string{
			domain.MetaAuthor: {"J. Jansen"}, domain.MetaSoftware: {"JJANSEN-LAPTOP"}, domain.MetaXMP: nil,
			domain.MetaDates: {"2026-12-04 08:54:04"}}},
		{"photo.jpg", clean.FormatJPEG, map[domain.MetaField][]string{
			domain.MetaAuthor: {"J. Jansen"}, domain.MetaComputer: {"JJANSEN-LAPTOP"}, domain.MetaCamera: {"Apple", "iPhone 13"},
			domain.MetaLocation: {"51.47930, 5.65700"}, domain.MetaDates: {"2026:03:14 09:26:53"},
			domain.MetaIPTC: nil, domain.MetaXMP: nil, domain.MetaComment: {"J. Jansen"}}},
		{"screenshot.png", clean.FormatPNG, map[domain.MetaField][]string{
			domain.MetaAuthor: {"J. Jansen"}, domain.MetaComment: {"JJANSEN-LAPTOP"}, domain.MetaLocation: {"51.47930, 5.65700"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := clean.Examine(fixture(t, tt.file))
			if r.Format != tt.format || !r.Cleanable() || r.Cleaned == nil {
				t.Fatalf("format %q, problem %q, cleaned %v; want %q cleaned", r.Format, r.Problem, r.Cleaned != nil, tt.format)
			}
			got := map[domain.MetaField][]string{}
			for _, f := range r.Findings {
				got[f.Field] = f.Values
			}
			for field, values := range tt.want {
				have, ok := got[field]
				if !ok {
					t.Errorf("%s not found; found %v", field, got)
				}
				for _, v := range values {
					if !slices.Contains(have, v) {
						t.Errorf("%s: %q not among %q", field, v, have)
					}
				}
			}
		})
	}
}

// After cleaning, exiftool (and pdfinfo) find none of the planted names
// or positions, and the file is still of its type.
func TestCleanedFilesCarryNothingPlanted(t *testing.T) {
	for _, name := range []string{"report.docx", "figures.xlsx", "report.odt", "figures.ods", "report.pdf", "photo.jpg", "screenshot.png"} {
		t.Run(name, func(t *testing.T) {
			orig := fixture(t, name)
			r := clean.Examine(orig)
			if r.Cleaned == nil {
				t.Fatalf("nothing cleaned (problem %q)", r.Problem)
			}
			for _, p := range cleantest.Planted {
				if bytes.Contains(r.Cleaned, []byte(p)) && !strings.HasSuffix(name, ".pdf") {
					t.Errorf("the cleaned bytes still hold %q", p)
				}
			}
			cleantest.NoPlanted(t, cleantest.Write(t, "clean-"+name, r.Cleaned))
			if again := clean.Examine(r.Cleaned); len(again.Findings) > 0 && !onlySoftware(again.Findings) {
				t.Errorf("examined again, the cleaned file still reveals %v", again.Findings)
			}
		})
	}
}

// onlySoftware: a PDF written again names pdfcpu as its producer, which
// says nothing about the reporter.
func onlySoftware(fs []clean.Finding) bool {
	for _, f := range fs {
		if f.Field != domain.MetaSoftware && f.Field != domain.MetaDates {
			return false
		}
	}
	return true
}

// A photo taken upright stores its pixels sideways with an EXIF
// orientation: after cleaning it still shows upright, and the orientation
// is all its EXIF says.
func TestCleanedPhotoKeepsItsOrientation(t *testing.T) {
	r := clean.Examine(fixture(t, "photo.jpg"))
	meta := cleantest.Run(t, "exiftool", "-a", "-G1", "-s", cleantest.Write(t, "photo.jpg", r.Cleaned))
	if !strings.Contains(meta, "Orientation                     : Rotate 90 CW") {
		t.Errorf("the orientation is lost:\n%s", meta)
	}
	for _, line := range strings.Split(meta, "\n") {
		if strings.HasPrefix(line, "[IFD0]") && !strings.Contains(line, "Orientation") {
			t.Errorf("more than the orientation is left: %s", line)
		}
	}
	if again := clean.Examine(r.Cleaned); len(again.Findings) > 0 {
		t.Errorf("the orientation counts as metadata: %v", again.Findings)
	}
}

// Pictures decode to the same pixels after cleaning.
func TestCleanedImagesHaveTheSamePixels(t *testing.T) {
	for _, name := range []string{"photo.jpg", "screenshot.png"} {
		t.Run(name, func(t *testing.T) {
			orig := fixture(t, name)
			r := clean.Examine(orig)
			a, fa, err := image.Decode(bytes.NewReader(orig))
			if err != nil {
				t.Fatal(err)
			}
			b, fb, err := image.Decode(bytes.NewReader(r.Cleaned))
			if err != nil {
				t.Fatalf("the cleaned picture does not decode: %v", err)
			}
			if fa != fb || a.Bounds() != b.Bounds() {
				t.Fatalf("format %s→%s, bounds %v→%v", fa, fb, a.Bounds(), b.Bounds())
			}
			for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
				for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
					if a.At(x, y) != b.At(x, y) {
						t.Fatalf("pixel %d,%d differs: %v → %v", x, y, a.At(x, y), b.At(x, y))
					}
				}
			}
		})
	}
}

// The cleaned PDF passes qpdf --check, has the same pages, and its text
// is unchanged.
func TestCleanedPDFOpens(t *testing.T) {
	orig := fixture(t, "report.pdf")
	r := clean.Examine(orig)
	before, after := cleantest.Write(t, "before.pdf", orig), cleantest.Write(t, "after.pdf", r.Cleaned)
	cleantest.PDFOpens(t, after)
	tb, ta := cleantest.Run(t, "pdftotext", before, "-"), cleantest.Run(t, "pdftotext", after, "-")
	if diff := cmp.Diff(tb, ta); diff != "" || !strings.Contains(ta, "vergunning") {
		t.Errorf("text changed (-before +after):\n%s", diff)
	}
}

// LibreOffice opens the cleaned Office and OpenDocument files and reads
// the same text and cells, comments and tracked changes included.
func TestCleanedOfficeFilesOpenWithTheSameContent(t *testing.T) {
	names := []string{"report.docx", "figures.xlsx", "report.odt", "figures.ods"}
	var paths []string
	for _, name := range names {
		orig := fixture(t, name)
		r := clean.Examine(orig)
		paths = append(paths, cleantest.Write(t, "before-"+name, orig), cleantest.Write(t, "after-"+name, r.Cleaned))
	}
	texts := cleantest.Texts(t, paths...)
	for i, name := range names {
		before, after := texts[2*i], texts[2*i+1]
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("%s: LibreOffice reads other content after cleaning (-before +after):\n%s", name, diff)
		}
		if !strings.Contains(after, "4850") && !strings.Contains(after, "vergunning") {
			t.Errorf("%s: the content is gone: %q", name, after)
		}
	}
}

// Formats that cannot be cleaned are said to be so; text has nothing.
func TestExamineTellsWhatCannotBeCleaned(t *testing.T) {
	heic := append([]byte{0, 0, 0, 24}, []byte("ftypheic\x00\x00\x00\x00mif1heic")...)
	tests := []struct {
		name    string
		content []byte
		format  clean.Format
		problem clean.Problem
		reveals bool
	}{
		{"csv", []byte("naam;bedrag\nF-2026-118;4850\n"), clean.FormatText, "", false},
		{"heic", heic, clean.FormatHEIC, clean.ProblemFormat, true},
		{"legacy word", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), clean.FormatOLE, clean.ProblemFormat, true},
		{"unknown", []byte{0x00, 0x01, 0x02, 0xFF}, clean.FormatOther, clean.ProblemFormat, true},
		{"broken jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00}, clean.FormatJPEG, clean.ProblemDamaged, true},
		{"broken pdf", []byte("%PDF-1.7\nnothing else"), clean.FormatPDF, clean.ProblemDamaged, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := clean.Examine(tt.content)
			if r.Format != tt.format || r.Problem != tt.problem || r.Reveals() != tt.reveals || r.Cleaned != nil {
				t.Errorf("got format %q problem %q reveals %v; want %q %q %v", r.Format, r.Problem, r.Reveals(), tt.format, tt.problem, tt.reveals)
			}
			if got := r.Content(tt.content, false); !bytes.Equal(got, tt.content) {
				t.Error("a file that is not cleaned must be stored as sent")
			}
		})
	}
}

// What the handler is told: kinds only, with the outcome.
func TestRecordNamesKindsNotValues(t *testing.T) {
	r := clean.Examine(fixture(t, "photo.jpg"))
	for _, keep := range []bool{false, true} {
		rec := r.Record(keep)
		want := domain.MetaRemoved
		if keep {
			want = domain.MetaKept
		}
		if rec.Outcome != want || !slices.Contains(rec.Fields, domain.MetaLocation) || rec.Format != "jpeg" {
			t.Errorf("keep=%v: %+v", keep, rec)
		}
	}
	if got := r.Content([]byte("orig"), true); string(got) != "orig" {
		t.Error("keep must store the original")
	}
}

// pptx: no LibreOffice here writes one (its Impress module is not
// installed), so the parts PowerPoint writes are built in the test: the
// comment authors and the modern authors' list with account ids.
func TestPresentationCommentAuthorsRemoved(t *testing.T) {
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"docProps/core.xml":   `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>J. Jansen</dc:creator></cp:coreProperties>`,
		"ppt/commentAuthors.xml": `<?xml version="1.0"?><p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">` +
			`<p:cmAuthor id="1" name="J. Jansen" initials="JJ" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>`,
		"ppt/authors.xml": `<?xml version="1.0"?><p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main">` +
			`<p188:author id="{1}" name="J. Jansen" initials="JJ" userId="S::jjansen@helmond.nl::42" providerId="AD"/></p188:authorLst>`,
		"ppt/slides/slide1.xml": `<?xml version="1.0"?><p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld/></p:sld>`,
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "docProps/core.xml", "ppt/commentAuthors.xml", "ppt/authors.xml", "ppt/slides/slide1.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte(parts[name]))
	}
	zw.Close()
	r := clean.Examine(buf.Bytes())
	if r.Format != clean.FormatOOXML || r.Cleaned == nil {
		t.Fatalf("format %q problem %q", r.Format, r.Problem)
	}
	if got := r.Fields(); !slices.Contains(got, domain.MetaAuthor) || !slices.Contains(got, domain.MetaCommentAuthor) {
		t.Errorf("fields %v", got)
	}
	zr, err := zip.NewReader(bytes.NewReader(r.Cleaned), int64(len(r.Cleaned)))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range zr.File {
		rc, _ := e.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, leak := range []string{"Jansen", "jjansen", `"JJ"`} {
			if bytes.Contains(b, []byte(leak)) {
				t.Errorf("%s still holds %s: %s", e.Name, leak, b)
			}
		}
		if e.Name == "ppt/slides/slide1.xml" && string(b) != parts[e.Name] {
			t.Errorf("the slide changed: %s", b)
		}
	}
}
