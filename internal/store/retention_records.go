package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// Retention of activities and of people's onboarding records: which are
// due, how each is destroyed, and the kept facts the annual report and the
// basic-norms scorecard add to the live rows, so that an earlier year gives
// the same figures after destruction as before.

// dueActivitiesAndPeople hands every activity (its term starts on the day
// held) and every person who left and still has an onboarding record (its
// term starts on the day employment ended) to due, which keeps those whose
// term has run out. A person without an end date, or with one still to
// come, is not due: ten years after a day in the future lie in the future.
func (tx *Tx) dueActivitiesAndPeople(ctx context.Context, orgID int64, due func(domain.RetentionKind, int64, string, time.Time)) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, held_on, title FROM activities WHERE org_id = $1`, orgID)
	if err != nil {
		return fmt.Errorf("store: destruction list: %w", err)
	}
	for rows.Next() {
		var id int64
		var held time.Time
		var title string
		if err := rows.Scan(&id, &held, &title); err != nil {
			rows.Close()
			return fmt.Errorf("store: destruction list: %w", err)
		}
		due(domain.RetainActivity, id, domain.DateOf(held).String()+" "+title, held)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	prows, err := tx.QueryContext(ctx, `SELECT id, ref, end_on FROM people
		WHERE org_id = $1 AND end_on IS NOT NULL AND onboarding_destroyed_at IS NULL`, orgID)
	if err != nil {
		return fmt.Errorf("store: destruction list: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var id int64
		var ref string
		var end time.Time
		if err := prows.Scan(&id, &ref, &end); err != nil {
			return fmt.Errorf("store: destruction list: %w", err)
		}
		due(domain.RetainOnboarding, id, ref, end)
	}
	return prows.Err()
}

// destroyActivity keeps what the annual report prints of the activity
// (day, title, kind, audiences, attendance) and deletes it with its
// materials.
func (tx *Tx) destroyActivity(ctx context.Context, orgID, destructionID, id int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO retained_activity_facts (org_id, destruction_id, activity_id, held_on, title, kind, audiences, attendance)
		SELECT org_id, $3, id, held_on, title, kind, audiences, attendance FROM activities WHERE org_id = $1 AND id = $2`,
		orgID, id, destructionID); err != nil {
		return fmt.Errorf("store: retained activity fact: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM activities WHERE org_id = $1 AND id = $2`, orgID, id); err != nil {
		return fmt.Errorf("store: destroy activity %d: %w", id, err)
	}
	return nil
}

// personRegisters are the registers that name a person by id and have
// terms of their own: a person named in one keeps their row (ref, name,
// employment, position, department, end date) so that those pages still
// show who it was, without the onboarding record.
var personRegisters = []string{"gifts", "outside_activities", "financial_interests"}

// destroyOnboarding keeps the person's countable onboarding facts
// (employment kind and days, no ref, name or witness) and destroys the
// onboarding record: HR's marks go, and so does the row when no other
// register names the person; otherwise the row stays with its onboarding
// days, oath kind and witness cleared and the day of destruction set.
func (tx *Tx) destroyOnboarding(ctx context.Context, orgID, destructionID, id int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO retained_onboarding_facts (org_id, destruction_id, employment, start_on, vog_on,
		oath_on, oath_kind, declaration_on, confidential_on, intro_training_on)
		SELECT org_id, $3, employment, start_on, vog_on, oath_on, oath_kind, declaration_on, confidential_on, intro_training_on
		FROM people WHERE org_id = $1 AND id = $2`, orgID, id, destructionID); err != nil {
		return fmt.Errorf("store: retained onboarding fact: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM onboarding_marks WHERE person_id = $1`, id); err != nil {
		return fmt.Errorf("store: destroy onboarding marks: %w", err)
	}
	named := 0
	for _, table := range personRegisters {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE person_id = $1`, id).Scan(&n); err != nil {
			return fmt.Errorf("store: destroy onboarding: %w", err)
		}
		named += n
	}
	if named == 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE org_id = $1 AND id = $2`, orgID, id); err != nil {
			return fmt.Errorf("store: destroy person %d: %w", id, err)
		}
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET start_on = NULL, vog_on = NULL, oath_on = NULL, oath_kind = '', oath_witness = '',
		declaration_on = NULL, confidential_on = NULL, intro_training_on = NULL, onboarding_destroyed_at = $3
		WHERE org_id = $1 AND id = $2`, orgID, id, tx.now); err != nil {
		return fmt.Errorf("store: destroy onboarding of person %d: %w", id, err)
	}
	return nil
}

// retainedActivities returns the kept facts of destroyed activities held
// in [from, to) as activities without id or materials, each with the id
// it had in ID until sorted (see Activities).
func (s *Store) retainedActivities(ctx context.Context, orgID int64, from, to time.Time) ([]domain.Activity, error) {
	return queryAll(ctx, s.db, "retained activities", scanActivity,
		`SELECT activity_id, org_id, held_on, title, kind, audiences, attendance, '' FROM retained_activity_facts
		WHERE org_id = $1 AND held_on >= $2 AND held_on < $3`, orgID, from, to)
}

// RetainedOnboarding returns the kept onboarding facts of people whose
// record was destroyed, as people without id, ref or name (for the
// basic-norms scorecard of an earlier year). Errors: only internal.
func (s *Store) RetainedOnboarding(ctx context.Context, orgID int64) ([]*domain.Person, error) {
	return queryAll(ctx, s.db, "retained onboarding", func(row interface{ Scan(...any) error }) (*domain.Person, error) {
		p := &domain.Person{OrgID: orgID}
		if err := row.Scan(&p.Employment, &p.StartOn, &p.VOGOn, &p.OathOn, &p.OathKind, &p.DeclarationOn, &p.ConfidentialOn, &p.IntroTrainingOn); err != nil {
			return nil, err
		}
		p.Normalise()
		return p, nil
	}, `SELECT employment, start_on, vog_on, oath_on, oath_kind, declaration_on, confidential_on, intro_training_on
		FROM retained_onboarding_facts WHERE org_id = $1 ORDER BY id`, orgID)
}

// withRetainedActivities adds the kept facts of the year's destroyed
// activities to the live ones, in the register's order: by day, then by
// id (a kept fact carries the id its activity had). The kept facts come
// out with id 0: they name no record any more.
func (s *Store) withRetainedActivities(ctx context.Context, orgID int64, year int, live []domain.Activity) ([]domain.Activity, error) {
	from, to := acYearBounds(year)
	kept, err := s.retainedActivities(ctx, orgID, from, to)
	if err != nil || len(kept) == 0 {
		return live, err
	}
	for i := range kept {
		kept[i].ID = -kept[i].ID // marked as kept until sorted
	}
	all := append(live, kept...)
	abs := func(id int64) int64 { return max(id, -id) }
	slices.SortStableFunc(all, func(a, b domain.Activity) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(abs(a.ID), abs(b.ID)))
	})
	for i := range all {
		all[i].ID = max(all[i].ID, 0)
	}
	return all, nil
}
