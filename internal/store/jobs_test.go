package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/store"
)

// TestJobLease: two servers on one database (two stores, two holders): the
// first to ask runs the pass and keeps the job while it asks every period;
// the other gets it only when the lease ran out or was released; of many
// servers asking at once exactly one gets it.
func TestJobLease(t *testing.T) {
	for _, engine := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "integer.db")
			if engine == store.Postgres {
				dsn = dbtest.PostgresURL(t)
			}
			ctx := context.Background()
			open := func() *store.Store {
				s, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
			a, b := open(), open()
			if a.Holder() == b.Holder() {
				t.Fatalf("two stores share the holder %q", a.Holder())
			}
			c := newClock(a)
			b.Now = c.Now
			take := func(s *store.Store, job string) bool {
				t.Helper()
				ok, err := s.TakeJobLease(ctx, job, time.Hour)
				if err != nil {
					t.Fatal(err)
				}
				return ok
			}
			if !take(a, "reminders") {
				t.Fatal("a free job refused")
			}
			if take(b, "reminders") {
				t.Fatal("b took a job a holds")
			}
			if !take(b, "checkpoints") {
				t.Fatal("another job refused")
			}
			c.Add(59 * time.Minute)
			if take(b, "reminders") {
				t.Fatal("b took the job before a's lease ran out")
			}
			if !take(a, "reminders") { // the holder renews early
				t.Fatal("the holder could not renew")
			}
			c.Add(61 * time.Minute)
			if !take(b, "reminders") {
				t.Fatal("b could not take a lease that ran out")
			}
			if take(a, "reminders") {
				t.Fatal("a took the job back from b")
			}
			leases, err := a.JobLeases(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(leases) != 2 || leases[1].Job != "reminders" || leases[1].Holder != b.Holder() ||
				!leases[1].TakenAt.Equal(c.Now().UTC().Truncate(time.Microsecond)) || !leases[1].Expires.Equal(leases[1].TakenAt.Add(time.Hour)) {
				t.Fatalf("leases %+v", leases)
			}
			if err := b.ReleaseJobLeases(ctx); err != nil {
				t.Fatal(err)
			}
			if !take(a, "checkpoints") || !take(a, "reminders") {
				t.Fatal("released jobs refused")
			}

			// Eight servers start in the same instant: one runs the pass.
			c.Add(2 * time.Hour)
			var mu sync.Mutex
			won := 0
			var wg sync.WaitGroup
			for range 8 {
				s := open()
				s.Now = c.Now
				wg.Go(func() {
					ok, err := s.TakeJobLease(ctx, "race", time.Hour)
					if err != nil {
						t.Error(err)
					}
					if ok {
						mu.Lock()
						won++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if won != 1 {
				t.Fatalf("%d of 8 servers took the job", won)
			}
			if _, err := a.TakeJobLease(ctx, "", time.Hour); err == nil {
				t.Fatal("a job without a name taken")
			}
		})
	}
}
