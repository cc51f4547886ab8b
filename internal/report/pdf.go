package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/signintech/gopdf"
)

// The PDF is set in DejaVu Sans (embedded, with its licence in fonts/), which
// has every Dutch character (ë, é, ï, €, „”). It has a cover, a table of
// contents with page numbers and links, one chapter per section starting on
// a new page, and "pagina N van M" at the foot of every page after the
// cover. It is laid out twice: the first pass finds the pages the chapters
// start on and the number of pages, the second writes them into the
// contents and the footers.

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

const (
	pageW, pageH = 595.28, 841.89 // A4 in points
	margin       = 56.0
	bottomLimit  = pageH - margin - 20
	textW        = pageW - 2*margin
)

type pdfWriter struct {
	pdf       *gopdf.GoPdf
	doc       *Document
	pageOf    string // "pagina %d van %d"
	tocTitle  string
	total     int            // pages, from the first pass
	starts    map[string]int // section ID → page, from the first pass
	newStarts map[string]int
}

// WritePDF writes the document as a PDF. pageOf formats the footer
// ("pagina %d van %d"), toc is the contents' heading.
func (d *Document) WritePDF(w io.Writer, toc, pageOf string) error {
	first := &pdfWriter{doc: d, pageOf: pageOf, tocTitle: toc, starts: map[string]int{}}
	if err := first.layout(); err != nil {
		return err
	}
	second := &pdfWriter{doc: d, pageOf: pageOf, tocTitle: toc, starts: first.newStarts, total: first.pdf.GetNumberOfPages()}
	if err := second.layout(); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := second.pdf.Write(&b); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func (p *pdfWriter) font(bold bool, size float64) {
	family := "dejavu"
	if bold {
		family = "dejavu-bold"
	}
	_ = p.pdf.SetFont(family, "", size)
}

func (p *pdfWriter) layout() error {
	p.pdf = &gopdf.GoPdf{}
	p.newStarts = map[string]int{}
	p.pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: *gopdf.PageSizeA4})
	p.pdf.SetInfo(gopdf.PdfInfo{Title: p.doc.Title + " · " + p.doc.Subtitle, Creator: "Integer", Producer: "Integer"})
	if err := p.pdf.AddTTFFontData("dejavu", fontRegular); err != nil {
		return fmt.Errorf("report: pdf font: %w", err)
	}
	if err := p.pdf.AddTTFFontData("dejavu-bold", fontBold); err != nil {
		return fmt.Errorf("report: pdf font: %w", err)
	}
	p.pdf.AddFooter(func() {
		n := p.pdf.GetNumberOfPages()
		if n <= 1 {
			return
		}
		p.font(false, 8)
		p.pdf.SetTextColor(80, 80, 80)
		total := p.total
		if total == 0 {
			total = n
		}
		text := fmt.Sprintf(p.pageOf, n, total)
		tw, _ := p.pdf.MeasureTextWidth(text)
		p.pdf.SetXY(pageW-margin-tw, pageH-margin+10)
		_ = p.pdf.Cell(nil, text)
		p.pdf.SetXY(margin, pageH-margin+10)
		foot := p.doc.Title + " · " + p.doc.Subtitle
		if p.doc.Draft != "" {
			foot = p.doc.Draft + " · " + foot
		}
		_ = p.pdf.Cell(nil, foot)
		p.pdf.SetTextColor(0, 0, 0)
	})

	// Cover.
	p.pdf.AddPage()
	p.pdf.SetY(260)
	p.font(true, 26)
	p.lines(p.doc.Title, 26, textW)
	p.font(false, 16)
	p.pdf.SetY(p.pdf.GetY() + 10)
	p.lines(p.doc.Subtitle, 16, textW)
	p.font(false, 9)
	p.pdf.SetY(p.pdf.GetY() + 30)
	p.lines(p.doc.Generated, 9, textW)
	if p.doc.Suppression != "" {
		p.pdf.SetY(p.pdf.GetY() + 8)
		p.lines(p.doc.Suppression, 9, textW)
	}
	if p.doc.Draft != "" {
		// A report that contradicts itself is a draft: said on the cover,
		// with every contradiction, and in every page's footer.
		p.pdf.SetY(p.pdf.GetY() + 16)
		p.pdf.SetTextColor(160, 0, 0)
		p.font(true, 14)
		p.lines(p.doc.Draft, 14, textW)
		p.font(true, 10)
		p.lines(p.doc.DraftHeading, 10, textW)
		p.font(false, 9)
		p.lines(p.doc.DraftIntro, 9, textW)
		for _, v := range p.doc.Violations {
			p.lines("• "+v, 9, textW)
		}
		p.pdf.SetTextColor(0, 0, 0)
	}

	// Contents.
	p.pdf.AddPage()
	p.font(true, 16)
	p.pdf.SetXY(margin, margin)
	p.lines(p.tocTitle, 16, textW)
	p.pdf.SetY(p.pdf.GetY() + 10)
	for i, s := range p.doc.Sections {
		p.font(false, 11)
		y := p.pdf.GetY()
		title := fmt.Sprintf("%d. %s", i+1, s.Title)
		p.pdf.SetXY(margin, y)
		_ = p.pdf.Cell(nil, title)
		page := ""
		if n := p.starts[s.ID]; n > 0 {
			page = strconv.Itoa(n)
		}
		pw, _ := p.pdf.MeasureTextWidth(page)
		p.pdf.SetXY(pageW-margin-pw, y)
		_ = p.pdf.Cell(nil, page)
		if p.total > 0 {
			p.pdf.AddInternalLink("sec-"+s.ID, margin, y, textW, 16)
		}
		p.pdf.SetY(y + 20)
	}

	// Chapters.
	for i, s := range p.doc.Sections {
		p.pdf.AddPage()
		p.pdf.SetXY(margin, margin)
		p.newStarts[s.ID] = p.pdf.GetNumberOfPages()
		p.pdf.SetAnchor("sec-" + s.ID)
		p.pdf.AddOutline(s.Title)
		p.font(true, 16)
		p.lines(fmt.Sprintf("%d. %s", i+1, s.Title), 16, textW)
		p.pdf.SetY(p.pdf.GetY() + 8)
		if s.Intro != "" {
			p.paragraph(s.Intro)
		}
		for _, t := range s.Text {
			p.paragraph(t)
		}
		for _, t := range s.Tables {
			if err := p.table(t); err != nil {
				return err
			}
		}
	}
	return nil
}

// need starts a new page when h points do not fit on this one.
func (p *pdfWriter) need(h float64) {
	if p.pdf.GetY()+h > bottomLimit {
		p.pdf.AddPage()
		p.pdf.SetXY(margin, margin)
	}
}

// lines writes wrapped text at the left margin in the current font.
func (p *pdfWriter) lines(text string, size, width float64) {
	lh := size * 1.35
	for _, para := range strings.Split(text, "\n") {
		ls, err := p.pdf.SplitTextWithWordWrap(para, width)
		if err != nil || len(ls) == 0 {
			ls = []string{para}
		}
		for _, l := range ls {
			p.need(lh)
			p.pdf.SetX(margin)
			_ = p.pdf.Cell(&gopdf.Rect{W: width, H: lh}, l)
			p.pdf.SetY(p.pdf.GetY() + lh)
		}
	}
}

func (p *pdfWriter) paragraph(text string) {
	p.font(false, 10)
	p.lines(text, 10, textW)
	p.pdf.SetY(p.pdf.GetY() + 6)
}

// table writes a table with its caption; a header row repeats on a new page.
func (p *pdfWriter) table(t Table) error {
	const size, lh, pad = 9.0, 12.5, 3.0
	cols := len(t.Headers)
	if cols == 0 {
		return nil
	}
	widths := make([]float64, cols)
	switch {
	case t.Plain && cols == 5:
		copy(widths, []float64{62, 150, 80, 121, 70})
	case t.Plain && cols == 2:
		copy(widths, []float64{150, textW - 150})
	case t.Plain && cols == 3: // own category, its national type, a count
		copy(widths, []float64{textW - 270, 200, 70})
	default:
		rest := 70.0
		widths[0] = textW - rest*float64(cols-1)
		for i := 1; i < cols; i++ {
			widths[i] = rest
		}
	}
	p.need(2*lh + 20)
	p.pdf.SetY(p.pdf.GetY() + 8)
	p.font(true, 10)
	p.lines(t.Caption, 10, textW)
	p.pdf.SetY(p.pdf.GetY() + 2)
	row := func(cells []string, bold bool) {
		if bold {
			p.font(true, size)
		} else {
			p.font(false, size)
		}
		wrapped := make([][]string, cols)
		n := 1
		for i := 0; i < cols && i < len(cells); i++ {
			ls, err := p.pdf.SplitTextWithWordWrap(cells[i], widths[i]-2*pad)
			if err != nil || len(ls) == 0 {
				ls = []string{cells[i]}
			}
			wrapped[i] = ls
			n = max(n, len(ls))
		}
		h := float64(n)*lh + 2*pad
		p.need(h)
		y := p.pdf.GetY()
		x := margin
		for i := 0; i < cols; i++ {
			numeric := i > 0 && !(t.Plain && i < 4)
			for j, l := range wrapped[i] {
				lx := x + pad
				if numeric {
					w, _ := p.pdf.MeasureTextWidth(l)
					lx = x + widths[i] - pad - w
				}
				p.pdf.SetXY(lx, y+pad+float64(j)*lh)
				_ = p.pdf.Cell(nil, l)
			}
			x += widths[i]
		}
		p.pdf.SetStrokeColor(190, 190, 190)
		p.pdf.SetLineWidth(0.5)
		p.pdf.Line(margin, y+h, margin+textW, y+h)
		p.pdf.SetXY(margin, y+h)
	}
	row(t.Headers, true)
	for _, r := range t.Rows {
		if p.pdf.GetY()+lh+2*3 > bottomLimit {
			p.pdf.AddPage()
			p.pdf.SetXY(margin, margin)
			row(t.Headers, true)
		}
		row(r, false)
	}
	if t.Chart != nil {
		p.chart(t.Chart)
	}
	if t.Note != "" {
		p.pdf.SetY(p.pdf.GetY() + 4)
		p.font(false, 8)
		p.lines(t.Note, 8, textW)
	}
	p.pdf.SetY(p.pdf.GetY() + 6)
	return nil
}

// chart draws the bars of a trend below its table.
func (p *pdfWriter) chart(c *Chart) {
	const h = 110.0
	p.need(h + 40)
	top := p.pdf.GetY() + 18
	base := top + h
	maxV := 1
	for _, b := range c.Bars {
		maxV = max(maxV, b.Value)
	}
	n := max(1, len(c.Bars))
	step := min(36.0, textW/float64(n))
	barW := step * 0.7
	p.pdf.SetStrokeColor(0, 0, 0)
	p.pdf.SetLineWidth(0.5)
	p.pdf.Line(margin, base, margin+step*float64(n), base)
	p.font(false, 7)
	for i, b := range c.Bars {
		x := margin + float64(i)*step + (step-barW)/2
		v := max(0, b.Value)
		bh := float64(v) / float64(maxV) * h
		if b.Value < 0 {
			p.pdf.SetStrokeColor(1, 104, 155)
			p.pdf.RectFromUpperLeftWithStyle(x, base-4, barW, 4, "D")
		} else if bh > 0 {
			p.pdf.SetFillColor(1, 104, 155)
			p.pdf.RectFromUpperLeftWithStyle(x, base-bh, barW, bh, "F")
		}
		w, _ := p.pdf.MeasureTextWidth(b.Text)
		p.pdf.SetXY(x+barW/2-w/2, base-bh-10)
		_ = p.pdf.Cell(nil, b.Text)
		lbl := shortYear(b.Label)
		w, _ = p.pdf.MeasureTextWidth(lbl)
		p.pdf.SetXY(x+barW/2-w/2, base+3)
		_ = p.pdf.Cell(nil, lbl)
	}
	p.pdf.SetXY(margin, base+16)
}
