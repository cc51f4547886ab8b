package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
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
// reports by the facts kept of them), but counted by the database, so the
// annual report's trends by code read no report rows (ReportFacts once per
// year made a 15-year report many times slower, docs/performance.md).
//
// A statement per year, a range of the index on received_at each, reading
// only the indexes reports_received and allegations_report (migration
// 00041; index-only scans on PostgreSQL once vacuumed), grouped by the own
// category's id, whose label is looked up once afterwards. One statement
// over all years was slower on SQLite, which groups with a sort (235
// against 389 ms for 15 years of 15,000 allegations, the year found by a
// CASE of the years' bounds); on PostgreSQL it hashed every allegation of
// the installation when the organisation's reports were few (the plan
// test's organisations), where a year's statement reads them by report.
// Read-only (inReadTx): it keeps no writer waiting. Errors: only internal.
func (s *Store) AllegationCountsByYear(ctx context.Context, orgID int64, years []int) ([]AllegationCount, error) {
	byID := map[ownCount]int{}
	counts := map[AllegationCount]int{}
	err := s.inReadTx(ctx, func(tx *Tx) error {
		for _, y := range years {
			if err := tx.allegationCountsOfYear(ctx, orgID, y, byID); err != nil {
				return err
			}
		}
		if err := tx.ownLabels(ctx, byID, counts); err != nil {
			return err
		}
		for _, y := range years {
			if err := tx.keptAllegationCounts(ctx, orgID, y, counts); err != nil {
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

// ownCount is an AllegationCount's key with the own category's id (0 for
// none) in place of its label.
type ownCount struct {
	year              int
	category, outcome string
	ownCategoryID     int64
}

// allegationCountsOfYear adds the live reports' counts of year to counts;
// see AllegationCountsByYear.
func (tx *Tx) allegationCountsOfYear(ctx context.Context, orgID int64, year int, counts map[ownCount]int) error {
	from, to := recYearRange(year)
	rows, err := tx.QueryContext(ctx, `SELECT a.category, COALESCE(a.own_category_id, 0), a.outcome, COUNT(*)
		FROM reports r JOIN allegations a ON a.report_id = r.id
		WHERE r.org_id = $1 AND r.received_at >= $2 AND r.received_at < $3 AND r.dismissed = ''
		GROUP BY a.category, a.own_category_id, a.outcome`, orgID, from, to)
	if err != nil {
		return fmt.Errorf("store: allegation counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		k := ownCount{year: year}
		var n int
		if err := rows.Scan(&k.category, &k.ownCategoryID, &k.outcome, &n); err != nil {
			return fmt.Errorf("store: allegation counts: %w", err)
		}
		counts[k] += n
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: allegation counts: %w", err)
	}
	return nil
}

// ownLabels adds the counts by own category's id to counts by its label,
// as ReportFacts names it: "" for none, or for an id without a category.
func (tx *Tx) ownLabels(ctx context.Context, byID map[ownCount]int, counts map[AllegationCount]int) error {
	labels := map[int64]string{}
	for k := range byID {
		if k.ownCategoryID != 0 {
			labels[k.ownCategoryID] = ""
		}
	}
	if len(labels) > 0 {
		ids := make([]string, 0, len(labels))
		for id := range labels {
			ids = append(ids, strconv.FormatInt(id, 10))
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, label FROM own_categories WHERE id IN (`+strings.Join(ids, ", ")+`)`)
		if err != nil {
			return fmt.Errorf("store: allegation counts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var label string
			if err := rows.Scan(&id, &label); err != nil {
				return fmt.Errorf("store: allegation counts: %w", err)
			}
			labels[id] = label
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: allegation counts: %w", err)
		}
	}
	for k, n := range byID {
		counts[AllegationCount{Year: k.year, Category: k.category, OwnLabel: labels[k.ownCategoryID], Outcome: k.outcome}] += n
	}
	return nil
}

// keptAllegationCounts adds the allegations of the kept facts of the
// reports received in year and destroyed since to counts, as
// retainedReportFacts reads them for ReportFacts.
func (tx *Tx) keptAllegationCounts(ctx context.Context, orgID int64, year int, counts map[AllegationCount]int) error {
	from, to := recYearRange(year)
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
