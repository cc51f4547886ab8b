package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// serverMetrics are the Prometheus metrics of one server, on a registry of
// their own (never the global one a library might write to). Labels are
// route patterns, methods, status codes, job names and organisations'
// short names: never a path with an ID in it, a user, an address or
// anything of a report.
type serverMetrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	jobRuns  *prometheus.CounterVec
	jobLast  *prometheus.GaugeVec
	jobTook  *prometheus.GaugeVec
}

func (s *Server) newMetrics() *serverMetrics {
	m := &serverMetrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "integer_http_requests_total", Help: "HTTP requests answered, by route pattern, method and status code.",
	}, []string{"route", "method", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "integer_http_request_duration_seconds", Help: "Time to answer an HTTP request, by route pattern and method.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
	}, []string{"route", "method"})
	m.jobRuns = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "integer_job_runs_total", Help: "Runs of the background jobs, by job and result (ok, error).",
	}, []string{"job", "result"})
	m.jobLast = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "integer_job_last_success_timestamp_seconds", Help: "When each background job last ran without error (Unix time).",
	}, []string{"job"})
	m.jobTook = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "integer_job_last_duration_seconds", Help: "How long each background job's last run took.",
	}, []string{"job"})
	slots := s.userKeys.Slots()
	m.reg.MustRegister(m.requests, m.duration, m.jobRuns, m.jobLast, m.jobTook,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(s.store.DB(), string(s.store.Engine())),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "integer_key_derivations_running", Help: "argon2id computations (logins, receipt codes, keys) running in a slot now.",
		}, func() float64 { r, _ := slots.Load(); return float64(r) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "integer_key_derivations_waiting", Help: "argon2id computations waiting for a slot now.",
		}, func() float64 { _, w := slots.Load(); return float64(w) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "integer_key_derivation_slots", Help: "Slots for argon2id computations (one per core).",
		}, func() float64 { _, all := slots.Guessing(); return float64(all) }),
		&deadlineCollector{s: s},
		&jobLeaseCollector{s: s},
	)
	return m
}

// observe counts one answered request under its route pattern ("" when no
// route took it: "unmatched", so a scan of random paths adds no series).
func (m *serverMetrics) observe(route, method string, status int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
	default:
		method = "other"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(took.Seconds())
}

// ObserveJob records one run of a background job (the app hands it to
// notify.Notifier.OnJob).
func (s *Server) ObserveJob(name string, took time.Duration, err error) {
	job := strings.ReplaceAll(name, " ", "_")
	result := "ok"
	if err != nil {
		result = "error"
	} else {
		s.metricsReg.jobLast.WithLabelValues(job).SetToCurrentTime()
	}
	s.metricsReg.jobRuns.WithLabelValues(job, result).Inc()
	s.metricsReg.jobTook.WithLabelValues(job).Set(took.Seconds())
}

// deadlineCollector counts, at each scrape, the open reports past a legal
// deadline per organisation: counts only, from clear columns.
type deadlineCollector struct{ s *Server }

var pastDeadlineDesc = prometheus.NewDesc("integer_reports_past_deadline",
	"Open reports whose legal deadline (acknowledgement within 7 days, feedback within 3 months) has passed unmet, by organisation.",
	[]string{"organisation", "deadline"}, nil)

func (c *deadlineCollector) Describe(ch chan<- *prometheus.Desc) { ch <- pastDeadlineDesc }

func (c *deadlineCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.s.notices.PastDeadline(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(pastDeadlineDesc, err)
		return
	}
	for org, byKind := range counts {
		for kind, n := range byKind {
			ch <- prometheus.MustNewConstMetric(pastDeadlineDesc, prometheus.GaugeValue, float64(n), org, kind)
		}
	}
}

// jobLeaseCollector tells, at each scrape, which server holds each
// background job and when that server last started a pass (job_leases), so
// that with several servers one can see that the jobs run, and where.
type jobLeaseCollector struct{ s *Server }

var (
	jobLeaseTakenDesc = prometheus.NewDesc("integer_job_lease_taken_timestamp_seconds",
		"When the holder of each background job's lease last started a pass (Unix time), by job and holder (host:pid:random), over all servers.",
		[]string{"job", "holder"}, nil)
	jobLeaseHeldDesc = prometheus.NewDesc("integer_job_lease_held",
		"1 when this server holds the background job's lease and runs its passes, else 0.",
		[]string{"job"}, nil)
)

func (c *jobLeaseCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- jobLeaseTakenDesc
	ch <- jobLeaseHeldDesc
}

func (c *jobLeaseCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	leases, err := c.s.store.JobLeases(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(jobLeaseTakenDesc, err)
		return
	}
	now := c.s.store.Now()
	for _, l := range leases {
		ch <- prometheus.MustNewConstMetric(jobLeaseTakenDesc, prometheus.GaugeValue, float64(l.TakenAt.Unix()), l.Job, l.Holder)
		held := 0.0
		if l.Holder == c.s.store.Holder() && l.Expires.After(now) {
			held = 1
		}
		ch <- prometheus.MustNewConstMetric(jobLeaseHeldDesc, prometheus.GaugeValue, held, l.Job)
	}
}

// MetricsHandler serves the metrics in Prometheus's text format, for the
// separate metrics address (metrics_addr), which has no other route.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.metricsReg.reg, promhttp.HandlerOpts{}))
	return mux
}

// metrics serves /metrics on the main address only when metrics_token is
// set, and then only to a request bearing it; otherwise the path does not
// exist here (the metrics may be on metrics_addr instead).
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.MetricsToken == "" {
		return s.notFound(w, r)
	}
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.cfg.MetricsToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		_, err := w.Write([]byte("metrics: a bearer token is required\n"))
		return err
	}
	promhttp.HandlerFor(s.metricsReg.reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
	return nil
}
