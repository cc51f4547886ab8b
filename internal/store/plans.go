package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// Action plans (plannen van aanpak), kept by the controller: the plan, its
// action lines and numbered actions with their dated progress notes. An
// action's owner (a user of the organisation) reports progress on it
// through ReportProgress; the handler decides who may. Every change is
// audited in its own transaction.

const planColumns = `id, org_id, ref, title, from_year, until_year`

func scanPlan(row interface{ Scan(...any) error }) (domain.ActionPlan, error) {
	var p domain.ActionPlan
	err := row.Scan(&p.ID, &p.OrgID, &p.Ref, &p.Title, &p.FromYear, &p.UntilYear)
	if errors.Is(err, sql.ErrNoRows) {
		return p, domain.Errorf(domain.ENOTFOUND, "err.plan_not_found")
	}
	if err != nil {
		return p, fmt.Errorf("store: action plan: %w", err)
	}
	return p, nil
}

// SavePlan creates the plan, or changes its ref, title and years when p.ID
// is set. Errors: EINVALID naming the field, ECONFLICT when the ref is
// taken, ENOTFOUND.
func (s *Store) SavePlan(ctx context.Context, actor Actor, orgID int64, p *domain.ActionPlan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error { return tx.savePlan(ctx, actor, orgID, p) })
}

func (tx *Tx) savePlan(ctx context.Context, actor Actor, orgID int64, p *domain.ActionPlan) error {
	var err error
	action := "plan.update"
	if p.ID == 0 {
		action = "plan.create"
		err = tx.QueryRowContext(ctx, `INSERT INTO action_plans (org_id, ref, title, from_year, until_year, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, orgID, p.Ref, p.Title, p.FromYear, p.UntilYear, tx.now).Scan(&p.ID)
	} else {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `UPDATE action_plans SET ref = $3, title = $4, from_year = $5, until_year = $6, updated_at = $7
			WHERE org_id = $1 AND id = $2`, orgID, p.ID, p.Ref, p.Title, p.FromYear, p.UntilYear, tx.now)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return domain.Errorf(domain.ENOTFOUND, "err.plan_not_found")
			}
		}
	}
	if isUniqueViolation(err) {
		return &domain.Error{Code: domain.ECONFLICT, Key: "err.ref_taken", Args: []any{p.Ref}, Field: "ref"}
	}
	if err != nil {
		return fmt.Errorf("store: save action plan: %w", err)
	}
	p.OrgID = orgID
	return tx.audit(ctx, actor.In(orgID), action, "action_plan", p.ID, fmt.Sprintf("%s %d-%d", p.Ref, p.FromYear, p.UntilYear))
}

// DeletePlan removes a plan with its lines, actions and notes. Errors:
// ENOTFOUND.
func (s *Store) DeletePlan(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "action_plans", "action_plan", "plan.delete", "err.plan_not_found")
}

// Plans lists the organisation's plans, newest first, each with its lines
// and actions (without notes).
func (s *Store) Plans(ctx context.Context, orgID int64) ([]domain.ActionPlan, error) {
	list, err := queryAll(ctx, s.db, "action plans", scanPlan,
		`SELECT `+planColumns+` FROM action_plans WHERE org_id = $1 ORDER BY from_year DESC, ref, id`, orgID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if err := s.loadPlan(ctx, &list[i], false); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// Plan returns one of the organisation's plans with its lines, its actions
// and their notes, or ENOTFOUND.
func (s *Store) Plan(ctx context.Context, orgID, id int64) (*domain.ActionPlan, error) {
	p, err := scanPlan(s.db.QueryRowContext(ctx, `SELECT `+planColumns+` FROM action_plans WHERE org_id = $1 AND id = $2`, orgID, id))
	if err != nil {
		return nil, err
	}
	if err := s.loadPlan(ctx, &p, true); err != nil {
		return nil, err
	}
	return &p, nil
}

func (s *Store) loadPlan(ctx context.Context, p *domain.ActionPlan, notes bool) error {
	lines, err := queryAll(ctx, s.db, "action lines", func(row interface{ Scan(...any) error }) (domain.ActionLine, error) {
		var l domain.ActionLine
		err := row.Scan(&l.ID, &l.PlanID, &l.Number, &l.Title)
		return l, err
	}, `SELECT id, plan_id, number, title FROM action_lines WHERE plan_id = $1 ORDER BY number`, p.ID)
	if err != nil {
		return err
	}
	p.Lines = lines
	p.Actions, err = s.actionsWhere(ctx, `a.org_id = $1 AND a.plan_id = $2`, p.OrgID, p.ID)
	if err != nil || !notes {
		return err
	}
	return s.loadNotes(ctx, p.Actions)
}

const actionColumns = `a.id, a.org_id, a.plan_id, a.line_id, a.number, a.description, a.kind, a.planned_from, a.planned_until,
	COALESCE(a.owner_id, 0), COALESCE(u.display_name, ''), a.status, a.status_reason`

func scanAction(row interface{ Scan(...any) error }) (domain.PlanAction, error) {
	var a domain.PlanAction
	var from, until string
	err := row.Scan(&a.ID, &a.OrgID, &a.PlanID, &a.LineID, &a.Number, &a.Description, &a.Kind, &from, &until,
		&a.OwnerID, &a.OwnerName, &a.Status, &a.StatusReason)
	if errors.Is(err, sql.ErrNoRows) {
		return a, domain.Errorf(domain.ENOTFOUND, "err.plan_action_not_found")
	}
	if err != nil {
		return a, fmt.Errorf("store: plan action: %w", err)
	}
	a.From, _ = domain.ParseQuarter("from", from)
	a.Until, _ = domain.ParseQuarter("until", until)
	return a, nil
}

func (s *Store) actionsWhere(ctx context.Context, where string, args ...any) ([]domain.PlanAction, error) {
	return queryAll(ctx, s.db, "plan actions", scanAction, `SELECT `+actionColumns+` FROM plan_actions a
		LEFT JOIN users u ON u.id = a.owner_id WHERE `+where+` ORDER BY a.plan_id, a.number`, args...)
}

func (s *Store) loadNotes(ctx context.Context, actions []domain.PlanAction) error {
	for i := range actions {
		notes, err := queryAll(ctx, s.db, "action notes", func(row interface{ Scan(...any) error }) (domain.ActionNote, error) {
			var n domain.ActionNote
			var day time.Time
			err := row.Scan(&n.ID, &n.ActionID, &day, &n.Text, &n.AuthorID, &n.AuthorName)
			n.Day = domain.DateOf(day)
			return n, err
		}, `SELECT n.id, n.action_id, n.noted_on, n.text, COALESCE(n.author_id, 0), COALESCE(u.display_name, '')
			FROM action_notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.action_id = $1 ORDER BY n.noted_on, n.id`, actions[i].ID)
		if err != nil {
			return err
		}
		actions[i].Notes = notes
	}
	return nil
}

// PlanAction returns one of the organisation's actions with its notes, or
// ENOTFOUND.
func (s *Store) PlanAction(ctx context.Context, orgID, id int64) (*domain.PlanAction, error) {
	list, err := s.actionsWhere(ctx, `a.org_id = $1 AND a.id = $2`, orgID, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.plan_action_not_found")
	}
	if err := s.loadNotes(ctx, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// ActionsOwnedBy lists the actions the user owns, by plan and number.
func (s *Store) ActionsOwnedBy(ctx context.Context, orgID, userID int64) ([]domain.PlanAction, error) {
	return s.actionsWhere(ctx, `a.org_id = $1 AND a.owner_id = $2`, orgID, userID)
}

// SaveActionLine creates a line of the plan, or changes its number and
// title when l.ID is set. Errors: EINVALID, ECONFLICT when the number is
// taken, ENOTFOUND for another organisation's plan or line.
func (s *Store) SaveActionLine(ctx context.Context, actor Actor, orgID int64, l *domain.ActionLine) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error { return tx.saveActionLine(ctx, actor, orgID, l) })
}

func (tx *Tx) saveActionLine(ctx context.Context, actor Actor, orgID int64, l *domain.ActionLine) error {
	if err := tx.planOf(ctx, orgID, l.PlanID); err != nil {
		return err
	}
	var err error
	action := "plan.line_update"
	if l.ID == 0 {
		action = "plan.line_create"
		err = tx.QueryRowContext(ctx, `INSERT INTO action_lines (plan_id, number, title) VALUES ($1, $2, $3) RETURNING id`,
			l.PlanID, l.Number, l.Title).Scan(&l.ID)
	} else {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `UPDATE action_lines SET number = $3, title = $4 WHERE plan_id = $1 AND id = $2`, l.PlanID, l.ID, l.Number, l.Title)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return domain.Errorf(domain.ENOTFOUND, "err.plan_line_not_found")
			}
		}
	}
	if isUniqueViolation(err) {
		return &domain.Error{Code: domain.ECONFLICT, Key: "err.plan_line_taken", Args: []any{l.Number}, Field: "line_number"}
	}
	if err != nil {
		return fmt.Errorf("store: save action line: %w", err)
	}
	return tx.audit(ctx, actor.In(orgID), action, "action_line", l.ID, fmt.Sprintf("plan=%d line=%d", l.PlanID, l.Number))
}

// planOf checks that the plan is the organisation's.
func (tx *Tx) planOf(ctx context.Context, orgID, planID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM action_plans WHERE org_id = $1 AND id = $2`, orgID, planID).Scan(&n); err != nil {
		return fmt.Errorf("store: action plan: %w", err)
	}
	if n == 0 {
		return domain.Errorf(domain.ENOTFOUND, "err.plan_not_found")
	}
	return nil
}

// DeleteActionLine removes a line that holds no actions. Errors:
// ENOTFOUND, ECONFLICT when actions are on it.
func (s *Store) DeleteActionLine(ctx context.Context, actor Actor, orgID, planID, lineID int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.planOf(ctx, orgID, planID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM plan_actions WHERE line_id = $1`, lineID).Scan(&n); err != nil {
			return fmt.Errorf("store: delete action line: %w", err)
		}
		if n > 0 {
			return domain.Errorf(domain.ECONFLICT, "err.plan_line_has_actions")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM action_lines WHERE plan_id = $1 AND id = $2`, planID, lineID)
		if err != nil {
			return fmt.Errorf("store: delete action line: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.plan_line_not_found")
		}
		return tx.audit(ctx, actor.In(orgID), "plan.line_delete", "action_line", lineID, fmt.Sprintf("plan=%d", planID))
	})
}

// SaveAction creates an action of the plan, or replaces its fields when
// a.ID is set (its notes stay). The line must be the plan's and the owner
// a user of the organisation. Errors: EINVALID naming the field, ECONFLICT
// when the number is taken, ENOTFOUND.
func (s *Store) SaveAction(ctx context.Context, actor Actor, orgID int64, a *domain.PlanAction) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error { return tx.saveAction(ctx, actor, orgID, a) })
}

func (tx *Tx) saveAction(ctx context.Context, actor Actor, orgID int64, a *domain.PlanAction) error {
	if err := tx.planOf(ctx, orgID, a.PlanID); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM action_lines WHERE plan_id = $1 AND id = $2`, a.PlanID, a.LineID).Scan(&n); err != nil {
		return fmt.Errorf("store: plan action: %w", err)
	}
	if n == 0 {
		return domain.FieldError("line", "err.choice_invalid")
	}
	if a.OwnerID != 0 {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE org_id = $1 AND id = $2`, orgID, a.OwnerID).Scan(&n); err != nil {
			return fmt.Errorf("store: plan action: %w", err)
		}
		if n == 0 {
			return domain.FieldError("owner", "err.choice_invalid")
		}
	}
	var err error
	action := "plan.action_update"
	if a.ID == 0 {
		action = "plan.action_create"
		err = tx.QueryRowContext(ctx, `INSERT INTO plan_actions (org_id, plan_id, line_id, number, description, kind, planned_from,
			planned_until, owner_id, status, status_reason, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			orgID, a.PlanID, a.LineID, a.Number, a.Description, a.Kind, a.From.String(), a.Until.String(), nullID(a.OwnerID),
			a.Status, a.StatusReason, tx.now).Scan(&a.ID)
	} else {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `UPDATE plan_actions SET line_id = $4, number = $5, description = $6, kind = $7, planned_from = $8,
			planned_until = $9, owner_id = $10, status = $11, status_reason = $12, updated_at = $13
			WHERE org_id = $1 AND plan_id = $2 AND id = $3`,
			orgID, a.PlanID, a.ID, a.LineID, a.Number, a.Description, a.Kind, a.From.String(), a.Until.String(), nullID(a.OwnerID),
			a.Status, a.StatusReason, tx.now)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return domain.Errorf(domain.ENOTFOUND, "err.plan_action_not_found")
			}
		}
	}
	if isUniqueViolation(err) {
		return &domain.Error{Code: domain.ECONFLICT, Key: "err.plan_action_taken", Args: []any{a.Number}, Field: "number"}
	}
	if err != nil {
		return fmt.Errorf("store: save plan action: %w", err)
	}
	a.OrgID = orgID
	return tx.audit(ctx, actor.In(orgID), action, "plan_action", a.ID, actionAuditDetail(a))
}

func actionAuditDetail(a *domain.PlanAction) string {
	return fmt.Sprintf("plan=%d number=%d status=%s period=%s..%s owner=%d", a.PlanID, a.Number, a.Status, a.From, a.Until, a.OwnerID)
}

// DeleteAction removes an action and its notes. Errors: ENOTFOUND.
func (s *Store) DeleteAction(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "plan_actions", "plan_action", "plan.action_delete", "err.plan_action_not_found")
}

// ReportProgress sets the action's status (and its reason) and adds the
// note, when there is one, dated p.Day and written by the actor's user,
// in one transaction. Who may report is the caller's decision (the owner or
// the controller). Errors: EINVALID, ENOTFOUND.
func (s *Store) ReportProgress(ctx context.Context, actor Actor, orgID, actionID int64, p *domain.Progress) error {
	if err := firstOf(p.Check(domain.Today(s.Now()))); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE plan_actions SET status = $3, status_reason = $4, updated_at = $5 WHERE org_id = $1 AND id = $2`,
			orgID, actionID, p.Status, p.Reason, tx.now)
		if err != nil {
			return fmt.Errorf("store: report progress: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.plan_action_not_found")
		}
		detail := "status=" + string(p.Status)
		if p.Note != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO action_notes (action_id, noted_on, text, author_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
				actionID, p.Day.Start().UTC(), p.Note, nullID(actor.UserID), tx.now); err != nil {
				return fmt.Errorf("store: report progress: %w", err)
			}
			detail += " note=" + p.Day.String()
		}
		return tx.audit(ctx, actor.In(orgID), "plan.progress", "plan_action", actionID, detail)
	})
}

func firstOf(errs []error) error {
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}
