package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
)

const metricsToken = "0123456789abcdef0123456789abcdef-metrics"

// TestMetricsScrapedAndParsed: /metrics on the main address with the
// metrics token answers Prometheus's text format, which its own parser
// reads: requests by route pattern, key derivations, the database pool,
// the reports past a deadline per organisation; and nothing personal (no
// user name, no address, nothing of a report, no path with an ID).
func TestMetricsScrapedAndParsed(t *testing.T) {
	e := newEnv(t, "", func(c *config.Config) { c.MetricsToken = metricsToken })
	org, _ := e.reportingPoint("helmond")
	const canary = "Kanarie-Pietersen-7731"
	e.user(org, "jan.kanarie-7731", domain.RoleHR)
	body := strings.Replace(apiReport, "kantoorspullen", canary, 1)
	if res := e.api("POST", "/api/v1/helmond/reports", body, map[string]string{"X-Forwarded-For": "203.0.113.77"}); res.StatusCode != http.StatusCreated {
		t.Fatalf("report: %d %s", res.StatusCode, res.body)
	}
	e.do(request{path: "/helmond/login"})
	e.do(request{path: "/helmond/reports/12345"})
	e.do(request{path: "/no-such-thing/" + canary})
	// Ten days on: the acknowledgement (7 days) is past due.
	later := time.Now().Add(10 * 24 * time.Hour)
	e.store.Now = func() time.Time { return later }

	// Without the token, or with another: 401, no metrics.
	for _, auth := range []string{"", "Bearer wrong-token-wrong-token-wrong-token", "Basic " + metricsToken} {
		res := e.do(request{path: "/metrics", header: map[string]string{"Authorization": auth}})
		if res.StatusCode != http.StatusUnauthorized || strings.Contains(res.body, "integer_") {
			t.Errorf("Authorization %q: %d", auth, res.StatusCode)
		}
	}
	res := e.do(request{path: "/metrics", header: map[string]string{"Authorization": "Bearer " + metricsToken}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("metrics: %d %s", res.StatusCode, res.body)
	}
	for _, secret := range []string{canary, "jan.kanarie", "203.0.113.77", "127.0.0.1", "12345", "Gemeente helmond"} {
		if strings.Contains(res.body, secret) {
			t.Errorf("metrics hold %q", secret)
		}
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(res.body))
	if err != nil {
		t.Fatalf("Prometheus text parser: %v", err)
	}
	for _, name := range []string{"integer_http_requests_total", "integer_http_request_duration_seconds",
		"integer_key_derivations_running", "integer_key_derivations_waiting", "integer_key_derivation_slots",
		"go_sql_open_connections", "go_sql_max_open_connections", "integer_reports_past_deadline"} {
		if families[name] == nil {
			t.Errorf("no %s", name)
		}
	}
	requests := map[string]float64{}
	for _, m := range families["integer_http_requests_total"].GetMetric() {
		requests[label(m, "route")+" "+label(m, "code")] += m.GetCounter().GetValue()
	}
	for _, want := range []string{"POST /api/v1/{org}/reports 201", "GET /{org}/login 200", "/{org}/ 404"} {
		if requests[want] < 1 {
			t.Errorf("no request counted as %q: %v", want, requests)
		}
	}
	past := map[string]float64{}
	for _, m := range families["integer_reports_past_deadline"].GetMetric() {
		past[label(m, "organisation")+" "+label(m, "deadline")] = m.GetGauge().GetValue()
	}
	if past["helmond acknowledgement"] != 1 || past["helmond feedback"] != 0 {
		t.Errorf("past deadline = %v, want helmond acknowledgement 1, feedback 0", past)
	}
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}
