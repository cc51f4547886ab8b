package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// allegationCountsByFacts counts the allegations of the reports of
// ReportFacts of each year: the definition AllegationCountsByYear must
// equal. A live report's allegations are read by its id, not by the copies
// both ReportFacts and AllegationCountsByYear read, and must be those of
// its fact; a destroyed report's are those of its kept fact.
func allegationCountsByFacts(t *testing.T, s *store.Store, orgID int64, years []int) map[store.AllegationCount]int {
	t.Helper()
	ctx := context.Background()
	out := map[store.AllegationCount]int{}
	for _, y := range years {
		facts, err := s.ReportFacts(ctx, orgID, y)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range facts {
			var live int
			if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE id = $1`, f.ID).Scan(&live); err != nil {
				t.Fatal(err)
			}
			all := f.Allegations
			if live == 1 {
				all = nil
				rows, err := s.DB().QueryContext(ctx, `SELECT a.category, COALESCE(oc.label, ''), a.outcome, a.stop_reason
					FROM allegations a LEFT JOIN own_categories oc ON oc.id = a.own_category_id WHERE a.report_id = $1 ORDER BY a.id`, f.ID)
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var a store.AllegationFact
					if err := rows.Scan(&a.Category, &a.OwnLabel, &a.Outcome, &a.StopReason); err != nil {
						t.Fatal(err)
					}
					all = append(all, a)
				}
				rows.Close()
				if !reflect.DeepEqual(all, f.Allegations) {
					t.Errorf("%d: report %d's allegations %v, ReportFacts gives %v", y, f.ID, all, f.Allegations)
				}
			}
			for _, a := range all {
				out[store.AllegationCount{Year: y, Category: a.Category, OwnLabel: a.OwnLabel, Outcome: a.Outcome}]++
			}
		}
	}
	return out
}

// TestAllegationCopiesFollowWritePaths: the counts of AllegationCountsByYear,
// read from the copies of their report's facts on each allegation
// (migration 00042), equal those of ReportFacts year by year after every
// path that writes an allegation or changes its report's year or mark: an
// import of reports around New Year in Amsterdam, an allegation added in
// case handling (also to a report marked as spam), marking as spam and
// undoing it, a re-import that moves a report into the next year (its
// allegations kept) and one that gives a marked report new allegations,
// and the destruction of the closed reports. Both engines.
func TestAllegationCopiesFollowWritePaths(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "kopiestad")
		other := mustOrg(t, s, "buurstad") // its allegations must not count for kopiestad
		coord, kr := handler(t, s, org, "coord", "officials")
		actor := store.UserActor(coord, "sess")
		clk := newClock(s)
		ams := domain.Amsterdam()
		years := []int{2021, 2022, 2023, 2024, 2025, 2026}

		compare := func(stage string, wantSome int) {
			t.Helper()
			want := allegationCountsByFacts(t, s, org.ID, years)
			got, err := s.AllegationCountsByYear(ctx, org.ID, years)
			if err != nil {
				t.Fatal(err)
			}
			gotMap := map[store.AllegationCount]int{}
			for _, c := range got {
				n := c.N
				c.N = 0
				gotMap[c] = n
			}
			if !reflect.DeepEqual(gotMap, want) {
				t.Errorf("%s: counts by year %v, ReportFacts gives %v", stage, gotMap, want)
			}
			total := 0
			for _, n := range want {
				total += n
			}
			if total != wantSome {
				t.Errorf("%s: %d allegations counted, want %d: the stage does not test what it says", stage, total, wantSome)
			}
		}

		// Reports around New Year: 23:30 UTC on 31 December is 1 January in
		// Amsterdam; 22:30 UTC on 31 December is still 31 December there.
		received := []time.Time{
			time.Date(2022, 12, 31, 23, 30, 0, 0, time.UTC), // 2023
			time.Date(2023, 1, 1, 0, 30, 0, 0, ams),         // 2023
			time.Date(2023, 7, 1, 23, 30, 0, 0, time.UTC),   // 2023, summer time
			time.Date(2023, 12, 31, 22, 30, 0, 0, time.UTC), // 2023; moved an hour on by the re-import: 2024
			time.Date(2024, 12, 31, 23, 59, 0, 0, ams),      // 2024
			time.Date(2022, 3, 1, 12, 0, 0, 0, time.UTC),    // 2022
		}
		set := func(tag string) *store.ImportSet {
			set := &store.ImportSet{OwnCategories: []store.ImportOwnCategory{{Label: "Declaraties", Category: "financial"}}}
			for i, at := range received {
				if tag == "weer" && i == 3 {
					at = at.Add(time.Hour)
				}
				closed := at.AddDate(0, 2, 0)
				f := store.ImportReportFields{ReceivedAt: at}
				if i%2 == 0 {
					f.AcknowledgedAt, f.ClosedAt, f.Investigation = &at, &closed, domain.InvestigationNone
				}
				set.Reports = append(set.Reports, store.ImportReport{Ref: fmt.Sprintf("K%d", i), Report: f})
				if tag == "eerst" {
					set.Allegations = append(set.Allegations,
						store.ImportAllegation{ReportRef: fmt.Sprintf("K%d", i), Allegation: domain.Allegation{Category: "conflict_of_interest", Outcome: "substantiated"}},
						store.ImportAllegation{ReportRef: fmt.Sprintf("K%d", i), Allegation: domain.Allegation{OwnLabel: "Declaraties"}})
				}
			}
			return set
		}
		if _, err := s.ImportTemplate(ctx, store.CLI, org.ID, set("eerst")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportTemplate(ctx, store.CLI, other.ID, set("eerst")); err != nil {
			t.Fatal(err)
		}
		compare("import", 12)
		ids := importedReportIDs(t, s, org.ID)

		// A report filed now (2026) with an allegation added in case handling.
		clk.now = time.Date(2026, 1, 1, 0, 15, 0, 0, ams) // 23:15 UTC on 31 December 2025
		filed, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "resident", Anonymous: true,
			Content: domain.ReportContent{What: "Na de import"}}, receipt(t, s, org.ID, "1234567890123456"))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddAllegation(ctx, actor, org.ID, filed.ID, kr, "financial", 0); err != nil {
			t.Fatal(err)
		}
		compare("allegation added", 13)

		// Marked as spam: its allegations no longer count; an allegation
		// added while it is marked neither; unmarked, all three count again.
		if err := s.MarkReports(ctx, actor, org.ID, coord.ID, []int64{ids["K1"]}, domain.DismissalSpam); err != nil {
			t.Fatal(err)
		}
		compare("marked as spam", 11)
		if err := s.AddAllegation(ctx, actor, org.ID, ids["K1"], kr, "undesirable_conduct", 0); err != nil {
			t.Fatal(err)
		}
		compare("allegation added to spam", 11)
		if err := s.MarkReports(ctx, actor, org.ID, coord.ID, []int64{ids["K1"]}, ""); err != nil {
			t.Fatal(err)
		}
		compare("unmarked", 14)

		// K5 marked as a duplicate, then a re-import of the reports alone:
		// K3 moves into 2024 with its allegations, K5 stays marked.
		if err := s.MarkReports(ctx, actor, org.ID, coord.ID, []int64{ids["K5"]}, domain.DismissalDuplicate); err != nil {
			t.Fatal(err)
		}
		compare("marked as duplicate", 12)
		again := set("weer")
		if _, err := s.ImportTemplate(ctx, store.CLI, org.ID, again); err != nil {
			t.Fatal(err)
		}
		compare("re-imported with a new date", 12)
		var year int
		if err := s.DB().QueryRowContext(ctx, `SELECT MIN(received_year) FROM allegations WHERE report_id = $1`, ids["K3"]).Scan(&year); err != nil || year != 2024 {
			t.Fatalf("K3's allegations: year %d, %v; want 2024", year, err)
		}
		// A re-import that replaces the allegations of K5 (marked) and K4.
		again.Allegations = []store.ImportAllegation{
			{ReportRef: "K5", Allegation: domain.Allegation{Category: "financial", Outcome: "unsubstantiated"}},
			{ReportRef: "K4", Allegation: domain.Allegation{Category: "financial", Outcome: "unsubstantiated"}},
		}
		if _, err := s.ImportTemplate(ctx, store.CLI, org.ID, again); err != nil {
			t.Fatal(err)
		}
		compare("re-imported with new allegations", 11)

		// The closed reports destroyed: their kept facts count, no copy.
		clk.now = time.Date(2040, 1, 2, 9, 0, 0, 0, time.UTC)
		list, err := s.DestructionList(ctx, org.ID)
		if err != nil || len(list) == 0 {
			t.Fatalf("destruction list = %v, %v", list, err)
		}
		var keys []string
		for _, c := range list {
			keys = append(keys, c.Key())
		}
		if _, err := s.Destroy(ctx, store.CLI, org.ID, "Archivaris", domain.DestructionApproval{Keys: keys, Authority: "Mandaat 2039/4"}); err != nil {
			t.Fatal(err)
		}
		var live int
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM allegations WHERE org_id = $1`, org.ID).Scan(&live); err != nil {
			t.Fatal(err)
		}
		if live >= 11 {
			t.Fatalf("%d allegations left after the destruction: nothing destroyed", live)
		}
		compare("destroyed", 11)
	})
}

// TestAllegationCopiesWaitForAMark: an allegation added while another
// transaction marks its report as spam, not yet committed, carries the
// mark once both have committed: the addition waits for the mark (on
// PostgreSQL the report's row lock of reportCopies; on SQLite the one
// writer). Without the wait the allegation kept the mark it read before
// and went on counting in the trend of a report marked as spam.
func TestAllegationCopiesWaitForAMark(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "wachtstad")
		coord, kr := handler(t, s, org, "coord", "officials")
		actor := store.UserActor(coord, "sess")
		r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "resident", Anonymous: true,
			Content: domain.ReportContent{What: "Tegelijk"}}, receipt(t, s, org.ID, "1234567890123456"))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "financial", 0); err != nil {
			t.Fatal(err)
		}
		// The mark, as MarkReports writes it, held uncommitted.
		mark, err := s.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer mark.Rollback()
		for _, q := range []string{`UPDATE reports SET dismissed = 'spam' WHERE id = $1`, `UPDATE allegations SET report_dismissed = 'spam' WHERE report_id = $1`} {
			if _, err := mark.ExecContext(ctx, q, r.ID); err != nil {
				t.Fatal(err)
			}
		}
		added := make(chan error, 1)
		go func() { added <- s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "undesirable_conduct", 0) }()
		select {
		case err := <-added:
			t.Fatalf("the allegation was added (%v) while the mark was not committed: it did not wait", err)
		case <-time.After(300 * time.Millisecond):
		}
		if err := mark.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := <-added; err != nil {
			t.Fatal(err)
		}
		var unmarked int
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM allegations WHERE report_id = $1 AND report_dismissed <> 'spam'`, r.ID).Scan(&unmarked); err != nil {
			t.Fatal(err)
		}
		if unmarked != 0 {
			t.Errorf("%d allegations of the report marked as spam do not carry the mark", unmarked)
		}
	})
}
