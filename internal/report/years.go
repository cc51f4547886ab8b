package report

import (
	"context"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// LatestYear is the year the report opens on when none is asked for: the
// latest year up to now's with records in any register that counts by year
// (reports, advice requests, aggression, gifts, outside activities,
// activities, the council's registers), or last year when there are none.
// Imported counts of earlier years do not count. Errors: only internal.
func LatestYear(ctx context.Context, st *store.Store, orgID int64, now time.Time) (int, error) {
	this := domain.ThisYear(now)
	latest := 0
	see := func(y int) {
		if y <= this && y > latest {
			latest = y
		}
	}
	reports, err := st.ReportCountsByYear(ctx, orgID)
	if err != nil {
		return 0, err
	}
	for y := range reports {
		see(y)
	}
	advice, err := st.AdviceCountsByYear(ctx, orgID)
	if err != nil {
		return 0, err
	}
	for _, c := range advice {
		see(c.Year)
	}
	aggression, err := st.AggressionCountsByYear(ctx, orgID)
	if err != nil {
		return 0, err
	}
	for _, c := range aggression {
		see(c.Year)
	}
	gifts, err := st.GiftCountsByYear(ctx, orgID)
	if err != nil {
		return 0, err
	}
	for _, c := range gifts {
		see(c.Year)
	}
	outside, err := st.OutsideCountsByYear(ctx, orgID)
	if err != nil {
		return 0, err
	}
	for _, c := range outside {
		see(c.Year)
	}
	for _, years := range []func(context.Context, int64) ([]int, error){st.ActivityYears, st.CouncilYears} {
		ys, err := years(ctx, orgID)
		if err != nil {
			return 0, err
		}
		for _, y := range ys {
			see(y)
		}
	}
	if latest == 0 {
		return this - 1, nil
	}
	return latest, nil
}
