package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// The confidential advisers' figures: counts and hours, never a record.
// Counted by date: first contacts and contacts by their date, activities by
// theirs, cases (and their issue kinds, relations and formal reports) by the
// day they were opened.

// adviserScope says whose records figures count.
type adviserScope struct {
	adviserID int64  // one adviser; 0: every adviser
	kind      string // "internal", "external", "unset" (not said); "": every kind
}

// where narrows a query on the table alias to the scope, adding its
// arguments to args.
func (sc adviserScope) where(alias string, args []any) (string, []any) {
	switch {
	case sc.adviserID != 0:
		args = append(args, sc.adviserID)
		return fmt.Sprintf(" AND %s.adviser_id = $%d", alias, len(args)), args
	case sc.kind == "unset":
		return fmt.Sprintf(" AND NOT EXISTS (SELECT 1 FROM adviser_profiles p WHERE p.user_id = %s.adviser_id)", alias), args
	case sc.kind != "":
		args = append(args, sc.kind)
		return fmt.Sprintf(" AND EXISTS (SELECT 1 FROM adviser_profiles p WHERE p.user_id = %s.adviser_id AND p.kind = $%d)", alias, len(args)), args
	}
	return "", args
}

// AdviserFigures returns the figures of every adviser of the organisation
// for the year, for the annual report: nothing suppressed.
func (s *Store) AdviserFigures(ctx context.Context, orgID int64, year int) (domain.AdviserFigures, error) {
	var f domain.AdviserFigures
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		f, err = tx.adviserFigures(ctx, orgID, year, adviserScope{})
		return err
	})
	return f, err
}

// AdviserOwnFigures returns the year's figures of one adviser's own records.
func (s *Store) AdviserOwnFigures(ctx context.Context, orgID, adviserID int64, year int) (domain.AdviserFigures, error) {
	var f domain.AdviserFigures
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		f, err = tx.adviserFigures(ctx, orgID, year, adviserScope{adviserID: adviserID})
		return err
	})
	return f, err
}

// AdviserOverview returns the year's figures of every adviser together and
// per kind of adviser: "internal", "external" and, when advisers who have
// not said which they are recorded anything that year, "unset". All are
// read in one transaction, so they add up.
func (s *Store) AdviserOverview(ctx context.Context, orgID int64, year int) (domain.AdviserFigures, map[string]domain.AdviserFigures, error) {
	var all domain.AdviserFigures
	byKind := map[string]domain.AdviserFigures{}
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		if all, err = tx.adviserFigures(ctx, orgID, year, adviserScope{}); err != nil {
			return err
		}
		for _, kind := range append(domain.AdviserKinds[:len(domain.AdviserKinds):len(domain.AdviserKinds)], "unset") {
			f, err := tx.adviserFigures(ctx, orgID, year, adviserScope{kind: string(kind)})
			if err != nil {
				return err
			}
			if kind != "unset" || !f.Empty() {
				byKind[string(kind)] = f
			}
		}
		return nil
	})
	return all, byKind, err
}

// AdviserFirstYear returns the year of the adviser's earliest record (with
// adviserID 0: of any adviser of the organisation), or 0 when there is none.
func (s *Store) AdviserFirstYear(ctx context.Context, orgID, adviserID int64) (int, error) {
	first := 0
	sc := adviserScope{adviserID: adviserID}
	for _, q := range []struct{ table, alias, column string }{
		{"adviser_contacts", "c", "contact_on"}, {"adviser_cases", "k", "opened_on"}, {"adviser_activities", "a", "activity_on"},
	} {
		w, args := sc.where(q.alias, []any{orgID})
		var t time.Time
		err := s.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT %[2]s.%[3]s FROM %[1]s %[2]s WHERE %[2]s.org_id = $1%[4]s ORDER BY %[2]s.%[3]s LIMIT 1`,
			q.table, q.alias, q.column, w), args...).Scan(&t)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("store: adviser first year: %w", err)
		}
		if y := t.UTC().Year(); first == 0 || y < first {
			first = y
		}
	}
	return first, nil
}

// adviserTrendYears is how many years before the year the trend of first
// contacts goes back, at most.
const adviserTrendYears = 4

func (tx *Tx) adviserFigures(ctx context.Context, orgID int64, year int, sc adviserScope) (domain.AdviserFigures, error) {
	f := domain.NewAdviserFigures(year)
	from, to := adviserYearRange(year)
	steps := []func(context.Context, int64, time.Time, time.Time, adviserScope, *domain.AdviserFigures) error{
		tx.adviserContactFigures, tx.adviserCaseFigures, tx.adviserActivityFigures, tx.adviserTrend,
	}
	for _, step := range steps {
		if err := step(ctx, orgID, from, to, sc, &f); err != nil {
			return f, err
		}
	}
	return f, nil
}

// adviserFigureRows runs a grouping query and hands each row to scan.
func (tx *Tx) adviserFigureRows(ctx context.Context, q string, args []any, scan func(rows *sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: adviser figures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("store: adviser figures: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: adviser figures: %w", err)
	}
	return nil
}

func (tx *Tx) adviserContactFigures(ctx context.Context, orgID int64, from, to time.Time, sc adviserScope, f *domain.AdviserFigures) error {
	w, args := sc.where("c", []any{orgID, from, to})
	return tx.adviserFigureRows(ctx, `SELECT c.kind, c.first_contact, COUNT(*), CAST(COALESCE(SUM(c.minutes), 0) AS BIGINT)
		FROM adviser_contacts c WHERE c.org_id = $1 AND c.contact_on >= $2 AND c.contact_on < $3`+w+`
		GROUP BY c.kind, c.first_contact`, args, func(rows *sql.Rows) error {
		var kind string
		var first bool
		var n, minutes int
		if err := rows.Scan(&kind, &first, &n, &minutes); err != nil {
			return err
		}
		if first {
			f.FirstContacts += n
		}
		if ch, ok := f.Contacts[kind]; ok {
			ch.Count += n
			ch.Hours += float64(minutes) / 60
			f.Contacts[kind] = ch
		}
		return nil
	})
}

func (tx *Tx) adviserCaseFigures(ctx context.Context, orgID int64, from, to time.Time, sc adviserScope, f *domain.AdviserFigures) error {
	w, args := sc.where("k", []any{orgID, from, to})
	inYear := ` WHERE k.org_id = $1 AND k.opened_on >= $2 AND k.opened_on < $3` + w
	err := tx.adviserFigureRows(ctx, `SELECT k.formal_report, COUNT(*) FROM adviser_cases k`+inYear+` GROUP BY k.formal_report`, args,
		func(rows *sql.Rows) error {
			var code string
			var n int
			if err := rows.Scan(&code, &n); err != nil {
				return err
			}
			f.Cases += n
			if _, ok := f.FormalReports[code]; ok {
				f.FormalReports[code] += n
			}
			return nil
		})
	if err != nil {
		return err
	}
	for _, q := range []struct {
		table, column string
		into          map[string]int
	}{{"adviser_case_issues", "kind", f.IssueKinds}, {"adviser_case_relations", "relation", f.Relations}} {
		err := tx.adviserFigureRows(ctx, fmt.Sprintf(`SELECT x.%[2]s, COUNT(*) FROM %[1]s x JOIN adviser_cases k ON k.id = x.case_id`+inYear+
			` GROUP BY x.%[2]s`, q.table, q.column), args, func(rows *sql.Rows) error {
			var code string
			var n int
			if err := rows.Scan(&code, &n); err != nil {
				return err
			}
			if _, ok := q.into[code]; ok {
				q.into[code] += n
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) adviserActivityFigures(ctx context.Context, orgID int64, from, to time.Time, sc adviserScope, f *domain.AdviserFigures) error {
	w, args := sc.where("a", []any{orgID, from, to})
	return tx.adviserFigureRows(ctx, `SELECT a.kind, CAST(COALESCE(SUM(a.minutes), 0) AS BIGINT) FROM adviser_activities a
		WHERE a.org_id = $1 AND a.activity_on >= $2 AND a.activity_on < $3`+w+` GROUP BY a.kind`, args, func(rows *sql.Rows) error {
		var kind string
		var minutes int
		if err := rows.Scan(&kind, &minutes); err != nil {
			return err
		}
		if _, ok := f.ActivityHours[kind]; ok {
			f.ActivityHours[kind] += float64(minutes) / 60
		}
		return nil
	})
}

// adviserTrend counts the first contacts of the years before, back to the
// organisation's first first contact (at most adviserTrendYears), and ends
// the trend with the year itself.
func (tx *Tx) adviserTrend(ctx context.Context, orgID int64, from, to time.Time, sc adviserScope, f *domain.AdviserFigures) error {
	var earliest time.Time
	err := tx.QueryRowContext(ctx, `SELECT contact_on FROM adviser_contacts WHERE org_id = $1 AND first_contact = TRUE
		ORDER BY contact_on LIMIT 1`, orgID).Scan(&earliest)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: adviser trend: %w", err)
	}
	first := max(f.Year-adviserTrendYears, earliest.UTC().Year())
	if err != nil { // no first contact at all
		first = f.Year
	}
	counts := map[int]int{}
	start, _ := adviserYearRange(first)
	w, args := sc.where("c", []any{orgID, start, from})
	err = tx.adviserFigureRows(ctx, `SELECT c.contact_on FROM adviser_contacts c WHERE c.org_id = $1 AND c.first_contact = TRUE
		AND c.contact_on >= $2 AND c.contact_on < $3`+w, args, func(rows *sql.Rows) error {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			return err
		}
		counts[t.UTC().Year()]++
		return nil
	})
	if err != nil {
		return err
	}
	f.FirstContactsTrend = nil
	for y := first; y < f.Year; y++ {
		f.FirstContactsTrend = append(f.FirstContactsTrend, domain.AdviserYearCount{Year: y, Count: counts[y]})
	}
	// The year itself: the contact figures ran first and counted it.
	f.FirstContactsTrend = append(f.FirstContactsTrend, domain.AdviserYearCount{Year: f.Year, Count: f.FirstContacts})
	return nil
}
