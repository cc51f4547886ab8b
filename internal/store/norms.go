package store

import (
	"context"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// The controller's evidence for the basic norms Integer cannot compute
// (norm_records), and the appointed confidential advisers the scorecard
// reads. A record is never changed, only added or deleted, so that an
// earlier year's scorecard keeps what it showed; each is audited with the
// norm, status, day and document reference.

const normColumns = `id, org_id, norm, status, on_day, document, note`

func scanNormRecord(row interface{ Scan(...any) error }) (*domain.NormRecord, error) {
	var r domain.NormRecord
	if err := row.Scan(&r.ID, &r.OrgID, &r.Norm, &r.Status, &r.On, &r.Document, &r.Note); err != nil {
		return nil, fmt.Errorf("store: norm record: %w", err)
	}
	r.On = domain.Day(r.On)
	return &r, nil
}

// AddNormRecord stores the controller's evidence for a recorded norm.
// Errors: EINVALID naming the field.
func (s *Store) AddNormRecord(ctx context.Context, actor Actor, orgID int64, r *domain.NormRecord) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO norm_records (org_id, norm, status, on_day, document, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			orgID, r.Norm, r.Status, dayArg(&r.On), r.Document, r.Note, tx.now).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("store: add norm record: %w", err)
		}
		r.OrgID = orgID
		detail := fmt.Sprintf("%s status=%s on=%s document=%q", r.Norm, r.Status, domain.DateOf(r.On), r.Document)
		return tx.audit(ctx, actor.In(orgID), "norms.record", "norm_record", r.ID, detail)
	})
}

// DeleteNormRecord removes a record made in error. Errors: ENOTFOUND.
func (s *Store) DeleteNormRecord(ctx context.Context, actor Actor, orgID, id int64) error {
	return s.deleteRecord(ctx, actor, orgID, id, "norm_records", "norm_record", "norms.record_delete", "err.norm_record_not_found")
}

// NormRecords lists the organisation's records, newest day first.
func (s *Store) NormRecords(ctx context.Context, orgID int64) ([]*domain.NormRecord, error) {
	return queryAll(ctx, s.db, "norm records", scanNormRecord,
		`SELECT `+normColumns+` FROM norm_records WHERE org_id = $1 ORDER BY on_day DESC, id DESC`, orgID)
}

// NormRecordsAt returns per recorded norm the latest record whose day lies
// before until (the later of two on one day: the one made last).
func (s *Store) NormRecordsAt(ctx context.Context, orgID int64, until time.Time) (map[domain.Norm]*domain.NormRecord, error) {
	list, err := queryAll(ctx, s.db, "norm records", scanNormRecord,
		`SELECT `+normColumns+` FROM norm_records WHERE org_id = $1 AND on_day < $2 ORDER BY on_day, id`, orgID, until.UTC())
	if err != nil {
		return nil, err
	}
	out := map[domain.Norm]*domain.NormRecord{}
	for _, r := range list {
		out[r.Norm] = r
	}
	return out, nil
}

// AdviserAppointments counts the enabled accounts holding the adviser role
// made before until, by the kind they said they are ("internal",
// "external", "" when not said).
func (s *Store) AdviserAppointments(ctx context.Context, orgID int64, until time.Time) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT COALESCE(p.kind, '') FROM users u
		JOIN user_roles r ON r.user_id = u.id AND r.role = $2
		LEFT JOIN adviser_profiles p ON p.user_id = u.id
		WHERE u.org_id = $1 AND NOT u.disabled AND u.created_at < $3`, orgID, domain.RoleAdviser, until.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: adviser appointments: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var kind string
		if err := rows.Scan(&kind); err != nil {
			return nil, fmt.Errorf("store: adviser appointments: %w", err)
		}
		out[kind]++
	}
	return out, rows.Err()
}
