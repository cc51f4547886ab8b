package cli

import (
	"context"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// seedDemoRecords fills the records the annual report counts besides
// reports, in the amounts of a year of a municipality of about 90,000
// inhabitants (Helmond 2021). Each module seeds in its own file.
func seedDemoRecords(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	for _, seed := range []func(context.Context, *store.Store, auth.Params, *domain.Organisation) error{
		seedDemoAdvice, seedDemoAggression, seedDemoAdvisers, seedDemoActivities, seedDemoCouncil,
		seedDemoPeople, seedDemoOutside, seedDemoGifts, seedDemoSurveys, seedDemoVulnerable, seedDemoPlans, seedDemoOrgFacts, seedDemoNorms, seedDemoDilemmas, // people first: the registers name them
	} {
		if err := seed(ctx, s, params, org); err != nil {
			return err
		}
	}
	return nil
}
