package report_test

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// allegationYearsByFacts is how the trends by code were counted before
// store.AllegationCountsByYear: ReportFacts of every year, allegation by
// allegation. The reference the one query must equal.
func allegationYearsByFacts(ctx context.Context, st *store.Store, orgID int64, years map[int]int) (byOutcome, byCategory, byOwn map[int]map[string]int, err error) {
	byOutcome, byCategory, byOwn = map[int]map[string]int{}, map[int]map[string]int{}, map[int]map[string]int{}
	for _, y := range slices.Sorted(maps.Keys(years)) {
		facts, err := st.ReportFacts(ctx, orgID, y)
		if err != nil {
			return nil, nil, nil, err
		}
		out, cat, own := map[string]int{}, map[string]int{}, map[string]int{}
		for _, f := range facts {
			for _, a := range f.Allegations {
				cat[a.Category]++
				if a.OwnLabel != "" {
					own[a.OwnLabel]++
				}
				if a.Outcome == "" {
					out["open"]++
				} else {
					out[a.Outcome]++
				}
			}
		}
		byOutcome[y], byCategory[y], byOwn[y] = out, cat, own
	}
	return byOutcome, byCategory, byOwn, nil
}

// TestAllegationYearsEqualPerYearFacts: the trends' counts by outcome,
// category and own category from the one GROUP BY, and the basic norms'
// deadline facts (store.DeadlineFacts), equal those of ReportFacts year by
// year, on generated years with own categories, spam,
// reports received around New Year in Amsterdam (which UTC puts in the
// other year), a year without reports between years with, and after the
// closed reports are destroyed (their kept facts counted), on both engines.
func TestAllegationYearsEqualPerYearFacts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, st, "leidschendam-voorburg")
		names, err := filepath.Glob("testdata/leidschendam-voorburg-2024/*.csv")
		if err != nil || len(names) == 0 {
			t.Fatalf("fixture: %v", err)
		}
		files := map[string][]byte{}
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(name)] = b
		}
		if _, err := register.Import(ctx, st, store.CLI, org.ID, files); err != nil {
			t.Fatalf("import: %v", err)
		}
		seedAllegationYears(t, st, org.ID)

		compare := func(stage string) {
			t.Helper()
			years, err := st.ReportCountsByYear(ctx, org.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(years) < 4 {
				t.Fatalf("%s: years with reports = %v, want at least 4", stage, years)
			}
			wo, wc, wn, err := allegationYearsByFacts(ctx, st, org.ID, years)
			if err != nil {
				t.Fatal(err)
			}
			go_, gc, gn, err := report.AllegationYears(ctx, st, org.ID, years)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				what      string
				got, want map[int]map[string]int
			}{{"by outcome", go_, wo}, {"by category", gc, wc}, {"by own category", gn, wn}} {
				if !reflect.DeepEqual(c.got, c.want) {
					t.Errorf("%s: %s = %v, per-year facts give %v", stage, c.what, c.got, c.want)
				}
			}
			decided, undecided := 0, 0
			for y := range years {
				facts, err := st.ReportFacts(ctx, org.ID, y)
				if err != nil {
					t.Fatal(err)
				}
				var want []store.DeadlineFact
				for _, f := range facts {
					want = append(want, f.DeadlineFact())
				}
				got, err := st.DeadlineFacts(ctx, org.ID, y)
				if err != nil {
					t.Fatal(err)
				}
				order := func(a, b store.DeadlineFact) int {
					return cmp.Or(a.ReceivedAt.Compare(b.ReceivedAt), strings.Compare(fmt.Sprint(a), fmt.Sprint(b)))
				}
				slices.SortFunc(want, order)
				slices.SortFunc(got, order)
				if len(got) != len(want) {
					t.Errorf("%s: %d: %d deadline facts, ReportFacts gives %d", stage, y, len(got), len(want))
					continue
				}
				for i := range got {
					if !got[i].ReceivedAt.Equal(want[i].ReceivedAt) || !sameTime(got[i].AcknowledgedAt, want[i].AcknowledgedAt) ||
						!sameTime(got[i].FeedbackAt, want[i].FeedbackAt) || !sameTime(got[i].ClosedAt, want[i].ClosedAt) ||
						got[i].Investigation != want[i].Investigation || got[i].AllDecided != want[i].AllDecided {
						t.Errorf("%s: %d: deadline fact %+v, ReportFacts gives %+v", stage, y, got[i], want[i])
					}
					if got[i].ClosedAt != nil && got[i].Investigation != "none" {
						if got[i].AllDecided {
							decided++
						} else {
							undecided++
						}
					}
				}
			}
			if decided == 0 || undecided == 0 {
				t.Errorf("%s: closed investigations with every outcome %d, without %d: the test does not test both", stage, decided, undecided)
			}
			own := 0
			for _, m := range wn {
				own += len(m)
			}
			if own == 0 {
				t.Errorf("%s: no own categories counted: the test does not test them", stage)
			}
		}
		compare("before destruction")

		st.Now = func() time.Time { return time.Date(2040, 1, 2, 9, 0, 0, 0, time.UTC) }
		list, err := st.DestructionList(ctx, org.ID)
		if err != nil || len(list) == 0 {
			t.Fatalf("destruction list = %v, %v", list, err)
		}
		var keys []string
		for _, c := range list {
			keys = append(keys, c.Key())
		}
		if _, err := st.Destroy(ctx, store.CLI, org.ID, "Archivaris", domain.DestructionApproval{Keys: keys, Authority: "Mandaat 2039/4"}); err != nil {
			t.Fatal(err)
		}
		var kept int
		if err := st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM retained_report_facts WHERE org_id = $1`, org.ID).Scan(&kept); err != nil || kept == 0 {
			t.Fatalf("kept facts after destruction: %d, %v", kept, err)
		}
		compare("after destruction")
	})
}

// sameTime: both nil, or the same instant.
func sameTime(a, b *time.Time) bool { return (a == nil) == (b == nil) && (a == nil || a.Equal(*b)) }

// seedAllegationYears adds reports in 2019, 2020, 2022 and 2023 (none in
// 2021): each year a report received at 00:30 on 1 January in Amsterdam
// (23:30 UTC the day before) and one at 23:30 on 31 December, closed or
// open, with one to three allegations, some with an own category and
// without an outcome (two own categories added); every fifth report marked as spam.
func seedAllegationYears(t *testing.T, st *store.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	db := st.DB()
	var channelID int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM channels WHERE org_id = $1 AND code = 'officials'`, orgID).Scan(&channelID); err != nil {
		t.Fatal(err)
	}
	var ownIDs []int64
	for _, c := range []*domain.OwnCategory{
		{Label: "fraude en corruptie", Category: domain.CategoryFinancial},
		{Label: "ongewenste omgangsvormen", Category: domain.CategoryUndesirableConduct},
	} {
		if err := st.SaveOwnCategory(ctx, store.CLI, orgID, c); err != nil {
			t.Fatal(err)
		}
		ownIDs = append(ownIDs, c.ID)
	}
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, y := range []int{2019, 2020, 2022, 2023} {
		for _, at := range []time.Time{
			time.Date(y, 1, 1, 0, 30, 0, 0, ams), time.Date(y, 6, 15, 10, 0, 0, 0, ams), time.Date(y, 12, 31, 23, 30, 0, 0, ams),
		} {
			n++
			state, closed := "acknowledged", any(nil)
			if n%2 == 0 {
				state, closed = "closed", at.AddDate(0, 2, 0)
			}
			dismissed := ""
			if n%5 == 0 {
				dismissed = "spam"
			}
			var id int64
			if err := db.QueryRowContext(ctx, `INSERT INTO reports (org_id, channel_id, number, received_at, source, reporter_kind,
				anonymous, whistleblower, state, acknowledged_at, feedback_at, closed_at, investigation, referred_to, content, created_at, dismissed)
				VALUES ($1, $2, $3, $4, 'web', 'employee', FALSE, FALSE, $5, $4, $4, $6, 'preliminary', '', $7, $4, $8) RETURNING id`,
				orgID, channelID, fmt.Sprintf("Y-%05d", n), at.UTC(), state, closed, []byte{0}, dismissed).Scan(&id); err != nil {
				t.Fatal(err)
			}
			for j := 0; j <= n%3; j++ {
				outcome := ""
				if closed != nil && (j != 1 || n%4 != 0) { // every fourth report closed with an allegation still open
					outcome = string(domain.Outcomes[(n+j)%len(domain.Outcomes)])
				}
				var own any
				if (n+j)%2 == 0 {
					own = ownIDs[(n+j)%len(ownIDs)]
				}
				// With the copies of the report's facts the store's write
				// paths give an allegation (migration 00042).
				if _, err := db.ExecContext(ctx, `INSERT INTO allegations (report_id, category, outcome, own_category_id, created_at,
					org_id, received_year, report_dismissed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
					id, string(domain.Categories[(n+j)%len(domain.Categories)]), outcome, own, at.UTC(), orgID, domain.DateOf(at).Year, dismissed); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
