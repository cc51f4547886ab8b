package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// querier is what runs a query: the pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryAll runs query and scans every row with scan; what names the list in
// errors ("store: gifts: …").
func queryAll[T any](ctx context.Context, q querier, what string, scan func(interface{ Scan(...any) error }) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// deleteRecord deletes the organisation's row id of table in a transaction
// and audits it as action on objectType. Errors: ENOTFOUND with the message
// key notFound, also for another organisation's row.
func (s *Store) deleteRecord(ctx context.Context, actor Actor, orgID, id int64, table, objectType, action, notFound string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE org_id = $1 AND id = $2`, orgID, id)
		if err != nil {
			return fmt.Errorf("store: delete %s %d: %w", objectType, id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, notFound)
		}
		return tx.audit(ctx, actor.In(orgID), action, objectType, id, "")
	})
}

// countsByYear groups items, newest first as listed, into one counts value
// per year: made by newCounts, filled by add, in the order the years appear.
func countsByYear[I, C any](items []I, year func(I) int, newCounts func(int) C, add func(*C, I)) []C {
	var out []C
	index := map[int]int{}
	for _, it := range items {
		y := year(it)
		i, ok := index[y]
		if !ok {
			i = len(out)
			index[y] = i
			out = append(out, newCounts(y))
		}
		add(&out[i], it)
	}
	return out
}

// sortByCodeOrder sorts the records stably by the position of their code in
// codes: the order in which forms and reports list the codes, not the
// alphabet.
func sortByCodeOrder[T any, C comparable](records []T, codes []C, code func(T) C) {
	slices.SortStableFunc(records, func(a, b T) int {
		return cmp.Compare(slices.Index(codes, code(a)), slices.Index(codes, code(b)))
	})
}

// yearTotals adds to out the number of rows of query, which selects one
// time for the organisation (a day stored as its midnight in Amsterdam),
// per year of that day in Amsterdam (domain.Day), as the records' readers
// normalise it before countsByYear. The query selects the time through
// Engine.timeText, so that SQLite's is parsed by storedTime.
func yearTotals(ctx context.Context, db *sql.DB, what, query string, orgID int64, out map[int]int) error {
	rows, err := db.QueryContext(ctx, query, orgID)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(storedTime{T: &t}); err != nil {
			return fmt.Errorf("store: %s: %w", what, err)
		}
		out[domain.Day(t).Year()]++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	return nil
}
