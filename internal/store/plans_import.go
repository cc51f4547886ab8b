package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
)

// The import's lists of the prevention modules.
const (
	ListActions             = "actions"
	ListVulnerablePositions = "vulnerable_positions"
)

// ImportAction is a row of actions.csv: an action of a plan, keyed by the
// plan's ref and the action's number. The plan and its line are created
// when they are new (then PlanTitle and the years, and LineTitle, are
// required) and renamed when the row gives a title. Owner is a username
// of the organisation, "" for nobody. Action's PlanID, LineID and OwnerID
// are the store's to fill.
type ImportAction struct {
	PlanRef             string
	PlanTitle           string
	FromYear, UntilYear int // 0 when not given
	Line                int
	LineTitle           string
	Owner               string
	Action              domain.PlanAction
}

// ImportVulnerable is a row of vulnerable_positions.csv: an analysis,
// keyed by its ref, with the ref of the position it analyses ("" for a
// process).
type ImportVulnerable struct {
	PositionRef string
	Position    domain.VulnerablePosition
}

// importKeysPlans adds the plans' refs, their lines ("ref#number") and the
// usernames (lower case) to the keys.
func (s *Store) importKeysPlans(ctx context.Context, orgID int64, k *ImportKeys) error {
	for _, q := range []struct {
		query string
		into  map[string]bool
	}{
		{`SELECT ref FROM action_plans WHERE org_id = $1`, k.Plans},
		{`SELECT p.ref || '#' || CAST(l.number AS TEXT) FROM action_lines l JOIN action_plans p ON p.id = l.plan_id WHERE p.org_id = $1`, k.PlanLines},
		{`SELECT LOWER(username) FROM users WHERE org_id = $1`, k.Usernames},
		{`SELECT ref FROM vulnerable_positions WHERE org_id = $1`, k.VulnerablePositions},
	} {
		rows, err := s.db.QueryContext(ctx, q.query, orgID)
		if err != nil {
			return fmt.Errorf("store: import keys: %w", err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return fmt.Errorf("store: import keys: %w", err)
			}
			q.into[v] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: import keys: %w", err)
		}
	}
	return nil
}

func (im *importer) actions(ctx context.Context) error {
	tx := im.tx
	plans := map[string]*domain.ActionPlan{}
	lines := map[string]int64{}
	for i, row := range im.set.Actions {
		p, ok := plans[row.PlanRef]
		if !ok {
			old, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM action_plans WHERE org_id = $1 AND ref = $2`, im.orgID, row.PlanRef))
			switch {
			case err == nil:
				p = &old
			case domain.IsNotFound(err):
				p = &domain.ActionPlan{Ref: row.PlanRef}
			default:
				return err
			}
			plans[row.PlanRef] = p
		}
		changed := p.ID == 0
		if row.PlanTitle != "" && row.PlanTitle != p.Title {
			p.Title, changed = row.PlanTitle, true
		}
		if row.FromYear != 0 && row.FromYear != p.FromYear {
			p.FromYear, changed = row.FromYear, true
		}
		if row.UntilYear != 0 && row.UntilYear != p.UntilYear {
			p.UntilYear, changed = row.UntilYear, true
		}
		if changed {
			if err := p.Validate(); err != nil {
				return &RowError{List: ListActions, Index: i, Err: planField(err)}
			}
			if err := tx.savePlan(ctx, im.actor, im.orgID, p); err != nil {
				return rowErr(ListActions, i, planField(err))
			}
		}
		key := fmt.Sprintf("%s#%d", row.PlanRef, row.Line)
		lineID, ok := lines[key]
		if !ok || row.LineTitle != "" {
			l := &domain.ActionLine{PlanID: p.ID, Number: row.Line, Title: row.LineTitle}
			var title string
			err := tx.QueryRowContext(ctx, `SELECT id, title FROM action_lines WHERE plan_id = $1 AND number = $2`, p.ID, row.Line).Scan(&l.ID, &title)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return fmt.Errorf("store: import actions: %w", err)
			}
			if l.Title == "" {
				l.Title = title
			}
			if l.ID == 0 || l.Title != title {
				if err := l.Validate(); err != nil {
					return &RowError{List: ListActions, Index: i, Err: lineField(err)}
				}
				if err := tx.saveActionLine(ctx, im.actor, im.orgID, l); err != nil {
					return rowErr(ListActions, i, lineField(err))
				}
			}
			lineID = l.ID
			lines[key] = lineID
		}
		a := row.Action
		a.PlanID, a.LineID, a.OwnerID = p.ID, lineID, 0
		if row.Owner != "" {
			err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE org_id = $1 AND LOWER(username) = $2`, im.orgID, strings.ToLower(row.Owner)).Scan(&a.OwnerID)
			if errors.Is(err, sql.ErrNoRows) {
				return &RowError{List: ListActions, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.import_user_unknown", Args: []any{row.Owner}, Field: "owner"}}
			}
			if err != nil {
				return fmt.Errorf("store: import actions: %w", err)
			}
		}
		err := tx.QueryRowContext(ctx, `SELECT id FROM plan_actions WHERE plan_id = $1 AND number = $2`, p.ID, a.Number).Scan(&a.ID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			im.count(ListActions, 1, 0, 0)
		case err != nil:
			return fmt.Errorf("store: import actions: %w", err)
		default:
			im.count(ListActions, 0, 1, 0)
		}
		if err := a.Validate(); err != nil {
			return &RowError{List: ListActions, Index: i, Err: err}
		}
		if err := tx.saveAction(ctx, im.actor, im.orgID, &a); err != nil {
			return rowErr(ListActions, i, err)
		}
	}
	return nil
}

// planField names the plan's columns of actions.csv in a plan's error.
func planField(err error) error {
	return renameField(err, map[string]string{"ref": "plan_ref", "title": "plan_title", "from_year": "plan_from_year", "until_year": "plan_until_year"})
}

// lineField names the line's columns of actions.csv in a line's error.
func lineField(err error) error {
	return renameField(err, map[string]string{"line_number": "line", "line_title": "line_title"})
}

func renameField(err error, names map[string]string) error {
	e := domain.AsError(err)
	if e == nil {
		return err
	}
	c := *e
	if n, ok := names[c.Field]; ok {
		c.Field = n
	}
	return &c
}

func (im *importer) vulnerable(ctx context.Context) error {
	tx := im.tx
	for i, row := range im.set.VulnerablePositions {
		v := row.Position
		v.PositionID = 0
		if row.PositionRef != "" {
			err := tx.QueryRowContext(ctx, `SELECT id FROM positions WHERE org_id = $1 AND ref = $2`, im.orgID, row.PositionRef).Scan(&v.PositionID)
			if errors.Is(err, sql.ErrNoRows) {
				return &RowError{List: ListVulnerablePositions, Index: i, Err: &domain.Error{Code: domain.EINVALID, Key: "err.position_unknown", Args: []any{row.PositionRef}, Field: "position_ref"}}
			}
			if err != nil {
				return fmt.Errorf("store: import vulnerable positions: %w", err)
			}
		}
		err := tx.QueryRowContext(ctx, `SELECT id FROM vulnerable_positions WHERE org_id = $1 AND ref = $2`, im.orgID, v.Ref).Scan(&v.ID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			im.count(ListVulnerablePositions, 1, 0, 0)
		case err != nil:
			return fmt.Errorf("store: import vulnerable positions: %w", err)
		default:
			im.count(ListVulnerablePositions, 0, 1, 0)
		}
		if err := v.Validate(); err != nil {
			return &RowError{List: ListVulnerablePositions, Index: i, Err: err}
		}
		if err := tx.saveVulnerable(ctx, im.actor, im.orgID, &v); err != nil {
			return rowErr(ListVulnerablePositions, i, err)
		}
	}
	return nil
}
