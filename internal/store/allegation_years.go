package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
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
// One statement for all years: a range of the index allegations_year on
// the copies of the report's organisation, mark and year of receipt that
// every allegation carries (allegationCopies), in the order of the GROUP
// BY, so that SQLite counts without a sort and neither engine reads a
// report or a table row (PostgreSQL once vacuumed). Grouped by the own
// category's id, whose label is looked up once afterwards. Read-only
// (inReadTx): it keeps no writer waiting. Errors: only internal.
func (s *Store) AllegationCountsByYear(ctx context.Context, orgID int64, years []int) ([]AllegationCount, error) {
	byID := map[ownCount]int{}
	counts := map[AllegationCount]int{}
	if len(years) == 0 {
		return nil, nil
	}
	err := s.inReadTx(ctx, func(tx *Tx) error {
		if err := tx.allegationCountsOfYears(ctx, orgID, years, byID); err != nil {
			return err
		}
		if err := tx.ownLabels(ctx, byID, counts); err != nil {
			return err
		}
		return tx.keptAllegationCounts(ctx, orgID, years, counts)
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

// allegationCountsOfYears adds the live reports' counts of years to
// counts, from the first year to the last in one statement (the years
// between that were not asked for are left out); see
// AllegationCountsByYear.
func (tx *Tx) allegationCountsOfYears(ctx context.Context, orgID int64, years []int, counts map[ownCount]int) error {
	asked := yearSet(years)
	rows, err := tx.QueryContext(ctx, `SELECT received_year, category, COALESCE(own_category_id, 0), outcome, COUNT(*)
		FROM allegations
		WHERE org_id = $1 AND report_dismissed = '' AND received_year BETWEEN $2 AND $3
		GROUP BY received_year, category, own_category_id, outcome`, orgID, slices.Min(years), slices.Max(years))
	if err != nil {
		return fmt.Errorf("store: allegation counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k ownCount
		var n int
		if err := rows.Scan(&k.year, &k.category, &k.ownCategoryID, &k.outcome, &n); err != nil {
			return fmt.Errorf("store: allegation counts: %w", err)
		}
		if asked[k.year] {
			counts[k] += n
		}
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

// yearSet is the years asked for, to leave out the years between them
// that one range from the first to the last also reads.
func yearSet(years []int) map[int]bool {
	set := make(map[int]bool, len(years))
	for _, y := range years {
		set[y] = true
	}
	return set
}

// keptAllegationCounts adds the allegations of the kept facts of the
// reports received in years and destroyed since to counts, as
// retainedReportFacts reads them for ReportFacts: one range from the first
// year to the last, each fact counted in the year of its receipt in
// Amsterdam when that year was asked for.
func (tx *Tx) keptAllegationCounts(ctx context.Context, orgID int64, years []int, counts map[AllegationCount]int) error {
	asked := yearSet(years)
	from, _ := recYearRange(slices.Min(years))
	_, to := recYearRange(slices.Max(years))
	kept, err := tx.QueryContext(ctx, `SELECT `+tx.store.engine.timeText("received_at")+`, fact FROM retained_report_facts
		WHERE org_id = $1 AND received_at >= $2 AND received_at < $3 AND NOT dismissed`, orgID, from, to)
	if err != nil {
		return fmt.Errorf("store: allegation counts: %w", err)
	}
	defer kept.Close()
	for kept.Next() {
		var at time.Time
		var b string
		if err := kept.Scan(storedTime{T: &at}, &b); err != nil {
			return fmt.Errorf("store: allegation counts: %w", err)
		}
		year := receivedYear(at)
		if !asked[year] {
			continue
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

// allegationCopies: every allegation carries copies of three facts of its
// report, for AllegationCountsByYear (migration 00042): org_id, the
// report's organisation; received_year, the year of its receipt in
// Amsterdam (receivedYear); report_dismissed, its mark as spam or
// duplicate. The paths that write them: AddAllegation and the import's
// allegations (inserted with them), MarkReports (the mark) and the
// import's re-import of a report (a new date of receipt), both through
// syncAllegationCopies, and the generator (SeedReports). A report's
// organisation never changes; a destroyed report's allegations go with it.

// receivedYear is the year in Amsterdam of a report received at t: the
// year of domain.DateOf, whose bounds recYearRange gives.
func receivedYear(t time.Time) int { return domain.DateOf(t).Year }

// receivedYearSQL is receivedYear in the engine's SQL, of the timestamp
// column col: on SQLite the year of the time one hour later in UTC
// (1 January 00:00 in Amsterdam is always CET, UTC+1, and the year cannot
// change within the two hours of summer time's offset), as migration 00042
// fills the column; TestAllegationCopiesYear holds both to receivedYear at the
// year's bounds.
func (tx *Tx) receivedYearSQL(col string) string {
	if tx.store.engine == Postgres {
		return "EXTRACT(YEAR FROM " + col + " AT TIME ZONE 'Europe/Amsterdam')::integer"
	}
	// The stored text is "2006-01-02 15:04:05.999999999-07:00" (the
	// driver's layout): the date and time without the fraction of a
	// second, and the offset. SQLite's date functions round a fraction to
	// whole milliseconds, so 23:59:59.9995 on 31 December would count in
	// the next year.
	return "CAST(strftime('%Y', substr(" + col + ", 1, 19) || substr(" + col + ", -6), '+1 hour') AS INTEGER)"
}

// reportCopies reads the facts of report id that its allegations copy
// (allegationCopies), for an allegation about to be inserted. On
// PostgreSQL the report's row stays locked (FOR NO KEY UPDATE) until the
// transaction ends: write transactions there read committed rows, so a
// mark (MarkReports) or a new date (a re-import) committed by another
// transaction between this read and this commit would miss the new
// allegation (their UPDATE of the allegations cannot see it) and leave its
// copy stale for good. With the lock, either they wait for this commit or
// this read waits for theirs. On SQLite a write transaction holds the
// database's one write lock already (BEGIN IMMEDIATE).
func (tx *Tx) reportCopies(ctx context.Context, id int64) (orgID int64, year int, dismissed string, err error) {
	q := `SELECT org_id, ` + tx.receivedYearSQL("received_at") + `, dismissed FROM reports WHERE id = $1`
	if tx.store.engine == Postgres {
		q += ` FOR NO KEY UPDATE`
	}
	if err := tx.QueryRowContext(ctx, q, id).Scan(&orgID, &year, &dismissed); err != nil {
		return 0, 0, "", fmt.Errorf("store: allegation copies of report %d: %w", id, err)
	}
	return orgID, year, dismissed, nil
}

// syncAllegationCopies sets the copies (allegationCopies) of the
// allegations of the reports from the reports themselves, many reports per
// statement: after a re-import changed their date of receipt, or a mark.
func (tx *Tx) syncAllegationCopies(ctx context.Context, reportIDs []int64) error {
	for len(reportIDs) > 0 {
		n := min(len(reportIDs), importBatch)
		in := idList(reportIDs[:n])
		// Locked first on PostgreSQL, for the reason of reportCopies: a
		// report this import gave allegations but did not update is not
		// locked by the import otherwise, and a mark committed meanwhile
		// would miss the allegations inserted here.
		if tx.store.engine == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT id FROM reports WHERE id IN `+in+` ORDER BY id FOR NO KEY UPDATE`); err != nil {
				return fmt.Errorf("store: allegation copies: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE allegations SET org_id = r.org_id, received_year = `+tx.receivedYearSQL("r.received_at")+`,
			report_dismissed = r.dismissed
			FROM reports r WHERE r.id = allegations.report_id AND allegations.report_id IN `+in)
		if err != nil {
			return fmt.Errorf("store: allegation copies: %w", err)
		}
		reportIDs = reportIDs[n:]
	}
	return nil
}
