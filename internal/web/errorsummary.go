package web

import (
	"bytes"
	"html"
	"html/template"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The error summary: a refused form names its problems at the top of the
// page, each a link to the field (or, for a problem of the whole form, to
// the place of the form) it is about, and the page title starts with
// "Fout:" ("Error:"). The summary is made from the rendered page itself, so
// every form that marks its fields with the shared error-message markup
// (templates/partials_controls.html) gets one without code of its own; a
// problem of the whole form (the "form-error" partial) is said once, in
// the summary, and leaves an anchor where it stood.

// problem is one entry of the error summary.
type problem struct {
	Href    string
	Message template.HTML // already escaped: it comes from the rendered page
}

var (
	fieldProblemRE = regexp.MustCompile(`(?s)<div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="([^"]+)-err"[^>]*>(.*?)</div>`)
	formProblemRE  = regexp.MustCompile(`(?s)<div class="utrecht-alert utrecht-alert--error form-problem" role="alert"><div class="utrecht-alert__content"><p class="utrecht-alert__message utrecht-paragraph">(.*?)</p></div></div>`)
)

// problems finds the problems in a rendered page body, in the order of the
// page, and returns the body with each problem of a whole form replaced by
// the anchor its summary entry links to.
func problems(body string) (string, []problem) {
	if !holdsProblem([]byte(body)) {
		return body, nil
	}
	type found struct {
		at int
		p  problem
	}
	var all []found
	n := 0
	body = formProblemRE.ReplaceAllStringFunc(body, func(m string) string {
		n++
		id := "form-problem-" + strconv.Itoa(n)
		msg := formProblemRE.FindStringSubmatch(m)[1]
		all = append(all, found{p: problem{Href: "#" + id, Message: template.HTML(msg)}})
		return `<div class="form-problem" id="` + id + `"></div>`
	})
	for i := range all {
		all[i].at = strings.Index(body, all[i].p.Href[1:])
	}
	for _, m := range fieldProblemRE.FindAllStringSubmatchIndex(body, -1) {
		id, msg := body[m[2]:m[3]], body[m[4]:m[5]]
		target := id
		if !strings.Contains(body, `id="`+id+`"`) {
			target = id + "-err" // a group without an element of that id
		}
		all = append(all, found{at: m[0], p: problem{Href: "#" + target, Message: template.HTML(msg)}})
	}
	sortFound := func(a, b found) int { return a.at - b.at }
	slices.SortStableFunc(all, sortFound)
	out := make([]problem, len(all))
	for i, f := range all {
		out[i] = f.p
	}
	return body, out
}

// Most pages name no problem: neither expression can match a body without
// its literal start, and looking for that is a plain search, where running
// the expressions copied the whole body (100 KB for a report list of 100
// rows) on every page.
var (
	formProblemStart  = literalPrefix(formProblemRE)
	fieldProblemStart = literalPrefix(fieldProblemRE)
)

func literalPrefix(re *regexp.Regexp) []byte {
	prefix, _ := re.LiteralPrefix()
	return []byte(prefix)
}

// holdsProblem reports whether body may hold a problem that problems finds.
func holdsProblem(body []byte) bool {
	return bytes.Contains(body, formProblemStart) || bytes.Contains(body, fieldProblemStart)
}

// mayNameProblems reports whether a rendered page with data may have an
// error summary: problems in its body, or a refusal in its data
// (withRefusal). When it is false both find none.
func mayNameProblems(body []byte, data any) bool {
	if holdsProblem(body) {
		return true
	}
	if r, ok := data.(refusing); ok {
		msg, _ := r.refusal()
		return msg != ""
	}
	return false
}

// withSummary puts the summary after the page's first heading (or at its
// start when it has none).
func withSummary(body string, summary []byte) string {
	if i := strings.Index(body, "</h1>"); i >= 0 {
		i += len("</h1>")
		return body[:i] + "\n" + string(summary) + body[i:]
	}
	return string(summary) + body
}

// summaryHeading is implemented by page data whose summary has a heading of
// its own (the report page: "nothing was changed").
type summaryHeading interface {
	SummaryHeading() string
}

// refusing is implemented by page data that knows the message of a refused
// form, so that the summary says it even when the form is not on the page
// again (a step that is not offered yet), linking to the form's section.
type refusing interface {
	refusal() (msg, anchor string)
}

// withRefusal adds the page data's refusal to the problems when the page
// does not show it already.
func withRefusal(body string, ps []problem, data any) []problem {
	r, ok := data.(refusing)
	if !ok {
		return ps
	}
	msg, anchor := r.refusal()
	if msg == "" {
		return ps
	}
	esc := template.HTML(template.HTMLEscapeString(msg))
	for _, p := range ps {
		if html.UnescapeString(string(p.Message)) == msg {
			return ps
		}
	}
	href := "#" + anchor
	if !strings.Contains(body, `id="`+anchor+`"`) {
		href = ""
	}
	return append([]problem{{Href: href, Message: esc}}, ps...)
}

// renderSummary renders the error-summary partial for the problems.
func renderSummary(t *template.Template, heading string, ps []problem) ([]byte, error) {
	var buf bytes.Buffer
	err := t.ExecuteTemplate(&buf, "error-summary", map[string]any{"Heading": heading, "Problems": ps})
	return buf.Bytes(), err
}
