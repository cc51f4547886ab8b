package meldpunt

import (
	"context"
	"errors"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/throttle"
)

// Receipt codes are bounded per client, in memory (package throttle):
// guessing a 16-digit code behind an argon2id derivation is hopeless, so
// what the limits bound is the CPU that guessing takes, never the true
// holder of a code. A client may get GuessesPerMinute codes wrong a minute
// (a token bucket that only a wrong code empties: a right one gives its
// token back) and open at most openingsPerMinute times a minute, right or
// wrong; a client that got a code wrong lately derives within the guessing
// share of the argon2id slots (keys.Slots.DoGuess). Nothing is counted per
// organisation, so no one can keep the other reporters out.
const (
	defaultGuessesPerMinute = 5
	openingsPerMinute       = 30
)

// Key is a receipt code that passed unlock: what it opens in one
// organisation. Whether it belongs to a report only the store knows.
type Key struct {
	Org     *domain.Organisation
	Code    string // the code as 16 digits, for the hidden field of the mailbox's forms
	receipt store.Receipt
	guess   *guess
}

// guess is one attempt of a client at a code, holding the token it took
// until the attempt is settled: right (the token goes back) or wrong (it
// stays taken).
type guess struct {
	s       *Service
	from    throttle.Client
	settled bool
}

// admit lets a client try a code, or refuses it (ETHROTTLED with the time
// to wait) when it got too many wrong lately or opens too often. It says
// whether the client is suspect: it got a code wrong lately, so its
// derivation runs within the guessing share.
func (s *Service) admit(from throttle.Client) (*guess, bool, error) {
	g := &guess{s: s, from: from}
	if from.IsZero() {
		return g, false, nil
	}
	suspect := !s.guesses.Full(from)
	if ok, wait := s.openings.Take(from); !ok {
		return nil, false, tooManyCodes(wait)
	}
	if ok, wait := s.guesses.Take(from); !ok {
		return nil, false, tooManyCodes(wait)
	}
	return g, suspect, nil
}

// right settles the attempt as a known code: its token goes back.
func (g *guess) right() {
	if g != nil && !g.settled {
		g.settled = true
		if !g.from.IsZero() {
			g.s.guesses.Give(g.from)
		}
	}
}

// wrong settles the attempt as a wrong code: the token stays taken.
func (g *guess) wrong() {
	if g != nil {
		g.settled = true
	}
}

func tooManyCodes(wait time.Duration) error {
	return throttled("err.receipt_throttled", wait, time.Second)
}

// derive derives the lookup value and mailbox key of a receipt code: the
// organisation's salt, then one argon2id computation in a slot. It is the
// only caller of seal.ReceiptKeys.
// A suspect client's derivation runs within the guessing share.
func (s *Service) derive(ctx context.Context, orgID int64, code string, suspect bool) (store.Receipt, error) {
	keys, err := s.store.OrgKeys(ctx, orgID)
	if err != nil {
		return store.Receipt{}, err
	}
	do := s.slots.Do
	if suspect {
		do = s.slots.DoGuess
	}
	var rc store.Receipt
	err = do(ctx, func() { rc.Lookup, rc.Mailbox = seal.ReceiptKeys(s.params, code, keys.ReceiptSalt) })
	return rc, err
}

// unlock turns a code the client from typed into what it unlocks, within
// the client's limits: ETHROTTLED when it is over them, EUNAUTHORIZED for a
// malformed code (counted as wrong, like an unknown one). The caller checks
// first that something was typed at all: nothing typed is not a guess and
// is not counted. Whether the code is known only the store finds out: the
// use case that asks settles the attempt (settle).
func (s *Service) unlock(ctx context.Context, org *domain.Organisation, from throttle.Client, typed string) (Key, error) {
	g, suspect, err := s.admit(from)
	if err != nil {
		return Key{}, refused(err)
	}
	code, ok := seal.NormalizeReceipt(typed)
	derived := code
	if !ok {
		// The same work as for a well-formed code, so that the answer's
		// timing says nothing either.
		derived = "0000000000000000"
	}
	rc, err := s.derive(ctx, org.ID, derived, suspect)
	if err != nil {
		g.right() // not a guess that was tried
		return Key{}, err
	}
	if !ok {
		g.wrong()
		return Key{}, refused(domain.Errorf(domain.EUNAUTHORIZED, "err.receipt_wrong"))
	}
	return Key{Org: org, Code: code, receipt: rc, guess: g}, nil
}

// settle settles the attempt with what the store answered for the code:
// EUNAUTHORIZED is a code it did not know, counted and refused; anything
// else means the code was right, and passes unchanged.
func (s *Service) settle(k Key, err error) error {
	if domain.ErrorCode(err) == domain.EUNAUTHORIZED {
		k.guess.wrong()
		return refused(domain.Errorf(domain.EUNAUTHORIZED, "err.receipt_wrong"))
	}
	k.guess.right()
	return err
}

// refusedError marks an error that refuses the receipt code: blocked,
// malformed, unknown or wrong. The domain error inside is what to show.
type refusedError struct{ err error }

func (e refusedError) Error() string { return e.err.Error() }
func (e refusedError) Unwrap() error { return e.err }

func refused(err error) error { return refusedError{err} }

// Refused reports whether err refuses the receipt code itself (the caller
// asks for the code again), rather than what was done with it.
func Refused(err error) bool {
	_, ok := errors.AsType[refusedError](err)
	return ok
}
