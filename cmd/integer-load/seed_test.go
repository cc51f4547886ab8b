package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/app"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestMain(m *testing.M) {
	os.Exit(func() int { defer dbtest.StopPrivateServer(); return m.Run() }())
}

// TestSeed seeds two organisations on each engine and checks what the
// server then does with them: the counts are the ones asked for, every
// year's numbers run from 1 without a gap and the next submission gets
// the next one, and the coordinator logs in (password and TOTP) and opens
// a closed and an open report, whose sealed narratives open.
func TestSeed(t *testing.T) {
	for _, engine := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			dir := t.TempDir()
			cfg := config.Default()
			cfg.Addr = "127.0.0.1:0"
			cfg.AuditKeyFile = filepath.Join(dir, "audit.key")
			if engine == store.Postgres {
				cfg.DatabaseURL = dbtest.PostgresURL(t)
			} else {
				cfg.DataDir = dir
			}
			ctx := context.Background()
			o := seedOptions{dsn: cfg.DSN(), keyFile: cfg.AuditKeyFile, slug: "load", orgs: 2, reports: 301, years: 3,
				open: 0.05, batch: 40, workers: 2, registers: true}
			var log bytes.Buffer
			if err := runSeed(ctx, o, &log); err != nil {
				t.Fatalf("seed: %v\n%s", err, log.String())
			}

			a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{})
			if err != nil {
				t.Fatalf("app.Open: %v", err)
			}
			if err := a.Listen(); err != nil {
				a.Close()
				t.Fatal(err)
			}
			runCtx, stop := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- a.Run(runCtx) }()
			t.Cleanup(func() {
				stop()
				<-done
				a.Close()
			})
			base := "http://" + a.Addr()
			db := a.Store.DB()

			for k, want := range map[string]int{"load001": 151, "load002": 150} {
				org, err := a.Store.OrganisationBySlug(ctx, k)
				if err != nil {
					t.Fatalf("%s: %v", k, err)
				}
				var reports, closed, grants, allegations, messages, events int
				q := func(sql string, into *int) {
					t.Helper()
					if err := db.QueryRowContext(ctx, sql, org.ID).Scan(into); err != nil {
						t.Fatalf("%s: %v", sql, err)
					}
				}
				q(`SELECT COUNT(*) FROM reports WHERE org_id = $1`, &reports)
				q(`SELECT COUNT(*) FROM reports WHERE org_id = $1 AND state = 'closed'`, &closed)
				q(`SELECT COUNT(*) FROM report_grants g JOIN reports r ON r.id = g.report_id WHERE r.org_id = $1`, &grants)
				q(`SELECT COUNT(*) FROM allegations a JOIN reports r ON r.id = a.report_id WHERE r.org_id = $1`, &allegations)
				q(`SELECT COUNT(*) FROM report_messages m JOIN reports r ON r.id = m.report_id WHERE r.org_id = $1`, &messages)
				q(`SELECT COUNT(*) FROM report_events e JOIN reports r ON r.id = e.report_id WHERE r.org_id = $1`, &events)
				if reports != want || closed == 0 || closed == reports || grants != 2*reports || allegations < closed ||
					messages < 3*closed || events < 5*closed {
					t.Errorf("%s: %d reports (want %d), %d closed, %d grants, %d allegations, %d messages, %d events",
						k, reports, want, closed, grants, allegations, messages, events)
				}
				for table, want := range map[string]int{"people": want * 30 / 100, "gifts": want * 20 / 100, "outside_activities": want * 10 / 100,
					"aggression_incidents": want * 15 / 100, "activities": want * 3 / 100, "advice_requests": want * 10 / 100, "adviser_cases": want * 5 / 100} {
					var n int
					q(`SELECT COUNT(*) FROM `+table+` WHERE org_id = $1`, &n)
					if n != want {
						t.Errorf("%s: %d %s, want %d", k, n, table, want)
					}
				}
				checkNumbers(t, db, org.ID)
			}

			// The next submission gets the next number of this year.
			var last int
			if err := db.QueryRowContext(ctx, `SELECT n.last FROM report_numbers n JOIN organisations o ON o.id = n.org_id
				WHERE o.slug = 'load001' AND n.year = $1`, domain.ThisYear(time.Now())).Scan(&last); err != nil {
				t.Fatalf("this year's last number: %v", err)
			}
			body := `{"context":"officials","description":"Na het laden: een nieuwe melding.","reporter_kind":"employee","anonymous":true}`
			res, err := http.Post(base+"/api/v1/load001/reports", "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			var created struct{ Number string }
			json.NewDecoder(res.Body).Decode(&created)
			res.Body.Close()
			if want := fmt.Sprintf("%d-%04d", domain.ThisYear(time.Now()), last+1); res.StatusCode != http.StatusCreated || created.Number != want {
				t.Errorf("new submission: status %d, number %q, want %q", res.StatusCode, created.Number, want)
			}

			// The coordinator opens the oldest (closed) and the newest
			// (open) seeded report of load001.
			cookie, err := login(base, "load001", loadUser)
			if err != nil {
				t.Fatal(err)
			}
			var oldest, newest int64
			db.QueryRowContext(ctx, `SELECT MIN(r.id), MAX(r.id) FROM reports r JOIN organisations o ON o.id = r.org_id
				WHERE o.slug = 'load001' AND r.content IS NOT NULL AND r.number <> $1`, created.Number).Scan(&oldest, &newest)
			for id, text := range map[int64]string{oldest: "(melding 1)", newest: "(melding 151)"} {
				page := get(t, base+"/load001/reports/"+strconv.FormatInt(id, 10), cookie)
				if !strings.Contains(page, text) || !strings.Contains(page, "Stadskantoor") {
					t.Errorf("report %d: the page does not show the narrative %q", id, text)
				}
			}
			if page := get(t, base+"/load001/reports/"+strconv.FormatInt(oldest, 10), cookie); !strings.Contains(page, "Afgehandeld.") {
				t.Errorf("report %d: the page does not show the closing message", oldest)
			}
			// The closed list unseals the coordinator's subjects of its page
			// (the open list may hold only reports not yet acknowledged).
			if list := get(t, base+"/load001/reports?state=closed", cookie); !strings.Contains(list, "Aanbesteding en diners") {
				t.Error("the closed report list shows no generated subject")
			}
			get(t, base+"/load001/reports", cookie)
			get(t, base+"/load001/dashboard", cookie)

			// The controller reads last year's annual report of the
			// generated records.
			cookie, err = login(base, "load001", loadController)
			if err != nil {
				t.Fatal(err)
			}
			var annual struct {
				Reports struct{ Total int }
			}
			lastYear := domain.ThisYear(time.Now()) - 1
			if err := json.Unmarshal([]byte(get(t, fmt.Sprintf("%s/load001/annual-report.json?year=%d", base, lastYear), cookie)), &annual); err != nil {
				t.Fatal(err)
			}
			var want int
			db.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports r JOIN organisations o ON o.id = r.org_id
				WHERE o.slug = 'load001' AND r.number LIKE $1`, fmt.Sprintf("%d-%%", lastYear)).Scan(&want)
			if annual.Reports.Total != want || want == 0 {
				t.Errorf("annual report %d: %d reports, want %d", lastYear, annual.Reports.Total, want)
			}
		})
	}
}

// checkNumbers checks that each year's report numbers of the organisation
// run from 1 to report_numbers.last without a gap.
func checkNumbers(t *testing.T, db *sql.DB, orgID int64) {
	t.Helper()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT number FROM reports WHERE org_id = $1`, orgID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]map[int]bool{}
	for rows.Next() {
		var number string
		var year, n int
		if err := rows.Scan(&number); err != nil {
			t.Fatal(err)
		}
		if _, err := fmt.Sscanf(number, "%d-%d", &year, &n); err != nil {
			t.Fatalf("number %q: %v", number, err)
		}
		if seen[year] == nil {
			seen[year] = map[int]bool{}
		}
		seen[year][n] = true
	}
	rows.Close()
	last := map[int]int{}
	rows, err = db.QueryContext(ctx, `SELECT year, last FROM report_numbers WHERE org_id = $1`, orgID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var year, l int
		rows.Scan(&year, &l)
		last[year] = l
	}
	rows.Close()
	if len(seen) < 3 || len(last) != len(seen) {
		t.Errorf("organisation %d: numbers in years %v, report_numbers for %v", orgID, seen, last)
	}
	for year, ns := range seen {
		for n := 1; n <= last[year]; n++ {
			if !ns[n] {
				t.Errorf("organisation %d: %d-%04d missing (last %d)", orgID, year, n, last[year])
			}
		}
		if len(ns) != last[year] {
			t.Errorf("organisation %d, %d: %d numbers, report_numbers.last %d", orgID, year, len(ns), last[year])
		}
	}
}

// get fetches a page as the logged-in coordinator and fails on anything but 200.
func get(t *testing.T, url string, cookie *http.Cookie) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.AddCookie(cookie)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", url, res.StatusCode)
	}
	return string(b)
}
