package report_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// seedLarge gives an organisation perReport reports a year over years
// years, ending with last, each with one or two allegations and some with a
// measure, written straight into the clear columns in one transaction.
func seedLarge(b *testing.B, st *store.Store, orgID int64, last, years, perYear int) {
	b.Helper()
	ctx := context.Background()
	db := st.DB()
	var channelID int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM channels WHERE org_id = $1 AND code = 'officials'`, orgID).Scan(&channelID); err != nil {
		b.Fatal(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	rep, err := tx.PrepareContext(ctx, `INSERT INTO reports (org_id, channel_id, number, received_at, source, reporter_kind,
		anonymous, whistleblower, state, acknowledged_at, feedback_at, closed_at, investigation, referred_to, content, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, FALSE, FALSE, 'closed', $7, $8, $9, $10, '', $11, $4) RETURNING id`)
	if err != nil {
		b.Fatal(err)
	}
	all, err := tx.PrepareContext(ctx, `INSERT INTO allegations (report_id, category, outcome, created_at, org_id, received_year, report_dismissed)
		VALUES ($1, $2, $3, $4, $5, $6, '')`)
	if err != nil {
		b.Fatal(err)
	}
	mea, err := tx.PrepareContext(ctx, `INSERT INTO measures (report_id, kind, created_at) VALUES ($1, $2, $3)`)
	if err != nil {
		b.Fatal(err)
	}
	for y := last - years + 1; y <= last; y++ {
		for i := 0; i < perYear; i++ {
			at := time.Date(y, 1, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * (364 * 24 * time.Hour / time.Duration(perYear)))
			ack, fb, closed := at.AddDate(0, 0, 3), at.AddDate(0, 2, 0), at.AddDate(0, 2, 10)
			var id int64
			if err := rep.QueryRowContext(ctx, orgID, channelID, fmt.Sprintf("%d-%05d", y, i+1), at,
				domain.Sources[i%len(domain.Sources)], domain.ReporterKinds[i%len(domain.ReporterKinds)],
				ack, fb, closed, domain.Investigations[i%len(domain.Investigations)], []byte{0}).Scan(&id); err != nil {
				b.Fatal(err)
			}
			for j := 0; j <= i%2; j++ {
				if _, err := all.ExecContext(ctx, id, domain.Categories[(i+j)%len(domain.Categories)], domain.Outcomes[i%len(domain.Outcomes)], at,
					orgID, domain.DateOf(at).Year); err != nil {
					b.Fatal(err)
				}
			}
			if i%5 == 0 {
				if _, err := mea.ExecContext(ctx, id, domain.MeasureKinds[i%len(domain.MeasureKinds)], at); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLargeOrganisation measures the report of an organisation with
// 10,000 reports a year and 15 years of history, on SQLite and on
// PostgreSQL (a private server of dbtest, or INTEGER_TEST_POSTGRES; skipped
// with a message when there is none):
//
//	go test ./internal/report/ -run '^$' -bench Large -benchtime 5x
//	go test ./internal/report/ -run '^$' -bench 'Large/postgres/json' -benchtime 5x
//
// json is Build and the JSON; print the PDF of a report built once; pdf
// both Build and the PDF, as the server's download. Seeding takes about
// 25 s on SQLite and a minute on PostgreSQL.
func BenchmarkLargeOrganisation(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			dsn := filepath.Join(b.TempDir(), "integer.db")
			if engine == "postgres" {
				dsn = dbtest.PostgresURL(b)
			}
			benchLarge(b, dsn)
		})
	}
}

// benchLarge seeds the large organisation into the database at dsn, gives
// the engine its planner statistics (the store's maintenance on SQLite, as
// autovacuum would on PostgreSQL), and times the report of the last year.
func benchLarge(b *testing.B, dsn string) {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	org := mustOrg(b, st, "grootstad")
	start := time.Now()
	seedLarge(b, st, org.ID, 2025, 15, 10000)
	if st.Engine() == store.Postgres {
		if _, err := st.DB().ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			b.Fatal(err)
		}
	} else if err := st.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded 150,000 reports in %v", time.Since(start).Round(time.Millisecond))
	b.Run("json", func(b *testing.B) {
		cpu := processCPU()
		for b.Loop() {
			r, err := report.Build(ctx, st, org.ID, 2025, report.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := r.JSON(); err != nil {
				b.Fatal(err)
			}
			if r.Reports.Total != 10000 || len(r.Reports.Trend) != 15 {
				b.Fatalf("total %d, trend %d years", r.Reports.Total, len(r.Reports.Trend))
			}
		}
		b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	})
	// print: the PDF of a report built once, by an engine of its own; its
	// first PDF starts the browser and is reported apart as cold-ms. The
	// year gets its integrity activities here, 3 for every 100 reports as
	// integer-load seed makes them, so that the PDF is the one the server
	// prints of such a seed (its activities by kind: more than
	// report.ListLimit), while json above stays comparable with earlier
	// runs.
	b.Run("print", func(b *testing.B) {
		seedActivities(b, st, org.ID, 2025, 300)
		r, err := report.Build(ctx, st, org.ID, 2025, report.Options{})
		if err != nil {
			b.Fatal(err)
		}
		doc := r.Document(nil, "nl")
		css, err := os.ReadFile("../web/static/css/report.css")
		if err != nil {
			b.Fatal(err)
		}
		e := report.NewPDFEngine(os.Getenv("INTEGER_CHROMIUM"))
		if !e.Available() {
			dbtest.SkipOrFail(b, "the annual report's PDF needs Chromium (Debian: apt-get install chromium); skipping")
		}
		defer e.Close()
		write := func() {
			var buf bytes.Buffer
			if err := e.Write(ctx, &buf, doc, "Inhoudsopgave", "pagina %d van %d", css); err != nil {
				b.Fatal(err)
			}
		}
		start := time.Now()
		write()
		cold := time.Since(start)
		for b.Loop() {
			write()
		}
		b.ReportMetric(float64(cold.Milliseconds()), "cold-ms")
	})
	b.Run("pdf", func(b *testing.B) {
		for b.Loop() {
			r, err := report.Build(ctx, st, org.ID, 2025, report.Options{})
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if err := r.Document(nil, "nl").WritePDF(b, &buf, "Inhoudsopgave", "pagina %d van %d"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// seedActivities gives the organisation n integrity activities in year
// (once: a second call finds them), of every kind, most with their
// number of participants.
func seedActivities(b *testing.B, st *store.Store, orgID int64, year, n int) {
	b.Helper()
	ctx := context.Background()
	have, err := st.Activities(ctx, orgID, year)
	if err != nil {
		b.Fatal(err)
	}
	for i := len(have); i < n; i++ {
		a := &domain.Activity{Date: domain.Day(time.Date(year, time.Month(1+i%12), 1+i%28, 12, 0, 0, 0, time.UTC)),
			Title: fmt.Sprintf("Dilemmasessie afdeling %d", i+1), Kind: domain.ActivityKinds[i%len(domain.ActivityKinds)],
			Audiences: []domain.ActivityAudience{domain.ActivityAudiences[i%len(domain.ActivityAudiences)]}}
		if i%4 != 0 {
			att := 5 + i%40
			a.Attendance = &att
		}
		if err := st.CreateActivity(ctx, store.CLI, orgID, a); err != nil {
			b.Fatal(err)
		}
	}
}

// processCPU is the CPU time this process has used (user and system, all
// threads): on a machine shared with other work it varies less than the
// wall-clock time per report, which waits for the CPU. A PostgreSQL
// server's own time is not in it.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
