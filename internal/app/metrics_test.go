package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
)

// TestMetricsOnTheirOwnAddress: with metrics_addr the metrics are served
// there (and only /metrics is), while the main address has no /metrics;
// the background jobs are counted.
func TestMetricsOnTheirOwnAddress(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Addr, cfg.MetricsAddr = "127.0.0.1:0", "127.0.0.1:0"
	cfg.AuditKeyFile = filepath.Join(cfg.DataDir, "audit.key")
	a, err := Open(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{PasswordParams: auth.TestParams})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	defer func() { stop(); <-done }()

	get := func(url string) (int, string) {
		t.Helper()
		for range 50 {
			res, err := http.Get(url)
			if err != nil {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			return res.StatusCode, string(b)
		}
		t.Fatalf("GET %s: no answer", url)
		return 0, ""
	}
	get("http://" + a.Addr() + "/healthz")
	var body string
	for range 50 { // the checkpoint job runs at start
		var code int
		if code, body = get("http://" + a.MetricsAddr() + "/metrics"); code != 200 {
			t.Fatalf("metrics address: %d", code)
		}
		if strings.Contains(body, `integer_job_runs_total{job="audit_checkpoint",result="ok"} 1`) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, want := range []string{`integer_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`,
		`integer_job_runs_total{job="audit_checkpoint",result="ok"} 1`, "go_sql_open_connections", "integer_key_derivations_waiting 0",
		`integer_job_lease_held{job="audit_checkpoint"} 1`, `integer_job_lease_taken_timestamp_seconds{holder="` + a.Store.Holder() + `",job="audit_checkpoint"}`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if code, _ := get("http://" + a.MetricsAddr() + "/healthz"); code != http.StatusNotFound {
		t.Errorf("metrics address serves /healthz: %d", code)
	}
	if code, _ := get("http://" + a.Addr() + "/metrics"); code != http.StatusNotFound {
		t.Errorf("main address /metrics without metrics_token: %d", code)
	}
}
