// Package cleantest checks cleaned files with independent programs, for
// the tests of package clean and of the upload paths: Debian's exiftool
// (Perl, its own readers of every format), pdfinfo (poppler) and qpdf for
// PDFs, LibreOffice for Office and OpenDocument files. A missing program
// skips the test, or fails it in CI (dbtest.SkipOrFail).
package cleantest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/dbtest"
)

// Planted are the strings the fixtures carry in their metadata
// (testdata/make.sh): none may survive cleaning.
var Planted = []string{"Jansen", "JJANSEN", "jjansen", "51 deg 28", "51.479", "iPhone"}

// Tool returns a program's path, or skips (fails in CI) without it.
func Tool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		dbtest.SkipOrFail(tb, "%s is not installed (Debian: %s); skipping the check with it", name, debianPackage(name))
	}
	return p
}

func debianPackage(name string) string {
	switch name {
	case "exiftool":
		return "apt-get install libimage-exiftool-perl"
	case "pdfinfo":
		return "apt-get install poppler-utils"
	case "soffice":
		return "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
	}
	return "apt-get install " + name
}

// Write puts content in a file named name in a fresh folder and returns
// its path.
func Write(tb testing.TB, name string, content []byte) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(p, content, 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}

// Run runs a program and returns its combined output; a failure fails the
// test.
func Run(tb testing.TB, name string, args ...string) string {
	tb.Helper()
	out, err := exec.Command(Tool(tb, name), args...).CombinedOutput()
	if err != nil {
		tb.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Metadata is everything exiftool reads from a file, every group and
// duplicate tag included, plus pdfinfo's view of a PDF.
func Metadata(tb testing.TB, path string) string {
	tb.Helper()
	out := Run(tb, "exiftool", "-a", "-u", "-G1", "-ee", path)
	if strings.HasSuffix(path, ".pdf") {
		out += Run(tb, "pdfinfo", path)
	}
	return out
}

// NoPlanted fails the test when exiftool (and for a PDF pdfinfo) still
// finds a planted string in the file.
func NoPlanted(tb testing.TB, path string) {
	tb.Helper()
	meta := Metadata(tb, path)
	for _, p := range Planted {
		if strings.Contains(meta, p) {
			tb.Errorf("%s still carries %q after cleaning:\n%s", filepath.Base(path), p, meta)
		}
	}
}

// PDFOpens checks that qpdf and pdfinfo read a PDF without errors.
func PDFOpens(tb testing.TB, path string) {
	tb.Helper()
	Run(tb, "qpdf", "--check", path)
	Run(tb, "pdfinfo", path)
}

// Texts opens Office and OpenDocument files in LibreOffice and returns
// the text it reads from each (plain text for documents, CSV for
// spreadsheets), in the order given: that LibreOffice opens a file, and
// that its content is what it was. One LibreOffice run per kind, since
// each start takes seconds; the files' base names must differ.
func Texts(tb testing.TB, paths ...string) []string {
	tb.Helper()
	dir := tb.TempDir()
	byTarget := map[string][]string{}
	for _, p := range paths {
		byTarget[target(p)] = append(byTarget[target(p)], p)
	}
	for to, ps := range byTarget {
		args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless",
			"--convert-to", to, "--outdir", dir}, ps...)
		Run(tb, "soffice", args...)
	}
	out := make([]string, len(paths))
	for i, p := range paths {
		ext := ".txt"
		if strings.HasPrefix(target(p), "csv") {
			ext = ".csv"
		}
		b, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))+ext))
		if err != nil {
			tb.Fatalf("LibreOffice did not open %s: %v", filepath.Base(p), err)
		}
		out[i] = string(b)
	}
	return out
}

func target(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".ods":
		return "csv"
	}
	return "txt:Text (encoded):UTF8"
}
