package auth

import (
	"encoding/xml"
	"fmt"
	"image/color"
	"strings"
	"testing"

	"github.com/boombuler/barcode/qr"
)

// svgDoc is the subset of QRCodeSVG's output the tests inspect.
type svgDoc struct {
	XMLName        xml.Name `xml:"http://www.w3.org/2000/svg svg"`
	ViewBox        string   `xml:"viewBox,attr"`
	Role           string   `xml:"role,attr"`
	AriaLabelledBy string   `xml:"aria-labelledby,attr"`
	Title          struct {
		ID   string `xml:"id,attr"`
		Text string `xml:",chardata"`
	} `xml:"title"`
	Rect struct {
		Width  string `xml:"width,attr"`
		Height string `xml:"height,attr"`
		Fill   string `xml:"fill,attr"`
	} `xml:"rect"`
	Path struct {
		Fill string `xml:"fill,attr"`
		D    string `xml:"d,attr"`
	} `xml:"path"`
}

func TestQRCodeSVG(t *testing.T) {
	const content = "otpauth://totp/Integer:jan@example.nl?algorithm=SHA1&digits=6&issuer=Integer&period=30&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	tests := []struct {
		name, title string
	}{
		{"plain title", "QR-code voor uw authenticator-app"},
		{"title needing escapes", `<script>alert("x")</script> & 'co' ]]>`},
		{"control characters", "bell\a tab\t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := QRCodeSVG(content, tt.title)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(svg, "style") {
				t.Error("SVG contains a style attribute or element; CSP forbids it")
			}
			if strings.Contains(svg, "<script") {
				t.Error("title not escaped")
			}
			var doc svgDoc
			if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
				t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
			}
			wantTitle := strings.ReplaceAll(tt.title, "\a", "\uFFFD") // XML cannot carry BEL
			if doc.Title.Text != wantTitle {
				t.Errorf("title = %q, want %q", doc.Title.Text, wantTitle)
			}
			if doc.Role != "img" || doc.AriaLabelledBy == "" || doc.AriaLabelledBy != doc.Title.ID {
				t.Errorf("role=%q aria-labelledby=%q title id=%q; want img and matching ids", doc.Role, doc.AriaLabelledBy, doc.Title.ID)
			}

			code, err := qr.Encode(content, qr.M, qr.Auto)
			if err != nil {
				t.Fatal(err)
			}
			dim := code.Bounds().Dx()
			size := dim + 2*qrQuietZone
			if want := fmt.Sprintf("0 0 %d %d", size, size); doc.ViewBox != want {
				t.Errorf("viewBox = %q, want %q (%d modules + quiet zone)", doc.ViewBox, want, dim)
			}
			if n := fmt.Sprint(size); doc.Rect.Width != n || doc.Rect.Height != n || doc.Rect.Fill != "#fff" {
				t.Errorf("background rect = %+v, want %dx%d white", doc.Rect, size, size)
			}
			if doc.Path.Fill != "#000" {
				t.Errorf("path fill = %q, want #000", doc.Path.Fill)
			}

			// Redraw the path on a grid and compare module by module: this
			// checks both the count and the placement without a decoder.
			grid, err := rasterize(doc.Path.D, size)
			if err != nil {
				t.Fatal(err)
			}
			for y := range size {
				for x := range size {
					want := false
					if mx, my := x-qrQuietZone, y-qrQuietZone; mx >= 0 && my >= 0 && mx < dim && my < dim {
						want = color.GrayModel.Convert(code.At(mx, my)).(color.Gray).Y < 0x80
					}
					if grid[y][x] != want {
						t.Fatalf("module (%d,%d) dark = %v, want %v", x, y, grid[y][x], want)
					}
				}
			}
		})
	}
}

// rasterize draws the "M x y h w v 1 h -w z" segments QRCodeSVG emits on a
// size×size grid, failing on any other shape or on overlapping runs.
func rasterize(d string, size int) ([][]bool, error) {
	grid := make([][]bool, size)
	for i := range grid {
		grid[i] = make([]bool, size)
	}
	for seg := range strings.SplitSeq(strings.TrimSuffix(d, "z"), "z") {
		var x, y, w, w2 int
		if _, err := fmt.Sscanf(seg, "M%d %dh%dv1h-%d", &x, &y, &w, &w2); err != nil || w != w2 || w < 1 {
			return nil, fmt.Errorf("unexpected path segment %q: %v", seg, err)
		}
		for i := x; i < x+w; i++ {
			if y < 0 || y >= size || i < 0 || i >= size || grid[y][i] {
				return nil, fmt.Errorf("segment %q out of bounds or overlapping", seg)
			}
			grid[y][i] = true
		}
	}
	return grid, nil
}

func TestQRCodeSVGDistinctIDs(t *testing.T) {
	a, _ := QRCodeSVG("otpauth://totp/a", "QR")
	b, _ := QRCodeSVG("otpauth://totp/b", "QR")
	var da, db svgDoc
	if err := xml.Unmarshal([]byte(a), &da); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal([]byte(b), &db); err != nil {
		t.Fatal(err)
	}
	if da.Title.ID == db.Title.ID {
		t.Errorf("two codes on one page would share id %q", da.Title.ID)
	}
}
