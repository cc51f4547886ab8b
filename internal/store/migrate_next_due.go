package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/pressly/goose/v3"
)

// nextDueMigration is migration 00046, in Go because it computes what
// migration 00045's column holds with the deadlines' own rules (nextDue):
// Amsterdam's days and clipped months, which SQLite's SQL cannot say. It
// fills next_due of every report not closed, dismissed ones included (an
// unmarked report returns to the list). Going down leaves the column to
// 00045's down.
func (s *Store) nextDueMigration() *goose.Migration {
	return goose.NewGoMigration(46, &goose.GoFunc{RunTx: s.fillNextDue}, &goose.GoFunc{})
}

func (s *Store) fillNextDue(ctx context.Context, tx *sql.Tx) error {
	type dates struct {
		id                     int64
		received               time.Time
		acknowledged, feedback *time.Time
	}
	e := s.engine
	rows, err := tx.QueryContext(ctx, `SELECT id, `+e.timeText("received_at")+`, `+e.timeText("acknowledged_at")+`, `+
		e.timeText("feedback_at")+` FROM reports WHERE state <> 'closed'`)
	if err != nil {
		return fmt.Errorf("store: next due: %w", err)
	}
	var all []dates
	for rows.Next() {
		var d dates
		if err := rows.Scan(&d.id, storedTime{T: &d.received}, storedTime{P: &d.acknowledged}, storedTime{P: &d.feedback}); err != nil {
			rows.Close()
			return fmt.Errorf("store: next due: %w", err)
		}
		all = append(all, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: next due: %w", err)
	}
	// Read first, then written: a PostgreSQL connection runs no statement
	// while another's rows are being read.
	update, err := tx.PrepareContext(ctx, `UPDATE reports SET next_due = $2 WHERE id = $1`)
	if err != nil {
		return fmt.Errorf("store: next due: %w", err)
	}
	defer update.Close()
	for _, d := range all {
		if _, err := update.ExecContext(ctx, d.id, NextDue(d.received, d.acknowledged, d.feedback)); err != nil {
			return fmt.Errorf("store: next due of report %d: %w", d.id, err)
		}
	}
	return nil
}
