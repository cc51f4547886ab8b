package resilience_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
)

// load is reporters filing reports and reading the form page without
// pause, recording every answer.
type load struct {
	mu       sync.Mutex
	receipts []receipt
	statuses map[string]map[int]int // by request: status → count
	errs     []error                // requests that got no answer at all
	wg       sync.WaitGroup
	cancel   context.CancelFunc
}

func startLoad(base string) *load {
	ctx, cancel := context.WithCancel(context.Background())
	l := &load{statuses: map[string]map[int]int{}, cancel: cancel}
	record := func(what string, status int, err error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if ctx.Err() != nil {
			return // cut off by finish
		}
		if err != nil {
			l.errs = append(l.errs, err)
		}
		if l.statuses[what] == nil {
			l.statuses[what] = map[int]int{}
		}
		l.statuses[what][status]++
	}
	for range 3 {
		l.wg.Go(func() {
			for ctx.Err() == nil {
				r, status, err := submit(ctx, base)
				record("submit", status, err)
				if r != nil {
					l.mu.Lock()
					l.receipts = append(l.receipts, *r)
					l.mu.Unlock()
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	for _, page := range []string{"/" + orgSlug + "/report", "/" + orgSlug + "/"} {
		l.wg.Go(func() {
			for ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+page, nil)
				status := 0
				res, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					status = res.StatusCode
				}
				record("GET "+page, status, err)
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	return l
}

func (l *load) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.receipts)
}

func (l *load) finish() ([]receipt, map[string]map[int]int, []error) {
	l.cancel()
	l.wg.Wait()
	return l.receipts, l.statuses, l.errs
}

// waitFor polls cond every 50 ms until it holds or the time is up.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestPostgresGoneAndBack: PostgreSQL stops (a fast shutdown, then an
// immediate one, as in a crash) while reporters use the reporting point.
// While it is gone every request is answered, with 503, Retry-After and a
// page that says so in the reader's language (JSON for the API); no report
// is half-written; when it is back, the same server process serves again
// without a restart.
func TestPostgresGoneAndBack(t *testing.T) {
	pg := dbtest.DedicatedServer(t)
	db := postgresDatabase(t, pg.URL)
	h := prepare(t, db)
	srv := startServer(t, db)

	l := startLoad(srv.base)
	waitFor(t, "a first receipt", 30*time.Second, func() bool { return l.count() > 0 })
	for _, immediate := range []bool{false, true} {
		pg.Stop(t, immediate)
		checkGone(t, srv.base)
		before := l.count()
		pg.Start(t)
		waitFor(t, "a receipt after PostgreSQL started again", 30*time.Second, func() bool { return l.count() > before })
	}
	receipts, statuses, errs := l.finish()
	t.Logf("%d receipts; answers %v", len(receipts), statuses)

	select {
	case <-srv.exited:
		t.Fatalf("the server exited (%v):\n%s", srv.cmd.ProcessState, srv.logTail())
	default:
	}
	for _, err := range errs {
		t.Errorf("a request got no answer: %v", err)
	}
	for what, byStatus := range statuses {
		for status, n := range byStatus {
			switch status {
			case http.StatusOK, http.StatusCreated, http.StatusServiceUnavailable:
			case http.StatusTooManyRequests: // a submission limit, not a failure
			default:
				t.Errorf("%s: %d answers with status %d", what, n, status)
			}
		}
	}
	if statuses["submit"][http.StatusServiceUnavailable] == 0 {
		t.Errorf("no submission was answered 503 while PostgreSQL was gone: %v", statuses)
	}
	if t.Failed() {
		t.Logf("server log:\n%s", srv.logTail())
	}

	// Nothing half-written: each report stored opens whole for its handler,
	// each receipt returned opens its mailbox.
	stored := openAll(t, db, h)
	if stored < len(receipts) {
		t.Errorf("%d reports stored, but %d receipts were returned", stored, len(receipts))
	}
	for _, r := range receipts {
		if status, number := openMailbox(t, srv.base, r.Receipt); status != http.StatusOK || number != r.Number {
			t.Errorf("receipt of report %s: status %d, number %q", r.Number, status, number)
		}
	}
	srv.stop()
	verifyAudit(t, db)
}

// checkGone checks what a reporter is told while the database is gone: the
// page in Dutch (and English with the language cookie), the API in JSON,
// each with 503 and Retry-After.
func checkGone(t *testing.T, base string) {
	t.Helper()
	get := func(path, cookie string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s while PostgreSQL is gone: %v", path, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	pages := []struct{ cookie, want string }{
		{"", "Integer kan de database op dit moment niet bereiken"},
		{"integer_lang=en", "Integer cannot reach its database at the moment"},
	}
	for _, p := range pages {
		res, body := get("/"+orgSlug+"/report", p.cookie)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(body, p.want) {
			t.Errorf("form page while PostgreSQL is gone (%q): status %d, Retry-After %q, body:\n%s",
				p.cookie, res.StatusCode, res.Header.Get("Retry-After"), body)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/"+orgSlug+"/reports?lang=en", strings.NewReader(reportBody))
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("API while PostgreSQL is gone: %v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
		!strings.Contains(string(b), `"code":"unavailable"`) || !strings.Contains(string(b), "cannot reach its database") {
		t.Errorf("API while PostgreSQL is gone: status %d, Retry-After %q, body %s", res.StatusCode, res.Header.Get("Retry-After"), b)
	}
}
