package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"github.com/boombuler/barcode/qr"
)

// qrQuietZone is the blank margin, in modules, that ISO/IEC 18004 requires
// around a QR code; scanners struggle without it, especially on dark pages.
const qrQuietZone = 4

// QRCodeSVG renders content (an otpauth:// URL) as a QR code (error
// correction level M) in a self-contained inline SVG, so the TOTP secret
// never leaves the server for a third-party image service. The SVG uses one
// unit per module, has no width or height (size it with CSS on a wrapping
// element) and no style attributes, so it passes a Content-Security-Policy
// without 'unsafe-inline'. title is escaped and becomes the accessible
// name. The result is well-formed XML that is safe to embed as
// template.HTML.
func QRCodeSVG(content, title string) (string, error) {
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		return "", fmt.Errorf("auth: encoding QR code: %w", err)
	}
	b := code.Bounds()
	size := b.Dx() + 2*qrQuietZone
	n := strconv.Itoa(size)

	// The id only has to be unique within the page; deriving it from the
	// input keeps the output deterministic while letting two different
	// codes share a page.
	sum := sha256.Sum256([]byte(title + "\x00" + content))
	id := "qr-title-" + hex.EncodeToString(sum[:6])

	var sb strings.Builder
	sb.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + n + " " + n +
		`" role="img" aria-labelledby="` + id + `" shape-rendering="crispEdges">`)
	sb.WriteString(`<title id="` + id + `">`)
	xml.EscapeText(&sb, []byte(title)) // writes to a strings.Builder cannot fail
	sb.WriteString(`</title><rect width="` + n + `" height="` + n + `" fill="#fff"/><path fill="#000" d="`)
	// One subpath per horizontal run of dark modules rather than per
	// module keeps a typical otpauth code (~180-byte URL) near 10 KB
	// rather than roughly 25 KB.
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; {
			if !isDark(code.At(x, y)) {
				x++
				continue
			}
			start := x
			for x < b.Max.X && isDark(code.At(x, y)) {
				x++
			}
			w := x - start
			fmt.Fprintf(&sb, "M%d %dh%dv1h-%dz", start-b.Min.X+qrQuietZone, y-b.Min.Y+qrQuietZone, w, w)
		}
	}
	sb.WriteString(`"/></svg>`)
	return sb.String(), nil
}

// isDark reports whether a module colour is (closer to) black.
func isDark(c color.Color) bool {
	return color.GrayModel.Convert(c).(color.Gray).Y < 0x80
}
