package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDefect_BadInputRefused: invalid or overlong UTF-8, lone surrogates,
// NUL characters and a notify_email with a line break (header injection) or
// a display name are refused with a clear message, on the public form and
// the JSON API, and nothing is stored.
func TestDefect_BadInputRefused(t *testing.T) {
	e := newEnv(t, "")
	e.reportingPoint("helmond")
	form := []struct {
		name, field, value, want string
	}{
		{"invalid UTF-8", "description", "Fraude \xff\xfe bij inkoop", "ongeldige tekens"},
		{"overlong UTF-8", "where", "Stadhuis \xc0\xaf kamer 2", "ongeldige tekens"},
		{"NUL", "involved", "Jan\x00Jansen", "ongeldige tekens"},
		{"header injection", "notify_email", "a@b.nl\r\nBcc: c@d.nl", "Vul een geldig e-mailadres in"},
		{"display name", "notify_email", "Melder <a@b.nl>", "Vul een geldig e-mailadres in"},
		{"two addresses", "notify_email", "a@b.nl, c@d.nl", "Vul een geldig e-mailadres in"},
	}
	for _, tc := range form {
		v := validReport()
		v.Set(tc.field, tc.value)
		res := e.postMultipart("/helmond/report", v)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, tc.want) {
			t.Errorf("form, %s: %d, page lacks %q", tc.name, res.StatusCode, tc.want)
		}
		res = e.do(request{method: "POST", path: "/helmond/report", form: v})
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("urlencoded form, %s: %d", tc.name, res.StatusCode)
		}
	}
	api := []struct {
		name, body, want string
	}{
		{"invalid UTF-8", `{"context":"officials","description":"Fraude ` + "\xff" + `","anonymous":true}`, "UTF-8"},
		{"overlong UTF-8", `{"context":"officials","description":"a` + "\xc0\xaf" + `","anonymous":true}`, "UTF-8"},
		{"lone high surrogate", `{"context":"officials","description":"a\ud800b","anonymous":true}`, "UTF-8"},
		{"lone low surrogate", `{"context":"officials","description":"a\udc00","anonymous":true}`, "UTF-8"},
		{"reversed pair", `{"context":"officials","description":"\udc00\ud800","anonymous":true}`, "UTF-8"},
		{"NUL", `{"context":"officials","description":"a\u0000b","anonymous":true}`, "invalid characters"},
		{"header injection", `{"context":"officials","description":"Fraude","anonymous":true,"notify_email":"a@b\r\nBcc: c@d"}`, "notify_email"},
		{"display name", `{"context":"officials","description":"Fraude","anonymous":true,"notify_email":"X <a@b.nl>"}`, "notify_email"},
	}
	for _, tc := range api {
		res := e.send("POST", "/api/v1/helmond/reports", "application/json", strings.NewReader(tc.body), map[string]string{"Accept-Language": "en"})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, tc.want) {
			t.Errorf("API, %s: %d %s, want 400 naming %q", tc.name, res.StatusCode, res.body, tc.want)
		}
	}
	if n := e.countReports(); n != 0 {
		t.Fatalf("%d reports stored", n)
	}
	// What is right still passes: a surrogate pair, an accent, a plain address.
	ok := `{"context":"officials","description":"Fraude \ud83d\ude00 café","anonymous":true,"notify_email":"melder@example.nl"}`
	if res := e.send("POST", "/api/v1/helmond/reports", "application/json", strings.NewReader(ok), nil); res.StatusCode != http.StatusCreated {
		t.Errorf("a valid report: %d %s", res.StatusCode, res.body)
	}
	v := validReport()
	v.Set("notify_email", "melder@example.nl")
	if res := e.do(request{method: "POST", path: "/helmond/report", form: url.Values(v)}); res.StatusCode != http.StatusOK {
		t.Errorf("a valid form: %d", res.StatusCode)
	}
}
