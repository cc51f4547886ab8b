package web

import (
	"strings"
	"testing"
)

// TestDefect_OpenRedirectTabBypass: every redirect target that comes from a
// request (the language switch's and the login's next) passes localPath,
// which lets through only a path of this site. The bypasses are those known
// to make browsers, proxies or http.Redirect leave the site, or to split the
// header.
func TestDefect_OpenRedirectTabBypass(t *testing.T) {
	refused := []string{
		"", "evil.example", "//evil.example", "///evil.example", "/\\evil.example", `\/evil.example`,
		"/\t/evil.example", "\t//evil.example", "/%09/evil.example", "/%5Cevil.example", "/%5cevil.example",
		"/%2F%2Fevil.example", "/%2f/evil.example", "/%252F%252Fevil.example", "/ /evil.example", " /evil",
		"/\n/evil.example", "/\r/evil.example", "/%0a/evil.example", "/%0d%0aSet-Cookie:%20x=1",
		"/a\r\nSet-Cookie: x=1", "/a%0d%0aSet-Cookie:x=1", "/a?b=%0d%0aX:1", "/\x00/evil", "/%00/evil",
		"/\x7f/evil", "https://evil.example", "http:/evil.example", "javascript:alert(1)",
		"JavaScript:alert(1)", "data:text/html,x", "mailto:a@b", "/a%20/b",
		"/\u3000/evil.example", "/\uff0f/evil.example", "/\u2215evil.example", "/\u00a0/evil", "/\u200b/evil",
		"/\u2028/evil", "/%E3%80%80/evil", "/%ff", "/\xff", "/%", "/%zz", "/%25zz",
		"//user@evil.example", "/.evil.example/\x0b", "/" + strings.Repeat("a", 3000),
	}
	for _, p := range refused {
		if got := localPath(p, "/fallback"); got != "/fallback" {
			t.Errorf("localPath(%q) = %q, want the fallback", p, got)
		}
	}
	allowed := []string{
		"/", "/helmond/login", "/helmond/reports/12?done=saved#form-note", "/helmond/reports?q=a+b&page=2",
		"/helmond/mailbox", "/helmond/council/codes?year=all", "/@evil.example", "/javascript:alert(1)//", "/helmond/a%2Db",
	}
	for _, p := range allowed {
		if got := localPath(p, "/fallback"); got != p {
			t.Errorf("localPath(%q) = %q, want it kept", p, got)
		}
	}
}
