package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// The HTML of the report: the body (table of contents, sections, tables
// with their charts) is the same in the application's page and in the
// stand-alone file of the command line. Charts are inline SVG drawn on the
// server, each with a title and description and the table of its figures
// beside it, so no script is needed and screen readers get the numbers.

var bodyTemplate = template.Must(template.New("body").Funcs(template.FuncMap{
	"chart": chartSVG,
	"numeric": func(i int) bool {
		return i > 0
	},
}).Parse(`<div class="annual-report">
<header class="annual-report__cover">
<h1 class="utrecht-heading-1">{{.Doc.Title}}</h1>
<p class="utrecht-paragraph annual-report__org">{{.Doc.Subtitle}}</p>
<p class="utrecht-paragraph annual-report__generated">{{.Doc.Generated}}</p>
{{if .Doc.Suppression}}<p class="utrecht-paragraph annual-report__suppression" role="note">{{.Doc.Suppression}}</p>{{end}}
{{if .Doc.Violations}}<div class="utrecht-alert utrecht-alert--error annual-report__draft" role="alert" aria-labelledby="annual-draft"><div class="utrecht-alert__content">
<p class="utrecht-paragraph annual-report__draft-mark"><strong>{{.Doc.Draft}}</strong></p>
<h2 class="utrecht-heading-2" id="annual-draft">{{.Doc.DraftHeading}}</h2>
<p class="utrecht-paragraph">{{.Doc.DraftIntro}}</p>
<ul class="utrecht-unordered-list">{{range .Doc.Violations}}<li class="utrecht-unordered-list__item">{{.}}</li>{{end}}</ul>
</div></div>{{end}}
</header>
<nav class="annual-report__toc" aria-labelledby="annual-toc">
<h2 class="utrecht-heading-2" id="annual-toc">{{.TOC}}</h2>
<ol class="utrecht-ordered-list">
{{range .Doc.Sections}}<li class="utrecht-ordered-list__item"><a class="utrecht-link" href="#{{.ID}}">{{.Title}}</a></li>
{{end}}</ol>
</nav>
{{range $si, $s := .Doc.Sections}}<section class="annual-report__section" id="{{$s.ID}}" aria-labelledby="{{$s.ID}}-h">
<h2 class="utrecht-heading-2" id="{{$s.ID}}-h">{{$s.Title}}</h2>
{{if $s.Intro}}<p class="utrecht-paragraph">{{$s.Intro}}</p>{{end}}
{{range $s.Text}}<p class="utrecht-paragraph">{{.}}</p>
{{end}}{{range $ti, $t := $s.Tables}}{{with $t.Heading}}<h3 class="utrecht-heading-3 annual-report__part">{{.}}</h3>
{{end}}<div class="annual-report__figure{{if $t.Chart}} annual-report__figure--chart{{end}}{{if $t.NoWrap}} annual-report__figure--nowrap{{end}}">
<div class="utrecht-table__container" tabindex="0"><table class="utrecht-table utrecht-table--html-table">
<caption class="utrecht-table__caption">{{$t.Caption}}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row">
{{range $i, $h := $t.Headers}}<th class="utrecht-table__header-cell{{if and (numeric $i) (not $t.Plain)}} utrecht-table__header-cell--numeric{{end}}" scope="col">{{$h}}</th>{{end}}
</tr></thead>
<tbody class="utrecht-table__body">
{{range $t.Rows}}<tr class="utrecht-table__row">{{range $i, $c := .}}{{if eq $i 0}}<th class="utrecht-table__header-cell" scope="row">{{$c}}</th>{{else}}<td class="utrecht-table__cell{{if and (numeric $i) (not $t.Plain)}} utrecht-table__cell--numeric{{end}}">{{$c}}</td>{{end}}{{end}}</tr>
{{end}}</tbody>
</table></div>
{{if $t.Chart}}{{chart $t.Chart (printf "%s-c%d" $s.ID $ti)}}{{end}}
{{if $t.Note}}<p class="utrecht-paragraph annual-report__note">{{$t.Note}}</p>{{end}}
</div>
{{end}}</section>
{{end}}</div>`))

// BodyHTML renders the document's body for a page.
func (d *Document) BodyHTML(toc string) (template.HTML, error) {
	d = d.ForPage()
	var b bytes.Buffer
	if err := bodyTemplate.Execute(&b, struct {
		Doc *Document
		TOC string
	}{d, toc}); err != nil {
		return "", fmt.Errorf("report: html: %w", err)
	}
	return template.HTML(b.String()), nil
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Doc.Title}} · {{.Doc.Subtitle}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<main>
{{.Body}}
</main>
</body>
</html>
`))

// WriteHTML writes the document as one stand-alone HTML file, with the
// stylesheet css inside it.
func (d *Document) WriteHTML(w io.Writer, lang, toc string, css []byte) error {
	body, err := d.BodyHTML(toc)
	if err != nil {
		return err
	}
	return pageTemplate.Execute(w, struct {
		Lang string
		Doc  *Document
		Body template.HTML
		CSS  template.CSS
	}{lang, d, body, template.CSS(css)})
}

// chartSVG draws a vertical bar chart. A suppressed bar is drawn as an
// outline at the height of the limit, marked with its text ("< 5").
func chartSVG(c *Chart, id string) template.HTML {
	const (
		barW, gap, height, top, bottom, left = 28, 10, 160, 18, 22, 4
	)
	maxV := 1
	for _, b := range c.Bars {
		maxV = max(maxV, b.Value)
	}
	width := left*2 + len(c.Bars)*(barW+gap)
	var s strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&s, `<svg class="annual-chart" role="img" aria-labelledby="%s-t %s-d" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">`,
		id, id, width, height+top+bottom, width, height+top+bottom)
	fmt.Fprintf(&s, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(c.Title), id, esc(c.Desc))
	base := top + height
	fmt.Fprintf(&s, `<line class="annual-chart__axis" x1="0" y1="%d" x2="%d" y2="%d" stroke="currentColor"/>`, base, width, base)
	for i, b := range c.Bars {
		x := left + i*(barW+gap) + gap/2
		v := b.Value
		cls := "annual-chart__bar"
		if v < 0 {
			v, cls = 0, "annual-chart__bar annual-chart__bar--suppressed"
		}
		h := v * height / maxV
		if b.Value != 0 && h < 2 {
			h = 2
		}
		fmt.Fprintf(&s, `<rect class="%s" x="%d" y="%d" width="%d" height="%d"/>`, cls, x, base-h, barW, h)
		fmt.Fprintf(&s, `<text class="annual-chart__value" x="%d" y="%d" text-anchor="middle">%s</text>`, x+barW/2, base-h-4, esc(b.Text))
		fmt.Fprintf(&s, `<text class="annual-chart__label" x="%d" y="%d" text-anchor="middle">%s</text>`, x+barW/2, base+16, esc(shortYear(b.Label)))
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// shortYear writes 2021 as '21 when many bars need little room.
func shortYear(l string) string {
	if len(l) == 4 {
		if _, err := strconv.Atoi(l); err == nil {
			return "’" + l[2:]
		}
	}
	return l
}
