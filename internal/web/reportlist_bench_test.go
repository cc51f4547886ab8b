package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"github.com/integer-nl/integer/internal/store"
)

// BenchmarkReportListAtVolume requests the coordinator's report list
// through the real router on SQLite with the load tool's reports in one
// organisation (INTEGER_BENCH_REPORTS, default 100,000; 1 % open, or
// INTEGER_BENCH_OPEN), for a profile of where a list's time goes:
//
//	go test -run '^$' -bench ReportListAtVolume -benchtime 200x -cpuprofile /tmp/cpu.out ./internal/web/
func BenchmarkReportListAtVolume(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("INTEGER_BENCH_REPORTS")); err == nil && v > 0 {
		n = v
	}
	open := 0.01
	if v, err := strconv.ParseFloat(os.Getenv("INTEGER_BENCH_OPEN"), 64); err == nil && v > 0 {
		open = v
	}
	dsn := sqliteDSN(b)
	e := newEnv(b, dsn)
	org := e.org("load")
	coord, cookie := e.handlerIn(org, "coord", "officials")
	ctx := context.Background()
	ch, err := e.store.ChannelByCode(ctx, org.ID, "officials")
	if err != nil {
		b.Fatal(err)
	}
	key, err := e.store.NewSeedKey(ctx, org.ID, ch.ID)
	if err != nil {
		b.Fatal(err)
	}
	to := e.store.Now()
	from := to.AddDate(-15, 0, 0)
	actor := store.UserActor(coord, "")
	for first := 0; first < n; first += 10000 {
		if _, err := e.store.SeedReports(ctx, actor, org.ID, store.SeedBatch{ChannelID: ch.ID, Handler: actor, Key: key,
			First: first, Count: min(10000, n-first), Total: n, From: from, To: to, OpenShare: open}); err != nil {
			b.Fatal(err)
		}
	}
	// A server started on the seeded database, as integer serve is: its
	// connections load the statistics the store gathers when it opens
	// (PRAGMA optimize; the connections of the first still hold the empty
	// database's).
	e = newEnv(b, dsn)
	for _, path := range []string{"/load/reports", "/load/reports?state=closed", "/load/reports?state=closed&page=50"} {
		b.Run(path[len("/load/reports"):], func(b *testing.B) {
			req := httptest.NewRequest("GET", path, nil)
			req.AddCookie(&http.Cookie{Name: "integer_session", Value: cookie})
			for b.Loop() {
				w := httptest.NewRecorder()
				e.srv.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}
