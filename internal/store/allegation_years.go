package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// AllegationCount is how many allegations of the reports received in one
// year have one category, own category and outcome.
type AllegationCount struct {
	Year     int
	Category string
	OwnLabel string // "" when none
	Outcome  string // "" while open
	N        int
}

// AllegationCountsByYear counts, for each of years, the allegations of the
// reports the organisation received in it by category, own category and
// outcome: the same allegations as those of ReportFacts of that year (the
// day of receipt in Amsterdam, spam and duplicates left out, destroyed
// reports by the facts kept of them), but counted by the database with a
// GROUP BY per year, so the annual report's trends by code read no report
// rows (ReportFacts once per year made a 15-year report many times slower,
// docs/performance.md). A query per year over the index on received_at
// is quicker than one over all years that finds each report's year with a
// CASE of the years' bounds (in SQLite 235 against 389 ms for 15 years of
// 15,000 allegations). Errors: only internal.
func (s *Store) AllegationCountsByYear(ctx context.Context, orgID int64, years []int) ([]AllegationCount, error) {
	counts := map[AllegationCount]int{}
	err := s.inTx(ctx, func(tx *Tx) error {
		for _, y := range years {
			if err := tx.allegationCounts(ctx, orgID, y, counts); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]AllegationCount, 0, len(counts))
	for k, n := range counts {
		k.N = n
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b AllegationCount) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), strings.Compare(a.Category, b.Category),
			strings.Compare(a.OwnLabel, b.OwnLabel), strings.Compare(a.Outcome, b.Outcome))
	})
	return out, nil
}

// allegationCounts adds the counts of year to counts; see
// AllegationCountsByYear.
func (tx *Tx) allegationCounts(ctx context.Context, orgID int64, year int, counts map[AllegationCount]int) error {
	from, to := recYearRange(year)
	rows, err := tx.QueryContext(ctx, `SELECT a.category, COALESCE(oc.label, ''), a.outcome, COUNT(*)
		FROM reports r JOIN allegations a ON a.report_id = r.id LEFT JOIN own_categories oc ON oc.id = a.own_category_id
		WHERE r.org_id = $1 AND r.received_at >= $2 AND r.received_at < $3 AND r.dismissed = ''
		GROUP BY a.category, COALESCE(oc.label, ''), a.outcome`, orgID, from, to)
	if err != nil {
		return fmt.Errorf("store: allegation counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		k := AllegationCount{Year: year}
		var n int
		if err := rows.Scan(&k.Category, &k.OwnLabel, &k.Outcome, &n); err != nil {
			return fmt.Errorf("store: allegation counts: %w", err)
		}
		counts[k] += n
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: allegation counts: %w", err)
	}
	rows.Close()
	// Destroyed reports: their kept facts, as retainedReportFacts reads them
	// for ReportFacts.
	kept, err := tx.QueryContext(ctx, `SELECT fact FROM retained_report_facts
		WHERE org_id = $1 AND received_at >= $2 AND received_at < $3 AND NOT dismissed`, orgID, from, to)
	if err != nil {
		return fmt.Errorf("store: allegation counts: %w", err)
	}
	defer kept.Close()
	for kept.Next() {
		var b string
		if err := kept.Scan(&b); err != nil {
			return fmt.Errorf("store: allegation counts: %w", err)
		}
		var f struct{ Allegations []AllegationFact } // the part of a kept ReportFact counted here
		if err := json.Unmarshal([]byte(b), &f); err != nil {
			return fmt.Errorf("store: allegation counts: %w", err)
		}
		for _, a := range f.Allegations {
			counts[AllegationCount{Year: year, Category: a.Category, OwnLabel: a.OwnLabel, Outcome: a.Outcome}]++
		}
	}
	return kept.Err()
}
