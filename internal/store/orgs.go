package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/integer-nl/integer/internal/domain"
)

// CreateOrganisation validates and stores a new organisation and audits it.
// Errors: EINVALID for a bad slug or name, ECONFLICT when the slug is taken.
func (s *Store) CreateOrganisation(ctx context.Context, actor Actor, o *domain.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		o.CreatedAt = tx.now
		err := tx.QueryRowContext(ctx,
			`INSERT INTO organisations (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id`,
			o.Slug, o.Name, o.CreatedAt).Scan(&o.ID)
		if isUniqueViolation(err) {
			return &domain.Error{Code: domain.ECONFLICT, Key: "err.slug_taken", Args: []any{o.Slug}, Field: "slug"}
		}
		if err != nil {
			return fmt.Errorf("store: create organisation %q: %w", o.Slug, err)
		}
		if err := tx.createOrgDefaults(ctx, o.ID); err != nil {
			return err
		}
		return tx.audit(ctx, actor.In(o.ID), "organisation.create", "organisation", o.ID, o.Slug)
	})
}

// OrganisationBySlug returns the organisation with the slug, or ENOTFOUND.
func (s *Store) OrganisationBySlug(ctx context.Context, slug string) (*domain.Organisation, error) {
	return scanOrganisation(s.db.QueryRowContext(ctx,
		`SELECT id, slug, name, created_at FROM organisations WHERE slug = $1`, slug))
}

// OrganisationByID returns the organisation with the id, or ENOTFOUND.
func (s *Store) OrganisationByID(ctx context.Context, id int64) (*domain.Organisation, error) {
	return scanOrganisation(s.db.QueryRowContext(ctx,
		`SELECT id, slug, name, created_at FROM organisations WHERE id = $1`, id))
}

// Organisations lists all organisations by slug.
func (s *Store) Organisations(ctx context.Context) ([]*domain.Organisation, error) {
	return queryAll(ctx, s.db, "list organisations", scanOrganisation, `SELECT id, slug, name, created_at FROM organisations ORDER BY slug`)
}

func scanOrganisation(row interface{ Scan(...any) error }) (*domain.Organisation, error) {
	var o domain.Organisation
	err := row.Scan(&o.ID, &o.Slug, &o.Name, &o.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.organisation_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("store: organisation: %w", err)
	}
	return &o, nil
}

// NotDemoOrganisations returns the slugs of the organisations that are not
// a demo's own: all of them, unless the database carries the server secret
// marker, in which case all but the one called demoSlug. It reads only, and
// works on a database of any schema version (an empty one has none).
func (s *Store) NotDemoOrganisations(ctx context.Context, demoSlug, marker string) ([]string, error) {
	var exists bool
	if err := s.db.QueryRowContext(ctx, s.engine.tableExistsSQL(), "organisations").Scan(&exists); err != nil {
		return nil, fmt.Errorf("store: organisations table: %w", err)
	} else if !exists {
		return nil, nil
	}
	var marked bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM server_secrets WHERE name = $1)`, marker).Scan(&marked); err != nil {
		return nil, fmt.Errorf("store: demo marker: %w", err)
	}
	var out []string
	rows, err := s.db.QueryContext(ctx, `SELECT slug FROM organisations ORDER BY slug`)
	if err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, fmt.Errorf("store: organisations: %w", err)
		}
		if !marked || slug != demoSlug {
			out = append(out, slug)
		}
	}
	return out, rows.Err()
}
