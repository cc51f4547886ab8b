// Package meldpunt holds the use cases of the reporting point (the
// "meldpunt"): submitting a report, opening a reporter's mailbox with the
// receipt code, and what a reporter does there. Each use case is one method
// of Service, and every caller goes through it: the public form and the
// JSON API of package web, a coordinator's entry of a report received by
// phone, letter or in person, the demo's seeding and the load tool. The
// callers parse and render; the sequence of throttling, receipt derivation,
// sealing, storing and notifying is here and nowhere else.
//
// A receipt code is derived (seal.ReceiptKeys) in this package only, in
// receipt.go, within the process's argon2id slots (package keys).
package meldpunt

import (
	"context"
	"log/slog"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/keys"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/throttle"
)

// Notices tells the handlers of a report's channel that there is news. The
// methods return at once; sending happens in the background. Package notify
// implements it.
type Notices interface {
	NewReport(ctx context.Context, org *domain.Organisation, r *domain.Report)
	ReporterMessage(ctx context.Context, org *domain.Organisation, r *domain.Report)
	// SubmissionLimit tells the coordinators that the organisation's
	// reporting point refuses reports this hour: it received its hourly
	// limit. Called once per hour at most.
	SubmissionLimit(ctx context.Context, org *domain.Organisation, limit int)
}

// Options configure a Service.
type Options struct {
	// Params are the argon2id parameters of receipt codes (auth.DefaultParams
	// when zero; cheaper ones in tests and for the load tool's seeding).
	Params auth.Params
	// Slots bound the argon2id computations: the process's one Slots.
	Slots *keys.Slots
	// Notices tells handlers of new reports and messages; nil sends none
	// (the demo's seeding and the load tool).
	Notices Notices
	// FormKey signs the one-time id of the public report form (the
	// installation secret "form-signing"); needed only by callers that pass
	// Submission.FormID.
	FormKey []byte
	// Log receives what goes wrong after a report was stored.
	Log *slog.Logger
	// Limits bound what one client may ask; zero fields take the defaults.
	Limits Limits
}

// Limits bound what one client may ask of the reporting point, in memory
// per process (see receipt.go). A zero field takes its default.
type Limits struct {
	// GuessesPerMinute is how many receipt codes a client may get wrong a
	// minute (5).
	GuessesPerMinute int
	// SubmissionsPerHour is how many reports one client may file an hour
	// (10).
	SubmissionsPerHour int
	// OrgSubmissionsPerHour is how many reports one organisation accepts
	// from the web an hour, all clients together (60).
	OrgSubmissionsPerHour int
}

// Service runs the reporting point's use cases on a store.
type Service struct {
	store   *store.Store
	params  auth.Params
	slots   *keys.Slots
	notices Notices
	formKey []byte
	log     *slog.Logger

	guesses  *throttle.Buckets // wrong receipt codes per client
	openings *throttle.Buckets // every receipt code per client, right or wrong
	filings  *throttle.Buckets // reports filed per client
	orgHour  *orgHours         // reports filed per organisation this hour
}

// New returns the reporting point's use cases over the store.
func New(st *store.Store, o Options) *Service {
	s := &Service{store: st, params: o.Params, slots: o.Slots, notices: o.Notices, formKey: o.FormKey, log: o.Log}
	if s.params == (auth.Params{}) {
		s.params = auth.DefaultParams
	}
	if s.slots == nil {
		s.slots = keys.NewSlots()
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	now := func() time.Time { return st.Now() }
	guesses := o.Limits.GuessesPerMinute
	if guesses <= 0 {
		guesses = defaultGuessesPerMinute
	}
	s.guesses = throttle.NewBuckets(guesses, time.Minute/time.Duration(guesses), now)
	s.openings = throttle.NewBuckets(openingsPerMinute, time.Minute/openingsPerMinute, now)
	perClient := o.Limits.SubmissionsPerHour
	if perClient <= 0 {
		perClient = defaultSubmissionsPerHour
	}
	s.filings = throttle.NewBuckets(perClient, time.Hour/time.Duration(perClient), now)
	perOrg := o.Limits.OrgSubmissionsPerHour
	if perOrg <= 0 {
		perOrg = defaultOrgSubmissionsPerHour
	}
	s.orgHour = &orgHours{limit: perOrg, now: now, m: map[int64]*orgHour{}}
	return s
}

func (s *Service) notifyNewReport(ctx context.Context, org *domain.Organisation, r *domain.Report) {
	if s.notices != nil {
		s.notices.NewReport(ctx, org, r)
	}
}

func (s *Service) notifyReporterMessage(ctx context.Context, org *domain.Organisation, r *domain.Report) {
	if s.notices != nil {
		s.notices.ReporterMessage(ctx, org, r)
	}
}
