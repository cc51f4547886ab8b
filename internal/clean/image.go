package clean

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"io"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
)

// JPEG: a file is a series of marker segments (ISO 10918-1, annex B.1):
// FF, a marker byte, and for most markers a two-byte length and a payload;
// after a start-of-scan segment come entropy-coded bytes in which FF is
// always followed by 00 or a restart marker. Metadata lives in
// application segments (APPn) and comments; the picture in the rest. So
// removing metadata is copying the segments that are not metadata, and
// the pixels decode the same.

var errDamaged = errors.New("clean: damaged file")

// jpegSegment is one marker segment: its marker and its payload (after
// the length bytes).
type jpegSegment struct {
	marker  byte
	payload []byte
}

// cleanJPEG copies every segment except metadata: APP1 (EXIF, XMP), APP13
// (Photoshop, IPTC), APP2 other than the colour profile (FlashPix, the
// multi-picture index whose pictures follow the end of the image), the
// vendors' APP3–APP12 and APP15, comments, and anything after the end of
// the image. It keeps APP0 (JFIF), the ICC colour profile and APP14
// (Adobe's colour transform): the picture's colours depend on them.
func cleanJPEG(b []byte, f *findings) ([]byte, error) {
	out := bytes.NewBuffer(make([]byte, 0, len(b)))
	out.Write(b[:2])
	i := 2
	for i < len(b) {
		if b[i] != 0xFF {
			return nil, errDamaged
		}
		for i < len(b) && b[i] == 0xFF {
			i++
		}
		if i >= len(b) {
			return nil, errDamaged
		}
		marker := b[i]
		i++
		switch {
		case marker == 0xD9: // end of image
			out.Write([]byte{0xFF, 0xD9})
			if len(bytes.TrimRight(b[i:], "\x00")) > 0 {
				f.add(domain.MetaEmbedded)
			}
			return out.Bytes(), nil
		case marker >= 0xD0 && marker <= 0xD7 || marker == 0x01:
			out.Write([]byte{0xFF, marker})
			continue
		}
		if i+2 > len(b) {
			return nil, errDamaged
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 || i+n > len(b) {
			return nil, errDamaged
		}
		seg := jpegSegment{marker, b[i+2 : i+n]}
		if keepJPEGSegment(seg, f) {
			out.Write([]byte{0xFF, marker})
			out.Write(b[i : i+n])
		} else if o := orientationSegment(seg); o != nil {
			out.Write(o)
		}
		i += n
		if marker == 0xDA { // start of scan: copy its entropy-coded data
			j := scanEnd(b, i)
			out.Write(b[i:j])
			i = j
		}
	}
	return nil, errDamaged // no end of image
}

// orientationSegment returns, for an EXIF segment whose picture is to be
// shown turned or mirrored (a phone held upright stores its pixels
// sideways and says so in EXIF), a new EXIF segment holding that
// orientation alone, so the photo still shows the right way up; nil
// otherwise.
func orientationSegment(s jpegSegment) (out []byte) {
	if s.marker != 0xE1 || !bytes.HasPrefix(s.payload, []byte("Exif\x00\x00")) {
		return nil
	}
	o := exifOrientation(s.payload[6:])
	if o < 2 || o > 8 {
		return nil
	}
	tiff, err := orientationOnly(o)
	if err != nil {
		return nil
	}
	n := 2 + 6 + len(tiff)
	out = append([]byte{0xFF, 0xE1, byte(n >> 8), byte(n)}, "Exif\x00\x00"...)
	return append(out, tiff...)
}

// scanEnd returns where the entropy-coded data from i ends: at the next
// marker that is not a restart marker.
func scanEnd(b []byte, i int) int {
	for j := i; j+1 < len(b); j++ {
		if b[j] != 0xFF {
			continue
		}
		next := b[j+1]
		if next == 0x00 || next >= 0xD0 && next <= 0xD7 || next == 0xFF {
			continue
		}
		return j
	}
	return len(b)
}

// keepJPEGSegment decides one segment, recording the metadata it drops.
func keepJPEGSegment(s jpegSegment, f *findings) bool {
	p := s.payload
	switch {
	case s.marker == 0xE0, s.marker == 0xEE: // JFIF, Adobe
		return true
	case s.marker == 0xE2 && bytes.HasPrefix(p, []byte("ICC_PROFILE\x00")):
		return true
	case s.marker == 0xE1 && bytes.HasPrefix(p, []byte("Exif\x00\x00")):
		exifFindings(p[6:], f)
	case s.marker == 0xE1 && bytes.HasPrefix(p, []byte("http://ns.adobe.com/")):
		_, packet, _ := bytes.Cut(p, []byte{0})
		xmpFindings(packet, f)
	case s.marker == 0xE2 && bytes.HasPrefix(p, []byte("MPF\x00")):
		f.add(domain.MetaEmbedded)
	case s.marker == 0xED:
		f.add(domain.MetaIPTC)
	case s.marker == 0xFE:
		f.add(domain.MetaComment, string(p))
	case s.marker >= 0xE1 && s.marker <= 0xEF:
		f.add(domain.MetaSoftware) // a program's or camera maker's own data
	default:
		return true // the picture itself: tables, frame, scans
	}
	return false
}

// PNG: a signature and a series of chunks (length, type, data, CRC; the
// PNG specification, section 5). Text chunks, EXIF and the last-modified
// time are metadata; no other chunk is needed to show the picture in the
// same colours, so they are dropped and the rest copied byte for byte.

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// cleanPNG copies every chunk except tEXt, zTXt, iTXt, eXIf and tIME, and
// nothing after IEND.
func cleanPNG(b []byte, f *findings) ([]byte, error) {
	out := bytes.NewBuffer(make([]byte, 0, len(b)))
	out.Write(pngSignature)
	i := len(pngSignature)
	for i+12 <= len(b) {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || n > len(b)-i-12 {
			return nil, errDamaged
		}
		typ, data := string(b[i+4:i+8]), b[i+8:i+8+n]
		whole := b[i : i+12+n]
		i += 12 + n
		switch typ {
		case "tEXt", "zTXt", "iTXt":
			pngTextFindings(typ, data, f)
		case "eXIf":
			exifFindings(data, f)
		case "tIME":
			f.add(domain.MetaDates)
		default:
			out.Write(whole)
		}
		if typ == "IEND" {
			if i < len(b) {
				f.add(domain.MetaEmbedded)
			}
			return out.Bytes(), nil
		}
	}
	return nil, errDamaged
}

// pngTextFindings reads a text chunk's keyword and text: tEXt is
// "keyword\0text", zTXt "keyword\0method compressed", iTXt "keyword\0flag
// method language\0translated keyword\0text" (compressed when flag is 1).
func pngTextFindings(typ string, data []byte, f *findings) {
	kw, rest, _ := bytes.Cut(data, []byte{0})
	var text []byte
	switch typ {
	case "tEXt":
		text = latin1(rest)
	case "zTXt":
		if len(rest) > 0 {
			text = inflate(rest[1:])
		}
	case "iTXt":
		if len(rest) < 2 {
			break
		}
		compressed := rest[0] == 1
		_, rest, _ = bytes.Cut(rest[2:], []byte{0}) // language
		_, rest, _ = bytes.Cut(rest, []byte{0})     // translated keyword
		text = rest
		if compressed {
			text = inflate(rest)
		}
	}
	key := strings.ToLower(string(kw))
	switch {
	case key == "xml:com.adobe.xmp":
		xmpFindings(text, f)
	case key == "author" || key == "copyright":
		f.add(domain.MetaAuthor, string(text))
	case key == "software":
		f.add(domain.MetaSoftware, string(text))
	case key == "creation time":
		f.add(domain.MetaDates, string(text))
	case key == "title" || key == "description":
		f.add(domain.MetaTitle, string(text))
	case strings.HasPrefix(key, "raw profile type"):
		f.add(domain.MetaXMP)
	default:
		f.add(domain.MetaComment, string(text))
	}
}

func latin1(b []byte) []byte {
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = rune(c)
	}
	return []byte(string(rs))
}

// inflate decompresses a zlib stream, at most 64 KiB of it: enough to show.
func inflate(b []byte) []byte {
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	defer r.Close()
	out, _ := io.ReadAll(io.LimitReader(r, 64<<10))
	return out
}
