package web

import (
	"context"
	"net/http"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/throttle"
)

// Login limits. Wrong passwords (and second-factor codes) are counted three
// ways, so that nobody can lock an account's owner out, nor a shared
// address every account behind it:
//
//   - per account at a client address (throttle.Keyer.Pair), in memory: 5
//     failures in 15 minutes block that pair for a minute, doubling to 15
//     minutes. The owner at another address is not blocked by it.
//   - per client address, in memory: 30 failures in 15 minutes (someone
//     trying many accounts) block the address for 5 minutes, doubling to an
//     hour, except for the accounts that logged in from it lately (within
//     30 days, since the server started): the colleagues behind a town
//     hall's NAT keep logging in.
//   - per account, in the database (shared by every server, no address):
//     from 5 failures on, each login of the account waits first, 1 s
//     doubling to 8 s, unless it comes from where the account logged in
//     lately. An account under attack is slowed down, never locked.
//
// An attempt from an address with failures runs within the guessing share
// of the argon2id slots (keys.Slots.DoGuess).
var (
	pairRule   = throttle.Rule{Limit: 5, Window: 15 * time.Minute, Block: time.Minute, MaxBlock: 15 * time.Minute}
	clientRule = throttle.Rule{Limit: 30, Window: 15 * time.Minute, Block: 5 * time.Minute, MaxBlock: time.Hour}
)

const (
	accountWindow   = 15 * time.Minute
	accountSlowFrom = 5               // failures of an account before its logins wait
	accountMaxDelay = 8 * time.Second // the longest wait
	knownFor        = 30 * 24 * time.Hour
)

// loginLimits are the in-memory counters of one server's logins.
type loginLimits struct {
	pairs   *throttle.Counters
	clients *throttle.Counters
	known   *throttle.Marks // pairs that logged in lately
}

func newLoginLimits(now throttle.Clock) *loginLimits {
	return &loginLimits{pairs: throttle.NewCounters(pairRule, now), clients: throttle.NewCounters(clientRule, now),
		known: throttle.NewMarks(knownFor, now)}
}

// attempt is one login attempt's place in the limits: the account (for the
// database) and the pair and client (for memory).
type attempt struct {
	account string
	client  throttle.Client
	pair    throttle.Client
}

func (s *Server) loginAttempt(r *http.Request, orgID int64, username string) attempt {
	account := s.accountKey(orgID, username)
	client := s.client(r)
	return attempt{account: account, client: client, pair: s.keyer.Pair(client, account)}
}

// admit refuses an attempt while its pair, or its address (unless the
// account logged in from it lately), is blocked: ETHROTTLED with the wait.
func (l *loginLimits) admit(a attempt) error {
	if d := l.pairs.Blocked(a.pair); d > 0 {
		return throttledFor(d)
	}
	if d := l.clients.Blocked(a.client); d > 0 && !l.known.Has(a.pair) {
		return throttledFor(d)
	}
	return nil
}

// guessing reports whether the attempt comes from an address that failed
// lately: its check runs within the guessing share.
func (l *loginLimits) guessing(a attempt) bool {
	return l.pairs.Failures(a.pair) > 0 || l.clients.Failures(a.client) > 0
}

// slowDown waits before checking the password of an account under attack:
// 1 s from its fifth failure, doubling to 8 s; not for an attempt from
// where the account logged in lately.
func (s *Server) slowDown(ctx context.Context, a attempt) error {
	if s.logins.known.Has(a.pair) {
		return nil
	}
	n, err := s.store.LoginFailures(ctx, a.account, accountWindow)
	if err != nil || n < accountSlowFrom {
		return err
	}
	return s.sleep(ctx, min(time.Second<<min(n-accountSlowFrom, 8), accountMaxDelay))
}

// failed counts a failed attempt everywhere and returns the error to show:
// the plain "wrong name or password", or the throttling message when this
// failure blocks the pair or the address.
func (s *Server) failed(ctx context.Context, a attempt, wrong error) error {
	if _, err := s.store.LoginFailed(ctx, a.account, accountWindow); err != nil {
		return err
	}
	dPair, dClient := s.logins.pairs.Fail(a.pair), s.logins.clients.Fail(a.client)
	if s.logins.known.Has(a.pair) {
		dClient = 0
	}
	if d := max(dPair, dClient); d > 0 {
		return throttledFor(d)
	}
	return wrong
}

// succeeded forgets the account's failures and remembers that it logged in
// from this address.
func (s *Server) succeeded(ctx context.Context, a attempt) {
	s.logins.pairs.Reset(a.pair)
	s.logins.known.Mark(a.pair)
	_ = s.store.LoginSucceeded(ctx, a.account)
}

func throttledFor(d time.Duration) error {
	minutes := int((d + time.Minute - 1) / time.Minute)
	return &domain.Error{Code: domain.ETHROTTLED, Key: "err.throttled", Args: []any{minutes}, RetryAfter: d}
}

// sleepCtx waits d, or less when ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return domain.Errorf(domain.EUNAVAILABLE, "err.busy")
	}
}
