package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/store"
)

// TestReportPageQueriesDoNotScanReports asks each engine, with 10,000
// reports in two organisations and fresh statistics, how it runs the
// identity requests of one report (a query of every report's page): from
// that report's requests and the report's key, never by reading the
// organisation's reports (all of them, or through the organisation's
// index), which at 100,000 reports cost every report's page ~29 ms.
func TestReportPageQueriesDoNotScanReports(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		conn, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// Volume for the planners: two organisations' worth of reports.
		for _, slug := range []string{"groot", "ander"} {
			org := mustOrg(t, s, slug)
			var channel int64
			if err := conn.QueryRowContext(ctx, `INSERT INTO channels (org_id, code, name_nl, name_en, created_at)
				VALUES ($1, 'plan-test', 'x', 'x', CURRENT_TIMESTAMP) RETURNING id`, org.ID).Scan(&channel); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 20; i++ {
				if _, err := conn.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
					INSERT INTO reports (org_id, channel_id, number, received_at, source, reporter_kind, anonymous, whistleblower, state, content, created_at)
					SELECT $1, $2, $3 || '-' || i, CURRENT_TIMESTAMP, 'form', 'employee', false, false, 'received', $4, CURRENT_TIMESTAMP FROM n`,
					org.ID, channel, slug+strconv.Itoa(i), []byte("x")); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := conn.ExecContext(ctx, `ANALYZE`); err != nil {
			t.Fatal(err)
		}
		query := store.IdentityRequestsQuery + store.ReportIdentityRequestsWhere + ` ORDER BY r.id DESC`
		postgres := strings.HasSuffix(t.Name(), "postgres")
		text := explain(t, conn, postgres, query, 1, 1)
		// The report is found by its key, not among the organisation's.
		want := "SEARCH rep USING INTEGER PRIMARY KEY"
		if postgres {
			want = "Index Scan using reports_pkey on reports rep"
		}
		if !strings.Contains(text, want) || strings.Contains(text, "SCAN rep") || strings.Contains(text, "Seq Scan on reports") {
			t.Errorf("one report's identity requests do not find the report by its key (%q):\n%s", want, text)
		}
		t.Logf("plan:\n%s", text)
	})
}
