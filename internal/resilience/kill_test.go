package resilience_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
)

// TestKillDuringBurst: the server process is killed (SIGKILL: no shutdown,
// no flush) while reporters file reports at once. Every report whose receipt
// code was answered must open its mailbox with that code after a restart on
// the same data, and the audit chain must verify.
func TestKillDuringBurstSQLite(t *testing.T) { killDuringBurst(t, sqliteDatabase(t)) }
func TestKillDuringBurstPostgres(t *testing.T) {
	killDuringBurst(t, postgresDatabase(t, dbtest.PostgresURL(t)))
}

func killDuringBurst(t *testing.T, db database) {
	h := prepare(t, db)
	srv := startServer(t, db)

	// The burst runs until enough receipts came back (or a bounded time
	// passed), then the process is killed with requests in flight.
	b := startBurst(srv.base, 6)
	start := time.Now()
	for {
		n, elapsed := b.count(), time.Since(start)
		if n >= 6 || (n > 0 && elapsed > 4*time.Second) || elapsed > 30*time.Second {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	srv.kill()
	receipts, statuses := b.finish()
	t.Logf("burst of %v: %d receipts returned, statuses %v", time.Since(start).Round(time.Millisecond), len(receipts), statuses)
	if len(receipts) == 0 {
		t.Fatalf("no receipt was returned before the kill; statuses %v:\n%s", statuses, srv.logTail())
	}

	stored := openAll(t, db, h)
	if stored < len(receipts) {
		t.Errorf("%d reports stored, but %d receipts were returned", stored, len(receipts))
	}

	srv = startServer(t, db)
	seen := map[string]bool{}
	for _, r := range receipts {
		status, number := openMailbox(t, srv.base, r.Receipt)
		if status != http.StatusOK || number != r.Number {
			t.Errorf("receipt of report %s after the restart: status %d, number %q", r.Number, status, number)
		}
		if seen[r.Number] {
			t.Errorf("report number %s returned twice", r.Number)
		}
		seen[r.Number] = true
	}
	// The restarted server takes new reports too.
	if r, status, err := submit(t.Context(), srv.base); r == nil {
		t.Errorf("submission after the restart: status %d, %v", status, err)
	}
	srv.stop()
	verifyAudit(t, db)
}
