package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/config"
)

// testClock is a clock the test moves; the store and every limit read it.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newProxiedEnv starts a server behind a trusted proxy on 127.0.0.1, so
// that each request names its client in X-Forwarded-For, with a clock the
// test moves.
func newProxiedEnv(t *testing.T) (*env, *testClock) {
	t.Helper()
	e := newEnv(t, "", func(c *config.Config) { c.TrustedProxies = []string{"127.0.0.0/8"} })
	clk := &testClock{t: time.Now()}
	e.store.Now = clk.Now
	return e, clk
}

// from is the header of a request from the client address addr.
func from(addr string) map[string]string { return map[string]string{"X-Forwarded-For": addr} }

// fileReport files a report through the API from addr and returns its
// receipt code and number.
func (e *env) fileReport(addr string) (code, number string) {
	e.t.Helper()
	res := e.api("POST", "/api/v1/helmond/reports", apiReport, from(addr))
	if res.StatusCode != http.StatusCreated {
		e.t.Fatalf("submission from %s: %d %s", addr, res.StatusCode, res.body)
	}
	c := decode[apiReportCreated](e.t, res)
	return c.Receipt, c.Number
}

type apiReportCreated struct {
	Receipt string `json:"receipt"`
	Number  string `json:"number"`
}

// wrongCode is a well-formed code that is not code.
func wrongCode(code string, i int) string {
	w := []byte(code)
	w[15] = '0' + (w[15]-'0'+1)%10
	w[14] = '0' + byte(i%10)
	return string(w)
}

// openForm opens the mailbox on the form from addr.
func (e *env) openForm(addr, code string) response {
	e.t.Helper()
	return e.do(request{method: "POST", path: "/helmond/mailbox", form: url.Values{"receipt": {code}}, header: from(addr)})
}

// openAPI opens the mailbox through the API from addr.
func (e *env) openAPI(addr, code string) response {
	e.t.Helper()
	h := from(addr)
	h["Authorization"] = "Receipt " + code
	return e.api("GET", "/api/v1/helmond/mailbox", "", h)
}

// TestDefect1_GuessingDoesNotLockOutTheTrueCode: many wrong codes, from one
// address and from many, on the form and the API, do not keep the holder
// of the true code out of their mailbox (before: 30 wrong codes in 10
// minutes blocked every mailbox of the organisation).
func TestDefect1_GuessingDoesNotLockOutTheTrueCode(t *testing.T) {
	e, _ := newProxiedEnv(t)
	e.reportingPoint("helmond")
	code, number := e.fileReport("192.0.2.10")
	for i := range 40 {
		e.openForm("198.51.100.7", wrongCode(code, i))
		e.openAPI("198.51.100.8", wrongCode(code, i))
		e.openForm("203.0.113."+strconv.Itoa(i+1), wrongCode(code, i))
		e.do(request{method: "POST", path: "/helmond/mailbox/message", header: from("198.51.100.9"),
			form: url.Values{"receipt": {wrongCode(code, i)}, "message": {"x"}}})
	}
	if res := e.openForm("192.0.2.10", code); res.StatusCode != http.StatusOK || !strings.Contains(res.body, number) {
		t.Errorf("true code on the form while others guess: %d", res.StatusCode)
	}
	if res := e.openAPI("192.0.2.11", code); res.StatusCode != http.StatusOK || !strings.Contains(res.body, number) {
		t.Errorf("true code on the API while others guess: %d %s", res.StatusCode, res.body)
	}
	// The same holds for a second reporter, from an address never seen.
	code2, number2 := e.fileReport("192.0.2.20")
	if res := e.openForm("192.0.2.21", code2); res.StatusCode != http.StatusOK || !strings.Contains(res.body, number2) {
		t.Errorf("second reporter's true code: %d", res.StatusCode)
	}
}

// TestDefect1_ClientOverItsLimitGets429WhileAnotherOpens: a client gets a
// few codes wrong a minute, then a Dutch 429 page (or JSON) with
// Retry-After; another client's true code opens meanwhile, and the
// limited client may try again after the wait.
func TestDefect1_ClientOverItsLimitGets429WhileAnotherOpens(t *testing.T) {
	e, clk := newProxiedEnv(t)
	e.reportingPoint("helmond")
	code, number := e.fileReport("192.0.2.10")
	const guesser = "198.51.100.7"
	for i := range 5 {
		if res := e.openForm(guesser, wrongCode(code, i)); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: %d", i+1, res.StatusCode)
		}
	}
	res := e.openForm(guesser, wrongCode(code, 5))
	retry, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	if res.StatusCode != http.StatusTooManyRequests || retry < 1 || retry > 12 ||
		!strings.Contains(res.body, "Vanaf uw internetverbinding zijn te veel verkeerde codes ingevuld. Wacht "+strconv.Itoa(retry)+" seconden") {
		t.Fatalf("sixth wrong code: %d, Retry-After %q\n%s", res.StatusCode, res.Header.Get("Retry-After"), res.body)
	}
	api := e.openAPI(guesser, wrongCode(code, 6))
	wantAPIError(t, api, http.StatusTooManyRequests, "throttled", "")
	if api.Header.Get("Retry-After") == "" {
		t.Error("API: no Retry-After")
	}
	// Over its limit, the client is refused before its code is tried, the
	// true one too: telling needs the derivation the limit withholds.
	if res := e.openForm(guesser, code); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("true code from the limited client: %d", res.StatusCode)
	}
	// Another client is not affected.
	if res := e.openForm("192.0.2.10", code); res.StatusCode != http.StatusOK || !strings.Contains(res.body, number) {
		t.Errorf("true code from another client: %d", res.StatusCode)
	}
	if res := e.openAPI("192.0.2.10", code); res.StatusCode != http.StatusOK {
		t.Errorf("true code on the API from another client: %d", res.StatusCode)
	}
	// After the wait, the limited client's true code opens; a right code
	// costs it nothing, so it opens again.
	clk.Add(time.Duration(retry) * time.Second)
	for i := range 2 {
		if res := e.openForm(guesser, code); res.StatusCode != http.StatusOK {
			t.Errorf("true code %d after the wait: %d", i+1, res.StatusCode)
		}
	}
}
