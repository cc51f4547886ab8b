package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
)

// The organisation's facts per year (domain.OrgFacts): the number of
// employees, confidential advisers and integrity coordinators, entered by
// the controller on the annual report's page or imported as
// organisation_facts.csv. A measure without a row for a year is unknown
// for it; the report then says so and computes no rate.

// OrgFactsByYear are an organisation's facts: year → measure → count, only
// the known ones.
type OrgFactsByYear map[int]map[domain.OrgFact]int

// OrganisationFact is one fact of a year, a row of organisation_facts.csv.
type OrganisationFact struct {
	Year    int
	Measure domain.OrgFact
	Count   int
}

// OrganisationFacts returns every fact the organisation recorded, by year.
// Errors: only internal.
func (s *Store) OrganisationFacts(ctx context.Context, orgID int64) (OrgFactsByYear, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT year, measure, count FROM organisation_facts WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: organisation facts: %w", err)
	}
	defer rows.Close()
	out := OrgFactsByYear{}
	for rows.Next() {
		var year, count int64
		var measure string
		if err := rows.Scan(&year, &measure, &count); err != nil {
			return nil, fmt.Errorf("store: organisation facts: %w", err)
		}
		if out[int(year)] == nil {
			out[int(year)] = map[domain.OrgFact]int{}
		}
		out[int(year)][domain.OrgFact(measure)] = int(count)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: organisation facts: %w", err)
	}
	return out, nil
}

// SetOrganisationFacts replaces the facts of one year with facts (measure
// → count; a measure absent or nil becomes unknown), in one transaction
// with one audit entry naming what the year now holds. Every fact is
// checked before anything is written. Errors: EINVALID naming "year", or
// the measure's code as the field (a count out of range, an unknown
// measure).
func (s *Store) SetOrganisationFacts(ctx context.Context, actor Actor, orgID int64, year int, facts map[domain.OrgFact]*int) error {
	if !domain.YearValid(year) {
		return domain.FieldError("year", "err.annual_report_year")
	}
	for m, n := range facts {
		if n == nil {
			continue
		}
		if errs := domain.CheckOrgFact(year, m, *n); len(errs) > 0 {
			de := domain.AsError(errs[0])
			return domain.FieldError(string(m), de.Key, de.Args...)
		}
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM organisation_facts WHERE org_id = $1 AND year = $2`, orgID, year); err != nil {
			return fmt.Errorf("store: organisation facts: %w", err)
		}
		var parts []string
		for _, m := range domain.OrgFacts {
			n := facts[m]
			if n == nil {
				parts = append(parts, string(m)+" -")
				continue
			}
			if err := tx.setOrganisationFact(ctx, orgID, OrganisationFact{Year: year, Measure: m, Count: *n}); err != nil {
				return err
			}
			parts = append(parts, fmt.Sprintf("%s %d", m, *n))
		}
		return tx.audit(ctx, actor.In(orgID), "organisation_facts.set", "organisation", orgID, fmt.Sprintf("%d: %s", year, strings.Join(parts, ", ")))
	})
}

func (tx *Tx) setOrganisationFact(ctx context.Context, orgID int64, f OrganisationFact) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO organisation_facts (org_id, year, measure, count) VALUES ($1, $2, $3, $4)
		ON CONFLICT (org_id, year, measure) DO UPDATE SET count = $4`, orgID, f.Year, string(f.Measure), f.Count); err != nil {
		return fmt.Errorf("store: organisation fact: %w", err)
	}
	return nil
}

// organisationFacts is the import's step for organisation_facts.csv: each
// row sets its year's measure (a row of a year and measure known before
// updates it; the file's other years and measures are left alone).
func (im *importer) organisationFacts(ctx context.Context) error {
	for i, f := range im.set.OrganisationFacts {
		if errs := domain.CheckOrgFact(f.Year, f.Measure, f.Count); len(errs) > 0 {
			return &RowError{List: ListOrganisationFacts, Index: i, Err: errs[0]}
		}
		var n int
		if err := im.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisation_facts WHERE org_id = $1 AND year = $2 AND measure = $3`,
			im.orgID, f.Year, string(f.Measure)).Scan(&n); err != nil {
			return fmt.Errorf("store: organisation fact: %w", err)
		}
		if err := im.tx.setOrganisationFact(ctx, im.orgID, f); err != nil {
			return err
		}
		im.count(ListOrganisationFacts, 1-min(n, 1), min(n, 1), 0)
		if err := im.audit(ctx, "import.organisation_fact", "organisation", im.orgID, fmt.Sprintf("%d %s %d", f.Year, f.Measure, f.Count)); err != nil {
			return err
		}
	}
	return nil
}
