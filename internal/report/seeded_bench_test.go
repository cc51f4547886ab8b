package report_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// BenchmarkSeededAnnualReport builds and writes as JSON the annual report
// of an organisation in a database seeded by integer-load (its registers
// included), as the server's /{org}/annual-report.json does, so that a CPU
// profile shows where the server's time goes:
//
//	INTEGER_BENCH_DATABASE=/tmp/X-150k/integer.db INTEGER_BENCH_ORG=load \
//	  go test ./internal/report/ -run '^$' -bench SeededAnnualReport -benchtime 5x -cpuprofile /tmp/X-cpu.out
//
// Skipped without INTEGER_BENCH_DATABASE (a SQLite file or a PostgreSQL
// URL); the year is 2025 unless INTEGER_BENCH_YEAR says otherwise.
func BenchmarkSeededAnnualReport(b *testing.B) {
	dsn := os.Getenv("INTEGER_BENCH_DATABASE")
	if dsn == "" {
		b.Skip("INTEGER_BENCH_DATABASE names no seeded database (integer-load seed); skipping")
	}
	ctx := context.Background()
	st, err := store.OpenNoMigrate(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	slug := os.Getenv("INTEGER_BENCH_ORG")
	if slug == "" {
		slug = "load"
	}
	org, err := st.OrganisationBySlug(ctx, slug)
	if err != nil {
		b.Fatal(err)
	}
	year := 2025
	if y := os.Getenv("INTEGER_BENCH_YEAR"); y != "" {
		if _, err := fmt.Sscan(y, &year); err != nil {
			b.Fatal(err)
		}
	}
	cpu := processCPU()
	for b.Loop() {
		r, err := report.Build(ctx, st, org.ID, year, report.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.JSON(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
