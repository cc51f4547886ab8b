package clean

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) are
// zip packages of XML parts. The metadata is in a few known parts
// (docProps/*.xml, meta.xml) and in the author attributes and elements of
// comments and tracked changes; those parts are rewritten, every other
// entry is copied compressed as it was. Zip entries lose their times and
// extra fields (which hold times and, from some programs, user ids).

// anonymous replaces a person's name in comments and tracked changes: the
// comment and the change stay, without who made them.
const anonymous = "Anoniem"

// zipPart is one part's rewriter: it returns the new content, or nil to
// copy the part unchanged.
type zipPart func(data []byte, f *findings) ([]byte, error)

func zipFormat(b []byte) Format {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return FormatOther
	}
	for _, e := range zr.File {
		switch e.Name {
		case "[Content_Types].xml":
			return FormatOOXML
		case "mimetype":
			if r, err := e.Open(); err == nil {
				head, _ := io.ReadAll(io.LimitReader(r, 100))
				r.Close()
				if bytes.HasPrefix(head, []byte("application/vnd.oasis.opendocument.")) {
					return FormatODF
				}
			}
		}
	}
	return FormatOther
}

// cleanZip rewrites the metadata parts of an Office or OpenDocument file
// and copies the rest, within MaxZipEntries and MaxUnzippedBytes.
func cleanZip(b []byte, format Format, f *findings) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	if len(zr.File) > MaxZipEntries {
		return nil, errTooLarge
	}
	var total uint64
	for _, e := range zr.File {
		total += e.UncompressedSize64
		if total > MaxUnzippedBytes {
			return nil, errTooLarge
		}
	}
	if format == FormatODF && odfEncrypted(zr) {
		return nil, errEncrypted
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		rewrite := partRewriter(format, e.Name)
		if err := copyEntry(zw, e, rewrite, f); err != nil {
			return nil, fmt.Errorf("clean: %s: %w", e.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// dosEpochDate is the time written on every entry: 1980-01-01, the earliest a
// zip can say (date 1<<5|1, time 0).
const dosEpochDate = 1<<5 | 1

func copyEntry(zw *zip.Writer, e *zip.File, rewrite zipPart, f *findings) error {
	if rewrite != nil {
		data, err := readEntry(e)
		if err != nil {
			return err
		}
		n, err := rewrite(data, f)
		if err != nil {
			return err
		}
		if n != nil {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: e.Method, ModifiedDate: dosEpochDate})
			if err != nil {
				return err
			}
			_, err = w.Write(n)
			return err
		}
	}
	fh := e.FileHeader
	fh.Modified, fh.ModifiedDate, fh.ModifiedTime = time.Time{}, dosEpochDate, 0
	fh.Extra, fh.Comment = nil, ""
	w, err := zw.CreateRaw(&fh)
	if err != nil {
		return err
	}
	r, err := e.OpenRaw()
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// readEntry decompresses one part, at most MaxUnzippedBytes of it.
func readEntry(e *zip.File) ([]byte, error) {
	r, err := e.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, MaxUnzippedBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxUnzippedBytes {
		return nil, errTooLarge
	}
	return data, nil
}

// odfEncrypted: a password-protected OpenDocument file lists encryption
// data in its manifest; its parts cannot be read.
func odfEncrypted(zr *zip.Reader) bool {
	for _, e := range zr.File {
		if e.Name == "META-INF/manifest.xml" {
			data, err := readEntry(e)
			return err == nil && bytes.Contains(data, []byte("encryption-data"))
		}
	}
	return false
}

// partRewriter chooses the rewriter of a part by its name, nil for a part
// without metadata.
func partRewriter(format Format, name string) zipPart {
	if format == FormatODF {
		switch name {
		case "meta.xml":
			return odfMeta
		case "content.xml", "styles.xml":
			return odfContent
		case "settings.xml":
			return odfSettings
		}
		return nil
	}
	switch {
	case name == "docProps/core.xml":
		return ooxmlCore
	case name == "docProps/app.xml":
		return ooxmlApp
	case name == "docProps/custom.xml":
		return ooxmlCustom
	case strings.HasSuffix(name, ".rels"):
		return ooxmlRels
	case ooxmlAuthorParts.MatchString(name):
		return ooxmlAuthors
	}
	return nil
}

// ooxmlAuthorParts are the parts where people are named: the document's
// body, headers, footers and notes (tracked changes), comments and their
// people, spreadsheet comments, threaded comments and persons, the
// presentation's comment authors, the workbook (its absolute path).
var ooxmlAuthorParts = regexp.MustCompile(`^(word/[^/]+\.xml|xl/comments[^/]*\.xml|xl/threadedComments/[^/]+\.xml|xl/persons/[^/]+\.xml|xl/workbook\.xml|xl/revisions/[^/]+\.xml|ppt/commentAuthors\.xml|ppt/authors\.xml|ppt/comments/[^/]+\.xml)$`)

// ooxmlCore reads the core properties (creator, last modified by, title,
// dates) and writes them empty.
func ooxmlCore(data []byte, f *findings) ([]byte, error) {
	fields := map[string]domain.MetaField{"creator": domain.MetaAuthor, "lastModifiedBy": domain.MetaLastModifiedBy,
		"title": domain.MetaTitle, "subject": domain.MetaTitle, "description": domain.MetaTitle, "keywords": domain.MetaTitle,
		"category": domain.MetaTitle, "contentStatus": domain.MetaTitle, "identifier": domain.MetaTitle,
		"created": domain.MetaDates, "modified": domain.MetaDates, "lastPrinted": domain.MetaDates}
	if err := readProperties(data, fields, f); err != nil {
		return nil, err
	}
	return []byte(xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>`), nil
}

// ooxmlAppDrop are the extended properties that say who, where and with
// what; the rest (page and word counts, titles of parts) describe the
// content and stay.
var ooxmlAppDrop = map[string]domain.MetaField{"Company": domain.MetaOrganisation, "Manager": domain.MetaOrganisation,
	"Template": domain.MetaPath, "HyperlinkBase": domain.MetaPath, "Application": domain.MetaSoftware,
	"AppVersion": domain.MetaSoftware, "TotalTime": domain.MetaDates}

func ooxmlApp(data []byte, f *findings) ([]byte, error) {
	shown := map[string]domain.MetaField{"Company": domain.MetaOrganisation, "Manager": domain.MetaOrganisation,
		"HyperlinkBase": domain.MetaPath, "Application": domain.MetaSoftware}
	if err := readProperties(data, shown, f); err != nil {
		return nil, err
	}
	if t := elementText(data, "Template"); t != "" && looksLikePath(t) {
		f.add(domain.MetaPath, t)
	}
	return rewriteXML(data, xmlEdit{drop: func(local string, _ []xml.Attr) bool {
		_, ok := ooxmlAppDrop[local]
		return ok
	}})
}

// ooxmlCustom reads the custom properties ("name: value") and writes none.
func ooxmlCustom(data []byte, f *findings) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	name, any := "", false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "property" {
				any = true
				name = attrValue(t.Attr, "name")
			}
		case xml.CharData:
			if v := strings.TrimSpace(string(t)); v != "" && name != "" {
				f.add(domain.MetaCustom, name+": "+v)
			}
		}
	}
	if !any {
		return nil, nil
	}
	f.add(domain.MetaCustom)
	return []byte(xml.Header + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>`), nil
}

// ooxmlRels: a relationship to a file on the author's computer (an
// attached template, a linked file) names the folder it was in; the
// target keeps only the file's name.
func ooxmlRels(data []byte, f *findings) ([]byte, error) {
	if !bytes.Contains(data, []byte("External")) {
		return nil, nil
	}
	return rewriteXML(data, xmlEdit{attr: func(elem, local, v string) string {
		if local == "Target" && looksLikePath(v) {
			f.add(domain.MetaPath, v)
			return path.Base(strings.ReplaceAll(v, `\`, "/"))
		}
		return v
	}})
}

// ooxmlAuthors replaces the names in comments and tracked changes, drops
// the account data of comment authors (presence, user ids) and the
// workbook's absolute path.
func ooxmlAuthors(data []byte, f *findings) ([]byte, error) {
	if !bytes.Contains(data, []byte("uthor")) && !bytes.Contains(data, []byte("absPath")) && !bytes.Contains(data, []byte("displayName")) && !bytes.Contains(data, []byte("userName")) {
		return nil, nil
	}
	changed := false
	out, err := rewriteXML(data, xmlEdit{
		drop: func(local string, attrs []xml.Attr) bool {
			switch local {
			case "presenceInfo":
				changed = true
				return true
			case "absPath":
				f.add(domain.MetaPath, attrValue(attrs, "url"))
				changed = true
				return true
			}
			return false
		},
		attr: func(elem, local, v string) string {
			switch {
			case local == "author" || local == "displayName" || local == "userName" ||
				local == "name" && (localOf(elem) == "cmAuthor" || localOf(elem) == "author"):
				if v != "" && v != anonymous {
					f.add(authorField(elem), v)
					changed = true
				}
				return anonymous
			case local == "initials" || local == "userId" || local == "providerId":
				if v != "" {
					changed = true
				}
				return ""
			}
			return v
		},
		text: func(open []string, text string) string {
			if localOf(open[len(open)-1]) == "author" && strings.TrimSpace(text) != "" && text != anonymous {
				f.add(domain.MetaCommentAuthor, text)
				changed = true
				return anonymous
			}
			return text
		},
	})
	if err != nil || !changed {
		return nil, err
	}
	return out, nil
}

// authorField tells a comment's author from a tracked change's by the
// element that names them.
func authorField(elem string) domain.MetaField {
	switch localOf(elem) {
	case "comment", "person", "cmAuthor", "author", "threadedComment":
		return domain.MetaCommentAuthor
	}
	return domain.MetaRevisionAuthor
}

// odfMeta reads meta.xml and writes it with no properties (the
// document's ODF version kept).
func odfMeta(data []byte, f *findings) ([]byte, error) {
	fields := map[string]domain.MetaField{"initial-creator": domain.MetaAuthor, "creator": domain.MetaLastModifiedBy,
		"printed-by": domain.MetaLastModifiedBy, "title": domain.MetaTitle, "subject": domain.MetaTitle,
		"description": domain.MetaTitle, "keyword": domain.MetaTitle, "creation-date": domain.MetaDates,
		"date": domain.MetaDates, "print-date": domain.MetaDates, "generator": domain.MetaSoftware,
		"editing-duration": domain.MetaDates}
	if err := readProperties(data, fields, f); err != nil {
		return nil, err
	}
	version := "1.3"
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "document-meta":
				if v := attrValue(t.Attr, "version"); v != "" {
					version = v
				}
			case "user-defined":
				var v string
				d.DecodeElement(&v, &t)
				f.add(domain.MetaCustom, attrValue(t.Attr, "name")+": "+v)
			case "template", "auto-reload":
				if href := attrValue(t.Attr, "href"); href != "" {
					f.add(domain.MetaPath, href)
				}
			}
		}
	}
	var esc bytes.Buffer
	xml.EscapeText(&esc, []byte(version))
	return []byte(xml.Header + `<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="` + esc.String() + `"><office:meta></office:meta></office:document-meta>`), nil
}

// odfContent replaces the names in annotations (comments) and tracked
// changes: dc:creator inside office:annotation or office:change-info.
func odfContent(data []byte, f *findings) ([]byte, error) {
	if !bytes.Contains(data, []byte("creator")) {
		return nil, nil
	}
	changed := false
	out, err := rewriteXML(data, xmlEdit{text: func(open []string, text string) string {
		if localOf(open[len(open)-1]) != "creator" || strings.TrimSpace(text) == "" || text == anonymous {
			return text
		}
		field := domain.MetaRevisionAuthor
		for i := len(open) - 1; i >= 0; i-- {
			if l := localOf(open[i]); l == "annotation" || l == "change-info" {
				if l == "annotation" {
					field = domain.MetaCommentAuthor
				}
				break
			}
		}
		f.add(field, text)
		changed = true
		return anonymous
	}})
	if err != nil || !changed {
		return nil, err
	}
	return out, nil
}

// odfSettings empties the printer's name and drops its set-up (which
// names the printer and its server).
func odfSettings(data []byte, f *findings) ([]byte, error) {
	if !bytes.Contains(data, []byte("Printer")) {
		return nil, nil
	}
	changed := false
	var current string
	out, err := rewriteXML(data, xmlEdit{
		drop: func(local string, attrs []xml.Attr) bool {
			current = attrValue(attrs, "name")
			if local == "config-item" && current == "PrinterSetup" {
				changed = true
				return true
			}
			return false
		},
		text: func(open []string, text string) string {
			if localOf(open[len(open)-1]) == "config-item" && current == "PrinterName" && strings.TrimSpace(text) != "" {
				f.add(domain.MetaComputer, text)
				changed = true
				return ""
			}
			return text
		},
	})
	if err != nil || !changed {
		return nil, err
	}
	return out, nil
}

// readProperties adds the text of every element whose local name is in
// fields.
func readProperties(data []byte, fields map[string]domain.MetaField, f *findings) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	var current string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			current = t.Name.Local
		case xml.EndElement:
			current = ""
		case xml.CharData:
			v := strings.TrimSpace(string(t))
			if field, ok := fields[current]; ok && v != "" {
				if looksLikePath(v) {
					field = domain.MetaPath
				}
				f.add(field, v)
			}
		}
	}
}

// elementText returns the text of the first element with that local name.
func elementText(data []byte, local string) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == local {
			var v string
			if d.DecodeElement(&v, &t) == nil {
				return strings.TrimSpace(v)
			}
			return ""
		}
	}
}

func attrValue(attrs []xml.Attr, local string) string {
	for _, a := range attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
