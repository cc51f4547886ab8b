package meldpunt

import (
	"context"
	"sync"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/throttle"
)

// Reports filed from the web are bounded twice, in memory per process:
// per client (a token bucket of SubmissionsPerHour, keyed by the client's
// throttle.Client, never by its address) and per organisation per clock
// hour (OrgSubmissionsPerHour, all clients together). Each report starts a
// seven-day deadline and a notice to the handlers, so one client filing
// hundreds would bury the real ones; past the organisation's limit the
// coordinators get one notice for the hour, not one per refused report.
// Reports entered by staff, the demo and the load tool carry no client and
// are not bounded.
const (
	defaultSubmissionsPerHour    = 10
	defaultOrgSubmissionsPerHour = 60
)

// orgHours counts the reports each organisation accepted in the current
// clock hour.
type orgHours struct {
	limit int
	now   throttle.Clock

	mu sync.Mutex
	m  map[int64]*orgHour
}

type orgHour struct {
	hour time.Time // the start of the hour counted
	n    int
	told bool // the coordinators heard of this hour's limit
}

// take counts one report for the organisation. When the hour's limit is
// reached it counts nothing and returns false, the time until the next
// hour, and whether this refusal is the hour's first (the one to tell).
func (o *orgHours) take(orgID int64) (ok bool, wait time.Duration, tell bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.now()
	hour := now.Truncate(time.Hour)
	h := o.m[orgID]
	if h == nil || !h.hour.Equal(hour) {
		h = &orgHour{hour: hour}
		o.m[orgID] = h
	}
	if h.n >= o.limit {
		tell = !h.told
		h.told = true
		return false, hour.Add(time.Hour).Sub(now), tell
	}
	h.n++
	return true, 0, false
}

// give takes back a report counted by take that was not filed.
func (o *orgHours) give(orgID int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if h := o.m[orgID]; h != nil && h.n > 0 && h.hour.Equal(o.now().Truncate(time.Hour)) {
		h.n--
	}
}

// filing is a report admitted under the limits, until it is filed
// (keep) or turns out not to count (undo).
type filing struct {
	s     *Service
	org   int64
	from  throttle.Client
	limit bool
}

// admitFiling applies the limits to a report the reporter files from
// client from; a report without a client is not limited. Errors:
// ETHROTTLED with the time to wait.
func (s *Service) admitFiling(ctx context.Context, org *domain.Organisation, from throttle.Client) (*filing, error) {
	f := &filing{s: s, org: org.ID, from: from}
	if from.IsZero() {
		return f, nil
	}
	if ok, wait := s.filings.Take(from); !ok {
		return nil, throttled("err.submissions_throttled", wait, time.Minute)
	}
	ok, wait, tell := s.orgHour.take(org.ID)
	if !ok {
		s.filings.Give(from)
		if tell {
			s.log.Warn("reporting point: the organisation's hourly limit of reports is reached", "org", org.Slug, "limit", s.orgHour.limit)
			if s.notices != nil {
				s.notices.SubmissionLimit(ctx, org, s.orgHour.limit)
			}
		}
		return nil, throttled("err.org_submissions_throttled", wait, time.Minute)
	}
	f.limit = true
	return f, nil
}

// undo gives back what admitFiling counted: the report was not filed (a
// repeated form, a store error).
func (f *filing) undo() {
	if f != nil && f.limit {
		f.limit = false
		f.s.filings.Give(f.from)
		f.s.orgHour.give(f.org)
	}
}

// throttled is ETHROTTLED with the wait in whole units (minutes), at least
// one, in the message and as Retry-After.
func throttled(key string, wait, unit time.Duration) *domain.Error {
	n := max(1, int((wait+unit-1)/unit))
	return &domain.Error{Code: domain.ETHROTTLED, Key: key, Args: []any{n}, RetryAfter: time.Duration(n) * unit}
}
