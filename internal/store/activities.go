package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// Integrity activities and training, kept by the coordinator, HR and the
// council clerk. Nothing in them is confidential, so nothing is sealed;
// every change is audited.

// acYearBounds returns the first moment of year and of the next, in
// Amsterdam, for a half-open range over a dated column. (Shared with the
// council registers.)
func acYearBounds(year int) (time.Time, time.Time) {
	from, to := domain.YearBounds(year)
	return from.UTC(), to.UTC()
}

// acYears returns the distinct Amsterdam years of the dates in column of
// table for the organisation, newest first. table and column are constants
// of this package, never input.
func (s *Store) acYears(ctx context.Context, table, column string, orgID int64) ([]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+column+` FROM `+table+` WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: %s years: %w", table, err)
	}
	defer rows.Close()
	var years []int
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: %s years: %w", table, err)
		}
		if y := domain.DateOf(t).Year; !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	slices.Reverse(years)
	return years, rows.Err()
}

const activityColumns = `id, org_id, held_on, title, kind, audiences, attendance, materials`

func scanActivity(sc interface{ Scan(...any) error }) (domain.Activity, error) {
	var a domain.Activity
	var audiences string
	var attendance sql.NullInt64
	if err := sc.Scan(&a.ID, &a.OrgID, &a.Date, &a.Title, &a.Kind, &audiences, &attendance, &a.Materials); err != nil {
		return a, err
	}
	if audiences != "" {
		a.Audiences = domain.Codes[domain.ActivityAudience](strings.Split(audiences, ","))
	}
	if attendance.Valid {
		n := int(attendance.Int64)
		a.Attendance = &n
	}
	return a, nil
}

func activityArgs(a *domain.Activity) (string, any) {
	var attendance any
	if a.Attendance != nil {
		attendance = int64(*a.Attendance)
	}
	return strings.Join(domain.Strings(a.Audiences), ","), attendance
}

// CreateActivity records an activity. Errors: EINVALID naming the field.
func (s *Store) CreateActivity(ctx context.Context, actor Actor, orgID int64, a *domain.Activity) error {
	if err := a.Validate(); err != nil {
		return err
	}
	audiences, attendance := activityArgs(a)
	return s.inTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO activities (org_id, held_on, title, kind, audiences, attendance, materials, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			orgID, a.Date.UTC(), a.Title, a.Kind, audiences, attendance, a.Materials, tx.now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: create activity: %w", err)
		}
		a.OrgID = orgID
		return tx.audit(ctx, actor.In(orgID), "activity.create", "activity", a.ID, string(a.Kind)+" "+audiences)
	})
}

// UpdateActivity replaces an activity's fields. Errors: ENOTFOUND when the
// organisation has no such activity, EINVALID naming the field.
func (s *Store) UpdateActivity(ctx context.Context, actor Actor, orgID int64, a *domain.Activity) error {
	if err := a.Validate(); err != nil {
		return err
	}
	audiences, attendance := activityArgs(a)
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE activities SET held_on = $3, title = $4, kind = $5, audiences = $6,
			attendance = $7, materials = $8, updated_at = $9 WHERE id = $1 AND org_id = $2`,
			a.ID, orgID, a.Date.UTC(), a.Title, a.Kind, audiences, attendance, a.Materials, tx.now)
		if err != nil {
			return fmt.Errorf("store: update activity: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.activity_not_found")
		}
		a.OrgID = orgID
		return tx.audit(ctx, actor.In(orgID), "activity.update", "activity", a.ID, string(a.Kind)+" "+audiences)
	})
}

// DeleteActivity removes an activity. Errors: ENOTFOUND.
func (s *Store) DeleteActivity(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "activities", "activity", "activity.delete", "err.activity_not_found")
}

// Activity returns one of the organisation's activities, or ENOTFOUND.
func (s *Store) Activity(ctx context.Context, orgID, id int64) (*domain.Activity, error) {
	a, err := scanActivity(s.db.QueryRowContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE id = $1 AND org_id = $2`, id, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.activity_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: activity: %w", err)
	}
	return &a, nil
}

// ListActivities returns the organisation's activities of f.Year narrowed
// by kind and audience, in the order they took place.
func (s *Store) ListActivities(ctx context.Context, orgID int64, f domain.ActivityFilter) ([]domain.Activity, error) {
	from, to := acYearBounds(f.Year)
	q := `SELECT ` + activityColumns + ` FROM activities WHERE org_id = $1 AND held_on >= $2 AND held_on < $3`
	args := []any{orgID, from, to}
	if f.Kind != "" {
		q += ` AND kind = $4`
		args = append(args, f.Kind)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY held_on, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: activities: %w", err)
	}
	defer rows.Close()
	var out []domain.Activity
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, fmt.Errorf("store: activities: %w", err)
		}
		if f.Audience == "" || a.HasAudience(domain.ActivityAudience(f.Audience)) {
			out = append(out, a)
		}
	}
	return out, rows.Err()
}

// Activities returns the organisation's activities of year, in the order
// they took place, with those destroyed under the retention term as their
// kept facts (id 0, no materials): what the annual report and the
// basic-norms scorecard count. ListActivities gives the live register.
func (s *Store) Activities(ctx context.Context, orgID int64, year int) ([]domain.Activity, error) {
	live, err := s.ListActivities(ctx, orgID, domain.ActivityFilter{Year: year})
	if err != nil {
		return nil, err
	}
	return s.withRetainedActivities(ctx, orgID, year, live)
}

// ActivityCounts counts the organisation's activities of year per kind and
// per audience (for the list and the annual report).
func (s *Store) ActivityCounts(ctx context.Context, orgID int64, year int) (domain.ActivityCounts, error) {
	list, err := s.Activities(ctx, orgID, year)
	if err != nil {
		return domain.ActivityCounts{}, err
	}
	return domain.NewActivityCounts(year, list), nil
}

// ActivityYears lists the years in which the organisation has activities,
// newest first.
func (s *Store) ActivityYears(ctx context.Context, orgID int64) ([]int, error) {
	live, err := s.acYears(ctx, "activities", "held_on", orgID)
	if err != nil {
		return nil, err
	}
	kept, err := s.acYears(ctx, "retained_activity_facts", "held_on", orgID) // destroyed activities still count in their year
	if err != nil {
		return nil, err
	}
	years := slices.Compact(slices.Sorted(slices.Values(append(live, kept...))))
	slices.Reverse(years)
	return years, nil
}
