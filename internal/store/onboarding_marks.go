package store

import (
	"context"
	"fmt"

	"github.com/integer-nl/integer/internal/domain"
)

// SetOnboardingMark marks one duty of a person of the organisation as not
// applicable or settled before the system (replacing an earlier mark), and
// audits it. Callers: hr. Errors: EINVALID naming the field, ENOTFOUND.
func (s *Store) SetOnboardingMark(ctx context.Context, actor Actor, orgID int64, m domain.OnboardingMark) error {
	if errs := m.Check(s.Now()); len(errs) > 0 {
		return errs[0]
	}
	return s.inTx(ctx, func(tx *Tx) error {
		p, err := tx.personBy(ctx, orgID, "id = $2", m.PersonID)
		if err != nil {
			return err
		}
		if !domain.Owes(p.Employment, m.Item) {
			return domain.FieldError("item", "duties.err_not_owed")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO onboarding_marks (person_id, item, mark, marked_on, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (person_id, item) DO UPDATE SET mark = $3, marked_on = $4, created_at = $5`,
			p.ID, string(m.Item), string(m.Mark), dayArg(&m.On), tx.now)
		if err != nil {
			return fmt.Errorf("store: onboarding mark: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "person.duty_marked", "person", p.ID, string(m.Item)+" "+string(m.Mark)+" "+domain.DateOf(m.On).String())
	})
}

// ClearOnboardingMark takes a mark back: the duty counts as missing again
// until it is done. Callers: hr. Errors: ENOTFOUND.
func (s *Store) ClearOnboardingMark(ctx context.Context, actor Actor, orgID, personID int64, item domain.OnboardingItem) error {
	return s.inTx(ctx, func(tx *Tx) error {
		p, err := tx.personBy(ctx, orgID, "id = $2", personID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM onboarding_marks WHERE person_id = $1 AND item = $2`, p.ID, string(item)); err != nil {
			return fmt.Errorf("store: onboarding mark: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "person.duty_unmarked", "person", p.ID, string(item))
	})
}

// OnboardingMarks returns the organisation's marks by person and item.
// Callers: hr. Errors: only internal.
func (s *Store) OnboardingMarks(ctx context.Context, orgID int64) (map[int64]map[domain.OnboardingItem]domain.OnboardingMark, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT m.person_id, m.item, m.mark, m.marked_on FROM onboarding_marks m
		JOIN people p ON p.id = m.person_id WHERE p.org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: onboarding marks: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[domain.OnboardingItem]domain.OnboardingMark{}
	for rows.Next() {
		var m domain.OnboardingMark
		if err := rows.Scan(&m.PersonID, &m.Item, &m.Mark, &m.On); err != nil {
			return nil, fmt.Errorf("store: onboarding marks: %w", err)
		}
		if out[m.PersonID] == nil {
			out[m.PersonID] = map[domain.OnboardingItem]domain.OnboardingMark{}
		}
		out[m.PersonID][m.Item] = m
	}
	return out, rows.Err()
}
