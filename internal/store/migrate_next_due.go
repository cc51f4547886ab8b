package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pressly/goose/v3"
)

// nextDueMigration is migration 00046, in Go because it computes what
// migration 00045's column holds with the deadlines' own rules (NextDue):
// Amsterdam's days and clipped months, which SQLite's SQL cannot say. It
// fills next_due of every report not closed, dismissed ones included (an
// unmarked report returns to the list). Going down leaves the column to
// 00045's down.
func (s *Store) nextDueMigration() *goose.Migration {
	return goose.NewGoMigration(46, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		_, err := s.mendNextDue(ctx, tx, ` WHERE r.state <> 'closed'`)
		return err
	}}, &goose.GoFunc{})
}

// MendNextDue sets next_due right on every open report (those the list
// shows) whose value is not what its dates give: none after migration
// 00046, unless a server of a version before it wrote reports meanwhile
// (several servers on one PostgreSQL, upgraded one by one: the old ones do
// not write the column). The maintenance pass runs it, so such a report
// takes its place in the list within one interval; a marked one is mended
// in the pass after it is unmarked. It reads the open reports through
// their own index (reports_open_due), about 1 % of the reports, not the
// table. It returns how many it mended.
func (s *Store) MendNextDue(ctx context.Context) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		n, err = s.mendNextDue(ctx, tx.Tx, mendOpenReports(s.engine))
		return err
	})
	return n, err
}

// mendOpenReports is MendNextDue's condition: the open reports of every
// organisation (a range of the index's first column), as the partial index
// reports_open_due states them.
func mendOpenReports(e Engine) string {
	return e.indexHint("reports_open_due") + ` WHERE r.org_id > 0` + openReport
}

// nextDueDates reads what mendNextDue compares: a report's id, dates and
// next_due, from reports r.
func nextDueDates(e Engine) string {
	return `SELECT r.id, ` + e.timeText("r.received_at") + `, ` + e.timeText("r.acknowledged_at") + `, ` +
		e.timeText("r.feedback_at") + `, ` + e.timeText("r.next_due") + ` FROM reports r`
}

// mendNextDue reads the dates and next_due of the reports where selects
// (a condition on reports r, after FROM reports r) and writes next_due
// where it differs. A report to mend is read again with its row locked on
// PostgreSQL, so that an acknowledgement committed between the two reads
// is not undone by a day worked out from the dates before it; on SQLite
// the transaction holds the write lock from its start.
func (s *Store) mendNextDue(ctx context.Context, tx *sql.Tx, where string) (int, error) {
	e := s.engine
	dates := nextDueDates(e)
	type reportDates struct {
		id                             int64
		received                       time.Time
		acknowledged, feedback, stored *time.Time
	}
	scan := func(rows interface{ Scan(...any) error }, d *reportDates) error {
		return rows.Scan(&d.id, storedTime{T: &d.received}, storedTime{P: &d.acknowledged}, storedTime{P: &d.feedback}, storedTime{P: &d.stored})
	}
	wrong := func(d reportDates) bool {
		return d.stored == nil || !d.stored.Equal(NextDue(d.received, d.acknowledged, d.feedback))
	}
	rows, err := tx.QueryContext(ctx, dates+where)
	if err != nil {
		return 0, fmt.Errorf("store: next due: %w", err)
	}
	var mend []int64
	for rows.Next() {
		var d reportDates
		if err := scan(rows, &d); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: next due: %w", err)
		}
		if wrong(d) {
			mend = append(mend, d.id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: next due: %w", err)
	}
	// Read first, then written: a PostgreSQL connection runs no statement
	// while another's rows are being read.
	lock := ""
	if e == Postgres {
		lock = ` FOR NO KEY UPDATE`
	}
	n := 0
	for _, id := range mend {
		var d reportDates
		err := scan(tx.QueryRowContext(ctx, dates+` WHERE r.id = $1`+lock, id), &d)
		if errors.Is(err, sql.ErrNoRows) {
			continue // destroyed meanwhile
		}
		if err != nil {
			return n, fmt.Errorf("store: next due of report %d: %w", id, err)
		}
		if !wrong(d) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET next_due = $2 WHERE id = $1`, id, NextDue(d.received, d.acknowledged, d.feedback)); err != nil {
			return n, fmt.Errorf("store: next due of report %d: %w", id, err)
		}
		n++
	}
	return n, nil
}
