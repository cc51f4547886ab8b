package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzLocalPath: a redirect target that localPath lets through stays on
// this site however it is read: as a URL reference resolved against a page
// of the site, and as a browser reads it (tabs and line breaks dropped, "\"
// as "/"), also after percent-decoding.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/demo/dashboard", "/demo/report?x=1#top", "//evil.example", "/\\evil.example",
		"/%09/evil.example", "/\t/evil.example", "/%2F%2Fevil.example", "/%5Cevil.example", "https://evil.example",
		"/%252F%252Fevil.example", "javascript:alert(1)", "/ok/%E2%80%AE", "/\u3000/evil.example", "\\\\evil.example",
		"/.//evil.example", "/a/../../evil.example", "/@evil.example", "/demo:8080"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://integer.example/demo/page")
	const fallback = "/fallback"
	f.Fuzz(func(t *testing.T, p string) {
		got := localPath(p, fallback)
		if got == fallback {
			return
		}
		if got != p {
			t.Fatalf("localPath(%q) = %q: neither the target nor the fallback", p, got)
		}
		u, err := url.Parse(p)
		if err != nil {
			t.Fatalf("localPath accepted %q, which does not parse: %v", p, err)
		}
		if r := base.ResolveReference(u); r.Scheme != "https" || r.Host != "integer.example" || r.User != nil {
			t.Fatalf("localPath accepted %q, which resolves to %s", p, r)
		}
		for s, i := p, 0; i < 4; i++ {
			browser := strings.ReplaceAll(strings.Map(func(r rune) rune {
				if r == '\t' || r == '\n' || r == '\r' {
					return -1
				}
				return r
			}, s), `\`, "/")
			if !strings.HasPrefix(browser, "/") || strings.HasPrefix(browser, "//") {
				t.Fatalf("localPath accepted %q, which a browser reads as %q", p, browser)
			}
			d, err := url.PathUnescape(s)
			if err != nil || d == s {
				break
			}
			s = d
		}
	})
}

// FuzzReporterFileName: the name kept for a reporter's attachment is never
// empty, ".", ".." or longer than the limit, holds no path separator,
// control or bidirectional-override character and is valid UTF-8, and
// keeping it again changes nothing.
func FuzzReporterFileName(f *testing.F) {
	for _, s := range []string{"foto.jpg", "", " ", ".", "..", "../../etc/passwd", `C:\Users\x\brief.pdf`, "a\x00b.txt",
		"rapport\u202Efdp.exe", "\xff\xfe.txt", strings.Repeat("é", 300), strings.Repeat("a", 199) + " b", "\u200Bnaam.doc",
		"line\nbreak.txt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := reporterFileName(in)
		if out == "" || out == "." || out == ".." || strings.TrimSpace(out) != out {
			t.Fatalf("reporterFileName(%q) = %q", in, out)
		}
		if !utf8.ValidString(out) || utf8.RuneCountInString(out) > reporterFileNameRunes {
			t.Fatalf("reporterFileName(%q) = %q: invalid UTF-8 or longer than %d", in, out, reporterFileNameRunes)
		}
		for _, r := range out {
			if unicode.IsControl(r) || r == '/' || r == '\\' || unicode.Is(unicode.Bidi_Control, r) {
				t.Fatalf("reporterFileName(%q) = %q holds %U", in, out, r)
			}
		}
		if again := reporterFileName(out); again != out {
			t.Fatalf("reporterFileName(%q) = %q, and again %q", in, out, again)
		}
	})
}

// FuzzDecodeJSON: the API's reading of a body never panics; it accepts a
// body or refuses it with 400, 413 or 415; what it accepts reads back the
// same when written again.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"context": "officials", "description": "Een collega neemt kantoorspullen mee naar huis.", "reporter_kind": "employee", "anonymous": true}`,
		`{"context": "officials", "description": "x", "anonymous": false, "name": "Jan", "contact": "06", "notify_email": "a@b.example"}`,
		`{}`, ``, `null`, `[]`, `{"anonymous": "yes"}`, `{"colour": "red"}`, `{"description": "a"} {"b": 1}`, `{"description": "\u0000\ud800"}`,
		`{"description": "` + strings.Repeat("x", 70<<10) + `"}`, `{"whistleblower": 1}`, `{"description": "\xff"}`,
	} {
		f.Add(s, "application/json")
	}
	f.Add(`{}`, "text/plain")
	f.Add(`{}`, "application/json; charset=utf-8")
	f.Fuzz(func(t *testing.T, body, contentType string) {
		decode := func(body string) (apiReportInput, error) {
			r := httptest.NewRequest(http.MethodPost, "/api/v1/x/reports", strings.NewReader(body))
			r.Header.Set("Content-Type", contentType)
			var v apiReportInput
			err := decodeJSON(httptest.NewRecorder(), r, &v)
			return v, err
		}
		v, err := decode(body)
		if err != nil {
			p, ok := errors.AsType[*apiProblem](err)
			if !ok || (p.status != http.StatusBadRequest && p.status != http.StatusRequestEntityTooLarge && p.status != http.StatusUnsupportedMediaType) {
				t.Fatalf("decodeJSON(%q, %q): %v", body, contentType, err)
			}
			return
		}
		again, _ := json.Marshal(v)
		w, err := decode(string(again))
		if err != nil || !reflect.DeepEqual(v, w) {
			t.Fatalf("decodeJSON(%q) = %+v; written as %s it reads back as %+v, %v", body, v, again, w, err)
		}
	})
}

// TestDefect_AttachmentNameBidiOverride: a reporter's attachment named
// "rapport<U+202E>fdp.exe" showed to the handler as "rapportexe.pdf"; a
// name cut at the limit could end in a space. Found by FuzzReporterFileName.
func TestDefect_AttachmentNameBidiOverride(t *testing.T) {
	tests := []struct{ in, want string }{
		{"rapport\u202Efdp.exe", "rapportfdp.exe"},
		{"\u2067naam\u2069.pdf", "naam.pdf"},
		{"a\u200Eb\u200F.txt", "ab.txt"},
		{strings.Repeat("a", 199) + " b", strings.Repeat("a", 199)},
		{"\u202E", "bijlage"},
	}
	for _, tt := range tests {
		if got := reporterFileName(tt.in); got != tt.want {
			t.Errorf("reporterFileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
