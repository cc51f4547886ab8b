package web_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/web"
)

// BenchmarkAnnualReportJSON requests the annual report's JSON through the
// router as the controller of an organisation integer-load seeded, as
// integer-load page does against a server, so that a CPU profile shows
// what the request costs beyond report.Build (the session, the year's
// parameters, the audit entry, the JSON):
//
//	cp -a /tmp/X-150k /tmp/X-150k-bench   # the benchmark writes sessions and audit entries
//	INTEGER_BENCH_DATABASE=/tmp/X-150k-bench/integer.db go test ./internal/web/ -run '^$' \
//	  -bench AnnualReportJSON -benchtime 5x -cpuprofile /tmp/X-cpu.out
//
// Skipped without INTEGER_BENCH_DATABASE (a SQLite file or a PostgreSQL
// URL of a seed of integer-load with its controller, loadcontroller); the
// seed's audit key is INTEGER_BENCH_AUDIT_KEY, by default audit.key beside
// the SQLite file.
func BenchmarkAnnualReportJSON(b *testing.B) {
	dsn := os.Getenv("INTEGER_BENCH_DATABASE")
	if dsn == "" {
		b.Skip("INTEGER_BENCH_DATABASE names no seeded database (integer-load seed); skipping")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	key := os.Getenv("INTEGER_BENCH_AUDIT_KEY") // the seed's; beside a SQLite file by default
	if key == "" {
		key = filepath.Join(filepath.Dir(dsn), "audit.key")
	}
	if err := st.LoadAuditKey(ctx, key); err != nil {
		b.Fatal(err)
	}
	e := newEnvStore(b, st, dsn, web.Options{PasswordParams: auth.TestParams})
	org, err := st.OrganisationBySlug(ctx, "load")
	if err != nil {
		b.Fatal(err)
	}
	u, err := st.UserByUsername(ctx, org.ID, "loadcontroller")
	if err != nil {
		b.Fatal(err)
	}
	cookie := e.session(u, domain.StateFull)
	cpu := benchCPU()
	for b.Loop() {
		if res := e.get(cookie, "/load/annual-report.json?year=2025"); res.StatusCode != 200 {
			b.Fatalf("status %d: %.300s", res.StatusCode, res.body)
		}
	}
	b.ReportMetric(float64((benchCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// benchCPU is the CPU time this process has used, all threads.
func benchCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
