package web

import (
	"net/url"
	"strings"
)

// maxRedirectLen bounds a redirect target taken from a request.
const maxRedirectLen = 2048

// localPath returns p when it is a path on this site, else fallback: a
// redirect target from a request (the language switch's and the login's
// next) must never lead to another host. It is the only check of such a
// target; see localTarget for what passes.
func localPath(p, fallback string) string {
	if localTarget(p) {
		return p
	}
	return fallback
}

// localTarget reports whether p is a relative reference (net/url) that
// starts with exactly one "/", has no scheme, host or user, and holds only
// the printable ASCII characters a URL path, query and fragment may hold:
// no control character, white space, backslash or other Unicode. The same
// holds after each of up to three rounds of percent-decoding, so that
// "/%09/x", "/%5Cx" and "/%2F%2Fx" are refused as their decoded forms
// would be, whoever decodes them on the way.
func localTarget(p string) bool {
	if len(p) > maxRedirectLen {
		return false
	}
	for range 4 {
		if !localForm(p) {
			return false
		}
		d, err := url.PathUnescape(p)
		if err != nil {
			return false
		}
		if d == p {
			return true
		}
		p = d
	}
	return false
}

// localForm is one round of localTarget's check, on p as it stands.
func localForm(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	for i := 0; i < len(p); i++ {
		if !pathByte(p[i]) {
			return false
		}
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.Opaque == "" && u.User == nil &&
		strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "//")
}

// pathByte reports whether c may appear in a local redirect target: RFC 3986
// unreserved and sub-delimiter characters, ":", "@", "/", "?", "#" and "%".
func pathByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/?#%", c) >= 0
}
