// Package clean finds the metadata in a reporter's attachment and removes
// it before the file is stored: the author and last editor of an Office
// document, its comments' and tracked changes' authors, the author,
// producer and XMP of a PDF, the camera, time and GPS position of a photo,
// a user's name in a file path inside the document.
//
// Examine reads a file in memory (nothing touches the disk) and returns
// what it reveals, and the same file without it. Removal keeps the file's
// type and content: it drops metadata segments and parts, or rewrites the
// metadata parts of a zip package, and leaves the pictures, pages, text
// and cells as they were. A format that cannot be cleaned (HEIC, legacy
// Word, anything unknown) is reported as such, so that the reporter can be
// told before submitting.
//
// Per format, with the library that reads it:
//   - JPEG: the segments before and between the scans (the framing of
//     ISO 10918-1 B.1); EXIF read with github.com/dsoprea/go-exif/v3.
//   - PNG: the chunks (the framing of the PNG specification, section 5);
//     EXIF as for JPEG.
//   - PDF: github.com/pdfcpu/pdfcpu reads the document and writes it again
//     without the document information, XMP streams and page-piece data.
//   - Office Open XML and OpenDocument: archive/zip and encoding/xml of
//     the standard library, within bounds on the number of entries and
//     their decompressed size.
package clean

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/integer-nl/integer/internal/domain"
)

// Format is the kind of file, as far as cleaning is concerned.
type Format string

// The formats Examine tells apart.
const (
	FormatJPEG  Format = "jpeg"
	FormatPNG   Format = "png"
	FormatPDF   Format = "pdf"
	FormatOOXML Format = "ooxml" // docx, xlsx, pptx
	FormatODF   Format = "odf"   // odt, ods, odp
	FormatText  Format = "text"  // plain text, CSV: no metadata
	FormatHEIC  Format = "heic"  // HEIC/HEIF photos: not cleaned
	FormatOLE   Format = "ole"   // legacy Office (doc, xls, ppt, msg): not cleaned
	FormatOther Format = "other" // anything else: not cleaned
)

// Limits of what Examine reads. A file over them is not cleaned and is
// reported as such (Problem "too_large").
const (
	// MaxZipEntries bounds the entries of an Office or OpenDocument file.
	MaxZipEntries = 5000
	// MaxUnzippedBytes bounds the declared decompressed size of all
	// entries of an Office or OpenDocument file together, and the bytes
	// read from any one metadata part.
	MaxUnzippedBytes = 200 << 20
	// maxValues and maxValueRunes bound what a finding shows.
	maxValues     = 5
	maxValueRunes = 120
)

// Problem says why a file was not cleaned.
type Problem string

// The problems.
const (
	ProblemFormat    Problem = "format"    // a format that cannot be cleaned
	ProblemTooLarge  Problem = "too_large" // over the limits
	ProblemDamaged   Problem = "damaged"   // the file does not read as its format
	ProblemEncrypted Problem = "encrypted" // protected by a password
)

// Finding is one kind of metadata with what it says (at most a few
// values, shortened); a finding may have no values (an XMP packet, IPTC
// data) when its presence is what matters.
type Finding struct {
	Field  domain.MetaField
	Values []string
}

// Result is what Examine found in a file.
type Result struct {
	Format   Format
	Findings []Finding
	// Cleaned is the file without the metadata; nil when nothing was
	// found or the file cannot be cleaned.
	Cleaned []byte
	// Problem is why the file cannot be cleaned; "" when it can.
	Problem Problem
}

// Cleanable reports whether the file's metadata can be removed (or there
// is none).
func (r Result) Cleanable() bool { return r.Problem == "" }

// Reveals reports whether the reporter must look before submitting: the
// file carries metadata, or it cannot be cleaned.
func (r Result) Reveals() bool { return len(r.Findings) > 0 || !r.Cleanable() }

// Fields lists the kinds of metadata found, in the domain's order.
func (r Result) Fields() []domain.MetaField {
	var out []domain.MetaField
	for _, f := range domain.MetaFields {
		if slices.ContainsFunc(r.Findings, func(x Finding) bool { return x.Field == f }) {
			out = append(out, f)
		}
	}
	return out
}

// Content is the file to store: the original when keep is set, when
// nothing was found or when it cannot be cleaned; else the cleaned file.
func (r Result) Content(original []byte, keep bool) []byte {
	if keep || r.Cleaned == nil {
		return original
	}
	return r.Cleaned
}

// Record is what the handler is told about the file's metadata: the
// kinds found and whether they were kept or removed, never the values.
func (r Result) Record(keep bool) domain.AttachmentMeta {
	m := domain.AttachmentMeta{Format: string(r.Format), Fields: r.Fields()}
	switch {
	case !r.Cleanable():
		m.Outcome = domain.MetaUncleaned
	case len(r.Findings) == 0:
		m.Outcome = domain.MetaNone
	case keep:
		m.Outcome = domain.MetaKept
	default:
		m.Outcome = domain.MetaRemoved
	}
	return m
}

// errTooLarge and errEncrypted are turned into their Problem.
var (
	errTooLarge  = errors.New("clean: over the limits")
	errEncrypted = errors.New("clean: encrypted")
)

// Examine finds the metadata in a file and removes it. It never fails: a
// file it cannot read or clean is a Result with a Problem.
func Examine(content []byte) Result {
	format := Detect(content)
	var f findings
	var cleaned []byte
	var err error
	switch format {
	case FormatJPEG:
		cleaned, err = cleanJPEG(content, &f)
	case FormatPNG:
		cleaned, err = cleanPNG(content, &f)
	case FormatPDF:
		cleaned, err = cleanPDF(content, &f)
	case FormatOOXML, FormatODF:
		cleaned, err = cleanZip(content, format, &f)
	case FormatText:
		return Result{Format: format}
	default:
		return Result{Format: format, Problem: ProblemFormat}
	}
	switch {
	case errors.Is(err, errTooLarge):
		return Result{Format: format, Problem: ProblemTooLarge}
	case errors.Is(err, errEncrypted):
		return Result{Format: format, Problem: ProblemEncrypted}
	case err != nil:
		return Result{Format: format, Problem: ProblemDamaged}
	}
	r := Result{Format: format, Findings: f.list()}
	if len(r.Findings) > 0 {
		r.Cleaned = cleaned
	}
	return r
}

// Detect tells the format by the file's first bytes (and, for a zip, its
// entries), never by its name.
func Detect(b []byte) Format {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return FormatJPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return FormatPNG
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return FormatPDF
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return zipFormat(b)
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return FormatOLE
	case len(b) >= 12 && string(b[4:8]) == "ftyp" && isHEIFBrand(string(b[8:12])):
		return FormatHEIC
	case isText(b):
		return FormatText
	}
	return FormatOther
}

func isHEIFBrand(brand string) bool {
	switch brand {
	case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif":
		return true
	}
	return false
}

// isText: valid UTF-8 without control characters other than tab, line
// feed, carriage return and form feed (plain text and CSV carry no
// metadata besides their content).
func isText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return false
		}
	}
	return true
}

// findings collects what a cleaner finds, per field, without repeats.
type findings struct {
	byField map[domain.MetaField][]string
}

// add records a field with its values; empty values are left out, and a
// field added without values is still found.
func (f *findings) add(field domain.MetaField, values ...string) {
	if f.byField == nil {
		f.byField = map[domain.MetaField][]string{}
	}
	vs := f.byField[field]
	if vs == nil {
		vs = []string{}
	}
	for _, v := range values {
		v = shorten(v)
		if v != "" && !slices.Contains(vs, v) && len(vs) < maxValues {
			vs = append(vs, v)
		}
	}
	f.byField[field] = vs
}

func (f *findings) list() []Finding {
	var out []Finding
	for _, field := range domain.MetaFields {
		if vs, ok := f.byField[field]; ok {
			out = append(out, Finding{Field: field, Values: vs})
		}
	}
	return out
}

// shorten tidies a value for showing: no control characters, single
// spaces, at most maxValueRunes.
func shorten(v string) string {
	v = strings.Join(strings.FieldsFunc(v, func(r rune) bool {
		return r < 0x20 || r == 0x7F || r == ' ' || r == utf8.RuneError
	}), " ")
	if rs := []rune(v); len(rs) > maxValueRunes {
		v = string(rs[:maxValueRunes-1]) + "…"
	}
	return v
}

// looksLikePath reports whether a value is a file path on someone's
// computer (a drive letter, a network share, a home folder, a file URL).
func looksLikePath(v string) bool {
	l := strings.ToLower(v)
	switch {
	case strings.HasPrefix(l, "file:"), strings.HasPrefix(l, `\\`):
		return true
	case len(v) > 2 && v[1] == ':' && (v[2] == '\\' || v[2] == '/'):
		return true
	}
	return strings.Contains(l, "/users/") || strings.Contains(l, `\users\`) || strings.Contains(l, "/home/") ||
		strings.Contains(l, "/c:/") || strings.Contains(l, `\documents and settings\`)
}
