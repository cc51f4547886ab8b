package store_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestOpenReportsReadTheIndexOnly asks each engine, with 20,000 reports
// in two organisations of which 1 % open and fresh statistics, how it
// counts and orders the open report list (OpenReports, for the open,
// received and acknowledged lists and one channel's): from the partial
// index reports_open_due alone (migration 00045), never from the table or
// another index of all reports.
func TestOpenReportsReadTheIndexOnly(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		conn, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var orgID, userID int64
		for _, slug := range []string{"groot", "ander"} {
			org := mustOrg(t, s, slug)
			user := mustUser(t, s, org, "coord-"+slug, domain.RoleCoordinator)
			orgID, userID = org.ID, user.ID
			// Twenty channels, the coordinator handling the first: an
			// organisation's channel then looks small to PostgreSQL's
			// planner, as in the seed of 1,000,000 reports.
			var channels []int64
			for c := range 20 {
				var channel int64
				if err := conn.QueryRowContext(ctx, `INSERT INTO channels (org_id, code, name_nl, name_en, created_at)
					VALUES ($1, $2, 'x', 'x', CURRENT_TIMESTAMP) RETURNING id`, org.ID, strings.TrimSuffix("plan-test-"+strconv.Itoa(c), "-0")).Scan(&channel); err != nil {
					t.Fatal(err)
				}
				channels = append(channels, channel)
			}
			if _, err := conn.ExecContext(ctx, `INSERT INTO channel_handlers (channel_id, user_id) VALUES ($1, $2)`, channels[0], user.ID); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 40; i++ {
				channel := channels[i%len(channels)]
				if _, err := conn.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
					INSERT INTO reports (org_id, channel_id, number, received_at, source, reporter_kind, anonymous, whistleblower, state, content, created_at, next_due)
					SELECT $1, $2, $3 || '-' || i, CURRENT_TIMESTAMP, 'form', 'employee', false, false,
						CASE WHEN i % 100 = 0 THEN 'received' WHEN i % 100 = 1 THEN 'acknowledged' ELSE 'closed' END, $4, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n`,
					org.ID, channel, slug+strconv.Itoa(i), []byte("x")); err != nil {
					t.Fatal(err)
				}
			}
		}
		postgres := strings.HasSuffix(t.Name(), "postgres")
		analyze := "ANALYZE"
		if postgres {
			// An index-only scan needs the visibility map a vacuum writes.
			analyze = "VACUUM ANALYZE"
		}
		if _, err := conn.ExecContext(ctx, analyze); err != nil {
			t.Fatal(err)
		}
		for _, f := range []store.ReportFilter{{}, {State: domain.StateReceived}, {State: domain.StateAcknowledged}, {Channel: "plan-test"}} {
			count, page, countArgs, pageArgs, err := s.OpenReportsQueries(orgID, userID, f, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []struct {
				name, query string
				args        []any
			}{{"count", count, countArgs}, {"page", page, pageArgs}} {
				text := explain(t, conn, postgres, q.query, q.args...)
				want := "USING COVERING INDEX reports_open_due"
				if postgres {
					want = "Index Only Scan using reports_open_due on reports r"
				}
				if !strings.Contains(text, want) || strings.Contains(text, "SCAN r") || strings.Contains(text, "Seq Scan on reports") {
					t.Errorf("%+v, %s: the open reports are not read from their index alone (%q):\n%s", f, q.name, want, text)
				}
				t.Logf("%+v, %s:\n%s", f, q.name, text)
			}
		}
		// The maintenance pass's mend reads the open reports of every
		// organisation through their own index, not the table.
		mend := explain(t, conn, postgres, s.MendNextDueQuery())
		if !strings.Contains(mend, "reports_open_due") || strings.Contains(mend, "Seq Scan on reports") {
			t.Errorf("the mend does not read the open reports by reports_open_due:\n%s", mend)
		}
		t.Logf("MendNextDue:\n%s", mend)
		// The page's full rows (ReportsByID) by their key, not by reading
		// the channel's reports through reports_channel.
		var ids []int64
		rows, err := conn.QueryContext(ctx, `SELECT id FROM reports WHERE org_id = $1 AND state <> 'closed' ORDER BY id LIMIT 100`, orgID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		text := explain(t, conn, postgres, s.ReportsByIDQuery(ids), orgID, userID)
		want := "SEARCH r USING INTEGER PRIMARY KEY"
		if postgres {
			want = "Index Scan using reports_pkey on reports r"
		}
		if !strings.Contains(text, want) || strings.Contains(text, "reports_channel") {
			t.Errorf("the page's reports are not read by their key (%q):\n%s", want, text)
		}
		t.Logf("ReportsByID:\n%s", text)
	})
}

// explain returns the engine's plan of query as text.
func explain(t *testing.T, conn *sql.Conn, postgres bool, query string, args ...any) string {
	t.Helper()
	prefix := "EXPLAIN QUERY PLAN "
	if postgres {
		prefix = "EXPLAIN "
	}
	rows, err := conn.QueryContext(context.Background(), prefix+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var plan []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			switch v := v.(type) {
			case string:
				plan = append(plan, v)
			case []byte:
				plan = append(plan, string(v))
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}
