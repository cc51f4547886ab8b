package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// seedDemoNorms records, as the controller, the evidence of the basic
// norms Integer cannot compute: the code of conduct adopted last year
// (partly before: a draft), information security partly in place, and
// nothing for procurement, so the scorecard shows each status.
func seedDemoNorms(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	u, err := s.UserByUsername(ctx, org.ID, "controller")
	if err != nil {
		return err
	}
	actor := store.UserActor(u, "demo")
	year := domain.ThisYear(s.Now())
	day := func(y int, m int) domain.Date { return domain.Date{Year: y, Month: time.Month(m), Day: 1} }
	for _, r := range []domain.NormRecord{
		{Norm: domain.NormCodes, Status: domain.NormPartly, On: day(year-2, 9).Start(), Document: "Concept gedragscode ambtenaren 0.9 (MT-besluit)"},
		{Norm: domain.NormCodes, Status: domain.NormMet, On: day(year-1, 3).Start(), Document: "Gedragscode ambtenaren 2.0, collegebesluit"},
		{Norm: domain.NormInfoSecurity, Status: domain.NormPartly, On: day(year-1, 6).Start(), Document: "ENSIA-verantwoording, informatiebeveiligingsbeleid 2.1", Note: "Bewustwordingscampagne nog niet gehouden."},
	} {
		if err := s.AddNormRecord(ctx, actor, org.ID, &r); err != nil {
			return fmt.Errorf("demo norm record %s: %w", r.Norm, err)
		}
	}
	return nil
}
