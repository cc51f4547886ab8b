package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// Vulnerable positions (kwetsbare functies), kept by the controller and
// read by HR: one row per analysed position or process with its measures
// in vulnerable_measures. Nothing is confidential; every change is
// audited, the detail naming the ref, the risk level and the measures.

const vulnColumns = `id, org_id, ref, name, COALESCE(position_id, 0), levels, last_review_on, next_review_on`

func scanVulnerable(row interface{ Scan(...any) error }) (domain.VulnerablePosition, error) {
	var v domain.VulnerablePosition
	var levels string
	var last, next sql.NullTime
	err := row.Scan(&v.ID, &v.OrgID, &v.Ref, &v.Name, &v.PositionID, &levels, &last, &next)
	if errors.Is(err, sql.ErrNoRows) {
		return v, domain.Errorf(domain.ENOTFOUND, "err.vulnpos_not_found")
	}
	if err != nil {
		return v, fmt.Errorf("store: vulnerable position: %w", err)
	}
	v.Levels = domain.DecodeLevels(levels)
	v.LastReview, v.NextReview = dayOf(last), dayOf(next)
	return v, nil
}

// dayOf reads a stored day (midnight in Amsterdam) back as that moment.
func dayOf(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	d := domain.Day(t.Time)
	return &d
}

// vulnAuditDetail names what an audit entry of the analysis records.
func vulnAuditDetail(v *domain.VulnerablePosition) string {
	ms := make([]string, len(v.Measures))
	for i, m := range v.Measures {
		ms[i] = string(m.Measure)
	}
	return fmt.Sprintf("%s risk=%s levels=%s measures=%s", v.Ref, v.Risk(), domain.EncodeLevels(v.Levels), strings.Join(ms, ","))
}

// SaveVulnerablePosition creates the analysis, or replaces it (its
// measures included) when v.ID is set. The linked position must be one of
// the organisation's. Errors: EINVALID naming the field, ECONFLICT when the
// ref is taken, ENOTFOUND.
func (s *Store) SaveVulnerablePosition(ctx context.Context, actor Actor, orgID int64, v *domain.VulnerablePosition) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error { return tx.saveVulnerable(ctx, actor, orgID, v) })
}

func (tx *Tx) saveVulnerable(ctx context.Context, actor Actor, orgID int64, v *domain.VulnerablePosition) error {
	if v.PositionID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM positions WHERE org_id = $1 AND id = $2`, orgID, v.PositionID).Scan(&n); err != nil {
			return fmt.Errorf("store: vulnerable position: %w", err)
		}
		if n == 0 {
			return domain.FieldError("position", "err.choice_invalid")
		}
	}
	var err error
	action := "vulnpos.update"
	if v.ID == 0 {
		action = "vulnpos.create"
		err = tx.QueryRowContext(ctx, `INSERT INTO vulnerable_positions (org_id, ref, name, position_id, levels, last_review_on,
			next_review_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			orgID, v.Ref, v.Name, nullID(v.PositionID), domain.EncodeLevels(v.Levels), dayArg(v.LastReview), dayArg(v.NextReview), tx.now).Scan(&v.ID)
	} else {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `UPDATE vulnerable_positions SET ref = $3, name = $4, position_id = $5, levels = $6,
			last_review_on = $7, next_review_on = $8, updated_at = $9 WHERE org_id = $1 AND id = $2`,
			orgID, v.ID, v.Ref, v.Name, nullID(v.PositionID), domain.EncodeLevels(v.Levels), dayArg(v.LastReview), dayArg(v.NextReview), tx.now)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return domain.Errorf(domain.ENOTFOUND, "err.vulnpos_not_found")
			}
		}
	}
	if isUniqueViolation(err) {
		return &domain.Error{Code: domain.ECONFLICT, Key: "err.ref_taken", Args: []any{v.Ref}, Field: "ref"}
	}
	if err != nil {
		return fmt.Errorf("store: save vulnerable position: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM vulnerable_measures WHERE position_id = $1`, v.ID); err != nil {
		return fmt.Errorf("store: save vulnerable position: %w", err)
	}
	for _, m := range v.Measures {
		if _, err := tx.ExecContext(ctx, `INSERT INTO vulnerable_measures (position_id, measure, owner, review_on) VALUES ($1, $2, $3, $4)`,
			v.ID, m.Measure, m.Owner, dayArg(m.ReviewOn)); err != nil {
			return fmt.Errorf("store: save vulnerable measure: %w", err)
		}
	}
	v.OrgID = orgID
	return tx.audit(ctx, actor.In(orgID), action, "vulnerable_position", v.ID, vulnAuditDetail(v))
}

// DeleteVulnerablePosition removes an analysis and its measures. Errors:
// ENOTFOUND.
func (s *Store) DeleteVulnerablePosition(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "vulnerable_positions", "vulnerable_position", "vulnpos.delete", "err.vulnpos_not_found")
}

// VulnerablePosition returns one of the organisation's analyses with its
// measures, or ENOTFOUND.
func (s *Store) VulnerablePosition(ctx context.Context, orgID, id int64) (*domain.VulnerablePosition, error) {
	v, err := scanVulnerable(s.db.QueryRowContext(ctx, `SELECT `+vulnColumns+` FROM vulnerable_positions WHERE org_id = $1 AND id = $2`, orgID, id))
	if err != nil {
		return nil, err
	}
	list := []domain.VulnerablePosition{v}
	if err := s.loadMeasures(ctx, orgID, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// VulnerablePositions lists the organisation's analyses by ref, each with
// its measures.
func (s *Store) VulnerablePositions(ctx context.Context, orgID int64) ([]domain.VulnerablePosition, error) {
	list, err := queryAll(ctx, s.db, "vulnerable positions", scanVulnerable,
		`SELECT `+vulnColumns+` FROM vulnerable_positions WHERE org_id = $1 ORDER BY ref, id`, orgID)
	if err != nil {
		return nil, err
	}
	return list, s.loadMeasures(ctx, orgID, list)
}

// loadMeasures fills the measures of the listed analyses.
func (s *Store) loadMeasures(ctx context.Context, orgID int64, list []domain.VulnerablePosition) error {
	index := map[int64]int{}
	for i, v := range list {
		index[v.ID] = i
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.position_id, m.measure, m.owner, m.review_on FROM vulnerable_measures m
		JOIN vulnerable_positions v ON v.id = m.position_id WHERE v.org_id = $1`, orgID)
	if err != nil {
		return fmt.Errorf("store: vulnerable measures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m domain.VulnerableMeasure
		var review sql.NullTime
		if err := rows.Scan(&id, &m.Measure, &m.Owner, &review); err != nil {
			return fmt.Errorf("store: vulnerable measures: %w", err)
		}
		m.ReviewOn = dayOf(review)
		if i, ok := index[id]; ok {
			list[i].Measures = append(list[i].Measures, m)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: vulnerable measures: %w", err)
	}
	for i := range list {
		_ = list[i].Check() // puts the measures in the order of ControlMeasures
	}
	return nil
}

// VulnerableHolders lists the people who have not left and hold the
// position of an analysis while lacking the VOG or the oath they owe, by
// the analysis's ref and the person's name.
func (s *Store) VulnerableHolders(ctx context.Context, orgID int64, list []domain.VulnerablePosition) ([]domain.VulnerableHolder, error) {
	var out []domain.VulnerableHolder
	for _, v := range list {
		if v.PositionID == 0 || v.Risk() == domain.RiskNone {
			continue
		}
		people, err := s.People(ctx, orgID, PeopleFilter{PositionID: v.PositionID, Current: true})
		if err != nil {
			return nil, err
		}
		for _, p := range people {
			if h, ok := domain.Lacks(*p, v.Ref); ok {
				out = append(out, h)
			}
		}
	}
	return out, nil
}
