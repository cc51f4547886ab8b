package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
)

// Aggression incidents (Veilige Publieke Taak) belong to HR: the web lets
// only the hr role reach these methods, and every method keeps to the
// organisation it is given. Nothing is sealed; the forms ask for no names.

// AggressionFilter narrows the list of incidents.
type AggressionFilter struct {
	Year   int    // by the day of the incident in Amsterdam; 0 = every year
	Kind   string // "" = every kind
	Target string // "" = every target
	Police string // "yes", "no" or "" for both
	Sort   string // "date" (newest first, the default), "date_asc", or "kind" (in the order of domain.AggressionKinds, then newest first)
}

// AggressionSorts are the values of AggressionFilter.Sort.
var AggressionSorts = []string{"date", "date_asc", "kind"}

const aggressionColumns = `id, org_id, occurred_on, kind, target, department, police_involved, criminal_complaint,
	aftercare_offered, aftercare_followed_up, description, created_at, updated_at`

func scanAggression(row interface{ Scan(...any) error }) (*domain.AggressionIncident, error) {
	a := &domain.AggressionIncident{}
	err := row.Scan(&a.ID, &a.OrgID, &a.OccurredOn, &a.Kind, &a.Target, &a.Department, &a.PoliceInvolved, &a.CriminalComplaint,
		&a.AftercareOffered, &a.AftercareFollowedUp, &a.Description, &a.CreatedAt, &a.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "aggression.err_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: aggression incident: %w", err)
	}
	a.Normalise()
	return a, nil
}

// AggressionIncidents lists the organisation's incidents narrowed by the
// filter. Callers: hr. Errors: only internal.
func (s *Store) AggressionIncidents(ctx context.Context, orgID int64, f AggressionFilter) ([]*domain.AggressionIncident, error) {
	q := `SELECT ` + aggressionColumns + ` FROM aggression_incidents WHERE org_id = $1`
	args := []any{orgID}
	add := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args)))
	}
	if f.Year != 0 {
		from, to := recYearRange(f.Year)
		add("occurred_on >= ?", from)
		add("occurred_on < ?", to)
	}
	if f.Kind != "" {
		add("kind = ?", f.Kind)
	}
	if f.Target != "" {
		add("target = ?", f.Target)
	}
	switch f.Police {
	case string(domain.YesNoYes):
		add("police_involved = ?", true)
	case string(domain.YesNoNo):
		add("police_involved = ?", false)
	}
	if f.Sort == "date_asc" {
		q += " ORDER BY occurred_on, id"
	} else {
		q += " ORDER BY occurred_on DESC, id DESC"
	}
	out, err := queryAll(ctx, s.db, "aggression incidents", scanAggression, q, args...)
	if err != nil {
		return nil, err
	}
	if f.Sort == "kind" {
		sortByCodeOrder(out, domain.AggressionKinds, func(a *domain.AggressionIncident) domain.AggressionKind { return a.Kind })
	}
	return out, nil
}

// AggressionIncident returns one incident of the organisation. Callers: hr.
// Errors: ENOTFOUND, also for another organisation's incident.
func (s *Store) AggressionIncident(ctx context.Context, orgID, id int64) (*domain.AggressionIncident, error) {
	return scanAggression(s.db.QueryRowContext(ctx, `SELECT `+aggressionColumns+` FROM aggression_incidents WHERE org_id = $1 AND id = $2`, orgID, id))
}

// CreateAggressionIncident stores a new incident and sets a.ID. Callers:
// hr, and the import (actor CLI). Errors: EINVALID naming the field.
func (s *Store) CreateAggressionIncident(ctx context.Context, actor Actor, orgID int64, a *domain.AggressionIncident) error {
	if err := a.Validate(s.now()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO aggression_incidents (org_id, occurred_on, kind, target, department, police_involved,
			criminal_complaint, aftercare_offered, aftercare_followed_up, description, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			orgID, a.OccurredOn.UTC(), a.Kind, a.Target, a.Department, a.PoliceInvolved, a.CriminalComplaint,
			a.AftercareOffered, a.AftercareFollowedUp, a.Description, tx.now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: create aggression incident: %w", err)
		}
		a.OrgID, a.CreatedAt, a.UpdatedAt = orgID, tx.now, tx.now
		return tx.audit(ctx, actor.In(orgID), "aggression.create", "aggression_incident", a.ID, string(a.Kind))
	})
}

// UpdateAggressionIncident changes an incident. Callers: hr. Errors:
// ENOTFOUND; EINVALID naming the field.
func (s *Store) UpdateAggressionIncident(ctx context.Context, actor Actor, orgID int64, a *domain.AggressionIncident) error {
	if err := a.Validate(s.now()); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		old, err := scanAggression(tx.QueryRowContext(ctx, `SELECT `+aggressionColumns+` FROM aggression_incidents WHERE org_id = $1 AND id = $2`, orgID, a.ID))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE aggression_incidents SET occurred_on = $3, kind = $4, target = $5, department = $6,
			police_involved = $7, criminal_complaint = $8, aftercare_offered = $9, aftercare_followed_up = $10, description = $11, updated_at = $12
			WHERE org_id = $1 AND id = $2`, orgID, a.ID, a.OccurredOn.UTC(), a.Kind, a.Target, a.Department, a.PoliceInvolved,
			a.CriminalComplaint, a.AftercareOffered, a.AftercareFollowedUp, a.Description, tx.now); err != nil {
			return fmt.Errorf("store: update aggression incident: %w", err)
		}
		var changed []string
		for _, c := range []struct {
			name string
			same bool
		}{
			{"occurred_on", old.OccurredOn.Equal(a.OccurredOn)}, {"kind", old.Kind == a.Kind}, {"target", old.Target == a.Target},
			{"department", old.Department == a.Department}, {"police_involved", old.PoliceInvolved == a.PoliceInvolved},
			{"criminal_complaint", old.CriminalComplaint == a.CriminalComplaint}, {"aftercare_offered", old.AftercareOffered == a.AftercareOffered},
			{"aftercare_followed_up", old.AftercareFollowedUp == a.AftercareFollowedUp}, {"description", old.Description == a.Description},
		} {
			if !c.same {
				changed = append(changed, c.name)
			}
		}
		a.OrgID, a.CreatedAt, a.UpdatedAt = orgID, old.CreatedAt, tx.now
		return tx.audit(ctx, actor.In(orgID), "aggression.update", "aggression_incident", a.ID, strings.Join(changed, ","))
	})
}

// DeleteAggressionIncident removes an incident. Callers: hr. Errors:
// ENOTFOUND.
func (s *Store) DeleteAggressionIncident(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "aggression_incidents", "aggression_incident", "aggression.delete", "aggression.err_not_found")
}

// AggressionCounts returns the figures of the organisation's incidents in
// year (in Amsterdam), every kind and target code present, with the total
// of the year before. Callers: hr and the annual report. Errors: only
// internal.
func (s *Store) AggressionCounts(ctx context.Context, orgID int64, year int) (domain.AggressionCounts, error) {
	list, err := s.AggressionIncidents(ctx, orgID, AggressionFilter{Year: year})
	if err != nil {
		return domain.AggressionCounts{}, err
	}
	c := domain.NewAggressionCounts(year)
	for _, a := range list {
		c.Add(a)
	}
	prev, err := s.AggressionIncidents(ctx, orgID, AggressionFilter{Year: year - 1})
	if err != nil {
		return domain.AggressionCounts{}, err
	}
	c.Previous = len(prev)
	return c, nil
}

// AggressionCountsByYear returns AggressionCounts for every year that has
// incidents, newest first; each year's Previous is the year before's
// total (0 when it had none). Callers: hr. Errors: only internal.
func (s *Store) AggressionCountsByYear(ctx context.Context, orgID int64) ([]domain.AggressionCounts, error) {
	list, err := s.AggressionIncidents(ctx, orgID, AggressionFilter{})
	if err != nil {
		return nil, err
	}
	out := countsByYear(list, func(x *domain.AggressionIncident) int { return x.OccurredOn.Year() }, domain.NewAggressionCounts, (*domain.AggressionCounts).Add)
	byYear := map[int]int{}
	for i, c := range out {
		byYear[c.Year] = i
	}
	for i := range out {
		if j, ok := byYear[out[i].Year-1]; ok {
			out[i].Previous = out[j].Total
		}
	}
	return out, nil
}

// AggressionTotalsByYear counts the organisation's incidents per year, the
// totals of AggressionCountsByYear (the year of the day in Amsterdam, as
// there) from that one column, so the index aggression_incidents_org
// answers it without reading the incidents (the annual report's trend
// needs only the totals). Errors: only internal.
func (s *Store) AggressionTotalsByYear(ctx context.Context, orgID int64) (map[int]int, error) {
	out := map[int]int{}
	if err := yearTotals(ctx, s.db, "aggression totals", `SELECT `+s.engine.timeText("occurred_on")+` FROM aggression_incidents WHERE org_id = $1`, orgID, out); err != nil {
		return nil, err
	}
	return out, nil
}
