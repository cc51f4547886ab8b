package report

import (
	"context"

	"github.com/integer-nl/integer/internal/store"
)

// reads are the three long reads of the records Build needs, none
// depending on another: the year's report facts, the year before's
// deadlines (store.DeadlineFacts, for the basic norms' scorecard) and the
// trends' counts of the years before
// (store.AllegationCountsByYear). Build starts them together so that they
// run side by side, each on a connection of its own in a read-only
// transaction, while it reads the rest; with 15 years of 10,000 reports
// each takes about as long as the others, so the report takes about the
// longest of them instead of their sum on a machine with two cores or more
// (docs/performance.md, the annual report at volume).
type reads struct {
	facts  *future[[]*store.ReportFact]
	before *future[[]store.DeadlineFact]
	trend  *future[trendCounts]
}

// trendCounts are the reports per year (store.ReportCountsByYear) and the
// allegations of each year before the report's by outcome, category and
// own category (allegationYears).
type trendCounts struct {
	perYear                      map[int]int
	byOutcome, byCategory, byOwn map[int]map[string]int
}

// startReads starts the reads of the report of year.
func startReads(ctx context.Context, st *store.Store, orgID int64, year int) *reads {
	return &reads{
		facts:  start(func() ([]*store.ReportFact, error) { return st.ReportFacts(ctx, orgID, year) }),
		before: start(func() ([]store.DeadlineFact, error) { return st.DeadlineFacts(ctx, orgID, year-1) }),
		trend: start(func() (trendCounts, error) {
			perYear, err := st.ReportCountsByYear(ctx, orgID)
			if err != nil {
				return trendCounts{}, err
			}
			before := map[int]int{}
			for y, n := range perYear {
				if n > 0 && y < year {
					before[y] = n
				}
			}
			t := trendCounts{perYear: perYear}
			t.byOutcome, t.byCategory, t.byOwn, err = allegationYears(ctx, st, orgID, before)
			return t, err
		}),
	}
}

// wait waits for every read, so none outlives Build (which may return
// early, on an error, without reading all results).
func (r *reads) wait() {
	r.facts.wait()
	r.before.wait()
	r.trend.wait()
}

// future is the result of a function started in a goroutine of its own.
type future[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// start runs f in a goroutine; get gives its result.
func start[T any](f func() (T, error)) *future[T] {
	fu := &future[T]{done: make(chan struct{})}
	go func() {
		defer close(fu.done)
		fu.val, fu.err = f()
	}()
	return fu
}

// get waits for the result.
func (fu *future[T]) get() (T, error) {
	<-fu.done
	return fu.val, fu.err
}

func (fu *future[T]) wait() { <-fu.done }
