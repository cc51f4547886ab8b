// Package xlsxtest builds workbooks for tests that no spreadsheet program
// writes: zip bombs, whose sheets decompress to hundreds of megabytes from a
// few kilobytes, built in milliseconds so that no big file is kept in the
// repository.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"strings"
)

// Sheet is one worksheet: Head (row elements, e.g. the header row), then Row
// repeated Repeat times. The rows go inside <sheetData>.
type Sheet struct {
	Name   string
	Head   string
	Row    string
	Repeat int
}

// InlineRow returns a <row> of inline-string cells, one per value.
func InlineRow(values ...string) string {
	var b strings.Builder
	b.WriteString("<row>")
	for _, v := range values {
		fmt.Fprintf(&b, `<c t="inlineStr"><is><t>%s</t></is></c>`, v)
	}
	b.WriteString("</row>")
	return b.String()
}

// Workbook returns an XLSX workbook of the sheets and, when shared is not
// empty, the shared strings part xl/sharedStrings.xml with that content.
// Each sheet's XML is deflated once per chunk of repeated rows and the
// compressed chunk is repeated: the zip's sizes and checksums are true.
func Workbook(shared string, sheets ...Sheet) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, content string) {
		w, err := zw.Create(name)
		if err != nil {
			panic(err)
		}
		_, _ = w.Write([]byte(content))
	}
	var types, books, rels strings.Builder
	for i, s := range sheets {
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		fmt.Fprintf(&books, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s.Name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	if shared != "" {
		types.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, len(sheets)+1)
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		types.String()+`</Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>`+
		`</Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<sheets>`+books.String()+`</sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+rels.String()+`</Relationships>`)
	if shared != "" {
		add("xl/sharedStrings.xml", shared)
	}
	for i, s := range sheets {
		addSheet(zw, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), s)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// chunkBytes is about how much sheet XML one compressed chunk holds.
const chunkBytes = 1 << 20

// addSheet writes the sheet's part as raw deflate: the head, the chunk of
// repeated rows (each chunk compressed on its own, so that the chunk's
// compressed bytes can be repeated), the rest of the rows and the tail.
func addSheet(zw *zip.Writer, name string, s Sheet) {
	head := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + s.Head
	tail := `</sheetData></worksheet>`
	perChunk := 1
	if len(s.Row) > 0 {
		perChunk = max(1, chunkBytes/len(s.Row))
	}
	chunks, rest := s.Repeat/perChunk, s.Repeat%perChunk
	chunk := strings.Repeat(s.Row, perChunk)

	var raw bytes.Buffer
	crc := crc32.NewIEEE()
	size := uint64(0)
	part := func(text string, last bool) []byte {
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, flate.BestCompression)
		_, _ = w.Write([]byte(text))
		if last {
			_ = w.Close()
		} else {
			_ = w.Flush()
		}
		return b.Bytes()
	}
	emit := func(text string, compressed []byte) {
		raw.Write(compressed)
		_, _ = crc.Write([]byte(text))
		size += uint64(len(text))
	}
	emit(head, part(head, false))
	if chunks > 0 {
		c := part(chunk, false)
		for range chunks {
			emit(chunk, c)
		}
	}
	end := strings.Repeat(s.Row, rest) + tail
	emit(end, part(end, true))
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: size})
	if err != nil {
		panic(err)
	}
	_, _ = w.Write(raw.Bytes())
}
