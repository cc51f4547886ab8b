package web

import (
	"strings"
	"testing"
)

// TestProblemsWithoutProblemKeepsBody: a page that names no problem comes
// back as it was, and one that does is still found, whether its problem
// is of a field or of the whole form (the short cut of problems must not
// pass over either).
func TestProblemsWithoutProblemKeepsBody(t *testing.T) {
	plain := `<h1>Meldingen</h1><div class="utrecht-alert utrecht-alert--error" role="status">geen probleem</div>`
	if body, ps := problems(plain); body != plain || len(ps) != 0 {
		t.Errorf("a page without problems changed or named %d: %q", len(ps), body)
	}
	field := plain + `<input id="subject"><div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="subject-err">Te lang</div>`
	if _, ps := problems(field); len(ps) != 1 || ps[0].Href != "#subject" || ps[0].Message != "Te lang" {
		t.Errorf("the field's problem was not found: %+v", ps)
	}
	form := plain + `<div class="utrecht-alert utrecht-alert--error form-problem" role="alert"><div class="utrecht-alert__content"><p class="utrecht-alert__message utrecht-paragraph">Kies een melding</p></div></div>`
	body, ps := problems(form)
	if len(ps) != 1 || ps[0].Message != "Kies een melding" || !strings.Contains(body, `<div class="form-problem" id="form-problem-1"></div>`) {
		t.Errorf("the form's problem was not found: %+v\n%s", ps, body)
	}
}

// TestPageBufferComesBackEmpty: a buffer taken for the next page holds
// nothing of the last one, and one grown past maxPooledPage is not kept.
func TestPageBufferComesBackEmpty(t *testing.T) {
	b := pageBuffer()
	b.WriteString("<p>vertrouwelijk</p>")
	putPageBuffer(b)
	for range 10 {
		if n := pageBuffer().Len(); n != 0 {
			t.Fatalf("a pooled buffer holds %d bytes of an earlier page", n)
		}
	}
	big := pageBuffer()
	big.Grow(2 * maxPooledPage)
	putPageBuffer(big)
	for range 10 {
		if c := pageBuffer().Cap(); c > maxPooledPage {
			t.Fatalf("a buffer of %d bytes was kept", c)
		}
	}
}

// TestLayoutAroundMark: the layout is split at the content's mark only
// when it holds it exactly once.
func TestLayoutAroundMark(t *testing.T) {
	mark := string(contentMark)
	before, after, ok := layoutAround([]byte("<main>" + mark + "</main>"))
	if !ok || string(before) != "<main>" || string(after) != "</main>" {
		t.Errorf("split as %q, %q, %v", before, after, ok)
	}
	for _, layout := range []string{"<main></main>", "<main>" + mark + mark + "</main>", mark + "<p>" + mark} {
		if _, _, ok := layoutAround([]byte(layout)); ok {
			t.Errorf("%q split, though it does not hold the mark once", layout)
		}
	}
}

// pageRefusing is page data with a refusal, as withRefusal reads it.
type pageRefusing string

func (p pageRefusing) refusal() (string, string) { return string(p), "form" }

// TestMayNameProblems: a page without problem markup and without a
// refusal in its data has no summary; either one may give it one.
func TestMayNameProblems(t *testing.T) {
	plain := []byte(`<h1>Meldingen</h1>`)
	field := []byte(`<div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="x-err">Fout</div>`)
	for _, c := range []struct {
		body []byte
		data any
		want bool
	}{
		{plain, nil, false},
		{plain, pageRefusing(""), false},
		{plain, pageRefusing("Niet toegestaan"), true},
		{field, nil, true},
	} {
		if got := mayNameProblems(c.body, c.data); got != c.want {
			t.Errorf("mayNameProblems(%q, %#v) = %v, want %v", c.body, c.data, got, c.want)
		}
	}
}
