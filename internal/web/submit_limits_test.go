package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/config"
)

// TestDefect5_SubmissionsLimitedPerClient: one client filed 1,480 reports
// in 27 minutes, each with a deadline and a notice. Through the real
// router, a client past its hourly limit gets 429 with Retry-After and a
// Dutch page (form) or JSON (API), and nothing is stored; another client
// still files until the organisation's hourly limit, which refuses every
// client.
func TestDefect5_SubmissionsLimitedPerClient(t *testing.T) {
	e := newEnv(t, "", func(c *config.Config) {
		c.TrustedProxies = []string{"127.0.0.0/8"}
		c.SubmissionsPerHour = 2
		c.OrgSubmissionsPerHour = 3
	})
	e.reportingPoint("helmond")
	const flooder, other, third = "198.51.100.7", "192.0.2.10", "192.0.2.11"
	e.fileReport(flooder)
	e.fileReport(flooder)
	api := e.api("POST", "/api/v1/helmond/reports", apiReport, from(flooder))
	wantAPIError(t, api, http.StatusTooManyRequests, "throttled", "")
	if retry, _ := strconv.Atoi(api.Header.Get("Retry-After")); retry < 60 || retry > 3600 {
		t.Errorf("API: Retry-After %q; want the minutes to the next report", api.Header.Get("Retry-After"))
	}
	ct, body := multipartBody(t, validReport())
	form := e.send(http.MethodPost, "/helmond/report", ct, body, from(flooder))
	if form.StatusCode != http.StatusTooManyRequests || form.Header.Get("Retry-After") == "" ||
		!strings.Contains(form.body, "Vanaf uw internetverbinding zijn het afgelopen uur al veel meldingen gedaan") {
		t.Fatalf("form past the client's limit: %d, Retry-After %q\n%s", form.StatusCode, form.Header.Get("Retry-After"), form.body)
	}
	if n := e.countReports(); n != 2 {
		t.Fatalf("%d reports stored; want the 2 accepted", n)
	}
	// Another client files the organisation's third report; then the
	// organisation refuses everyone this hour.
	e.fileReport(other)
	ct, body = multipartBody(t, validReport())
	form = e.send(http.MethodPost, "/helmond/report", ct, body, from(third))
	if form.StatusCode != http.StatusTooManyRequests || !strings.Contains(form.body, "ongewoon veel meldingen") {
		t.Fatalf("form past the organisation's limit: %d\n%s", form.StatusCode, form.body)
	}
	if n := e.countReports(); n != 3 {
		t.Fatalf("%d reports stored; want 3", n)
	}
}
