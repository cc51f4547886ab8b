package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/integer-nl/integer/internal/domain"
)

// OrgSettings returns what the organisation set about itself; the zero
// settings (HR called "HR", no accessibility contact) until it sets any.
// Callers: every page of the organisation. Errors: only internal.
func (s *Store) OrgSettings(ctx context.Context, orgID int64) (domain.OrgSettings, error) {
	var o domain.OrgSettings
	var assessed string
	err := s.db.QueryRowContext(ctx, `SELECT hr_name, a11y_contact, a11y_assessed FROM org_settings WHERE org_id = $1`, orgID).
		Scan(&o.HRName, &o.A11yContact, &assessed)
	if errors.Is(err, sql.ErrNoRows) {
		return o, nil
	}
	if err != nil {
		return o, fmt.Errorf("store: organisation settings: %w", err)
	}
	o.A11yAssessed, _ = domain.ParseDate("a11y_assessed", assessed) // written by SetOrgSettings only
	return o, nil
}

// SetOrgSettings checks and stores the organisation's settings and audits
// the change. Callers: admin. Errors: EINVALID at "hr_name" or
// "a11y_contact".
func (s *Store) SetOrgSettings(ctx context.Context, actor Actor, orgID int64, o domain.OrgSettings) error {
	if errs := o.Check(); len(errs) > 0 {
		return errs[0]
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_settings (org_id, hr_name, a11y_contact, a11y_assessed) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id) DO UPDATE SET hr_name = excluded.hr_name, a11y_contact = excluded.a11y_contact, a11y_assessed = excluded.a11y_assessed`,
			orgID, o.HRName, o.A11yContact, o.A11yAssessed.String()); err != nil {
			return fmt.Errorf("store: set organisation settings: %w", err)
		}
		return tx.audit(ctx, actor.In(orgID), "organisation.settings", "organisation", orgID, "hr_name="+o.HRName)
	})
}
