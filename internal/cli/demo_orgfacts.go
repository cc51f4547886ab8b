package cli

import (
	"context"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// seedDemoOrgFacts gives the demo organisation its facts for this year and
// the two before (fictional: a municipality of about 1,200 employees with
// two internal confidential advisers, one external and one integrity
// coordinator), so that the annual report shows the section "De
// organisatie" with the reports per 1,000 employees and their trend.
func seedDemoOrgFacts(ctx context.Context, s *store.Store, _ auth.Params, org *domain.Organisation) error {
	this := domain.ThisYear(s.Now())
	n := func(v int) *int { return &v }
	for i, employees := range []int{1180, 1195, 1210} {
		facts := map[domain.OrgFact]*int{domain.FactEmployees: n(employees), domain.FactInternalAdvisers: n(2),
			domain.FactExternalAdvisers: n(1), domain.FactIntegrityCoordinators: n(1)}
		if err := s.SetOrganisationFacts(ctx, store.CLI, org.ID, this-2+i, facts); err != nil {
			return err
		}
	}
	return nil
}
