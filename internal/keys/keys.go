// Package keys holds the two things every part of a server needs before it
// can open anything sealed: the argon2id worker slots, through which every
// argon2id computation of the process runs (password checks and hashes at
// login, a handler's private key, a reporter's receipt code), and a user's
// private key, unlocked with their password.
//
// They live in a package of their own because their callers are on both
// sides of the application layer: the web interface's login and password
// change, the reporting point's use cases (package meldpunt) for receipt
// codes, and the load tool, which logs its coordinator in without a web
// server. Package auth cannot hold them: it has the argon2id primitives but
// knows neither the store nor the domain's errors. Package meldpunt cannot:
// logging in is not a use case of the reporting point, and the confidential
// advisers' keys are unlocked the same way.
package keys

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Slots bound the argon2id computations running at once (logins, receipt
// codes): each holds 64 MiB and keeps a core busy, so a burst queues here
// instead of exhausting memory; one per core is all the cores can do. A
// process makes one Slots and shares it.
//
// Computations for a client that has failed lately (a wrong receipt code,
// a wrong password: someone who may be guessing) run with DoGuess, which
// first takes one of a smaller number of guess slots: all guessing together
// never holds more than that share of the slots, so that submissions, true
// mailbox openings and logins from elsewhere keep their turn.
//
// The slots also keep the computations' memory in bounds: the heap is
// collected before a computation when a finished one left its 64 MiB, and
// returned to the system once the slots have been idle for a second
// (memory.go).
type Slots struct {
	all   chan struct{}
	guess chan struct{}
	// GuessWait is how long DoGuess waits for a guess slot before it gives
	// up with EUNAVAILABLE (and a Retry-After).
	GuessWait time.Duration
	waiting   atomic.Int64 // computations waiting for a slot (for /metrics)
	mem       *memory
}

// Load returns how many computations run in a slot now and how many wait
// for one (a guess slot or a slot).
func (p *Slots) Load() (running, waiting int) { return len(p.all), int(p.waiting.Load()) }

// DefaultGuessShare is the percentage of the slots that guessing may hold.
const DefaultGuessShare = 50

// NewSlots returns slots for as many computations as the process has cores,
// half of them (at least one) for guessing.
func NewSlots() *Slots { return NewSlotsShare(runtime.GOMAXPROCS(0), DefaultGuessShare) }

// NewSlotsShare returns n slots (at least one), of which share percent (at
// least one) may be held by guessing.
func NewSlotsShare(n, share int) *Slots {
	n = max(n, 1)
	g := min(max(n*share/100, 1), n)
	return &Slots{all: make(chan struct{}, n), guess: make(chan struct{}, g), GuessWait: 5 * time.Second, mem: newMemory()}
}

// Guessing returns how many slots guessing may hold, of how many.
func (p *Slots) Guessing() (guess, all int) { return cap(p.guess), cap(p.all) }

// Do runs fn in a slot, or gives up with EUNAVAILABLE when ctx ends while
// waiting.
func (p *Slots) Do(ctx context.Context, fn func()) error {
	p.mem.enter()
	defer p.mem.leave()
	p.waiting.Add(1)
	select {
	case p.all <- struct{}{}:
		p.waiting.Add(-1)
	case <-ctx.Done():
		p.waiting.Add(-1)
		return domain.Errorf(domain.EUNAVAILABLE, "err.busy")
	}
	defer func() { <-p.all }()
	p.mem.run(fn)
	return nil
}

// DoGuess runs fn in a slot within the guessing share: it waits at most
// GuessWait for a guess slot, then for a slot like Do. When no guess slot
// frees in time it gives up with EUNAVAILABLE and a Retry-After.
func (p *Slots) DoGuess(ctx context.Context, fn func()) error {
	p.mem.enter()
	defer p.mem.leave()
	t := time.NewTimer(p.GuessWait)
	defer t.Stop()
	p.waiting.Add(1)
	select {
	case p.guess <- struct{}{}:
		p.waiting.Add(-1)
	case <-t.C:
		p.waiting.Add(-1)
		return &domain.Error{Code: domain.EUNAVAILABLE, Key: "err.busy", RetryAfter: 10 * time.Second}
	case <-ctx.Done():
		p.waiting.Add(-1)
		return domain.Errorf(domain.EUNAVAILABLE, "err.busy")
	}
	defer func() { <-p.guess }()
	return p.Do(ctx, fn)
}

// Keys checks and hashes passwords and unlocks users' private keys, every
// computation in a slot.
type Keys struct {
	store  *store.Store
	params auth.Params
	slots  *Slots
}

// New returns Keys over the store with the argon2id parameters for new
// hashes and keys (auth.DefaultParams when zero) and the process's slots.
func New(st *store.Store, params auth.Params, slots *Slots) *Keys {
	if params == (auth.Params{}) {
		params = auth.DefaultParams
	}
	return &Keys{store: st, params: params, slots: slots}
}

// Params are the argon2id parameters new hashes and keys get.
func (k *Keys) Params() auth.Params { return k.params }

// Slots are the slots every argon2id computation of the process runs in.
func (k *Keys) Slots() *Slots { return k.slots }

// VerifyPassword checks a password against a stored hash within a slot. An
// empty hash (unknown user) runs the dummy verification, so that a wrong
// username costs the same time as a wrong password.
func (k *Keys) VerifyPassword(ctx context.Context, hash, password string) (ok bool, err error) {
	return k.VerifyGuess(ctx, hash, password, false)
}

// VerifyGuess is VerifyPassword for an attempt that may be a guess
// (guessing: the client failed lately), which runs within the guessing
// share of the slots (Slots.DoGuess).
func (k *Keys) VerifyGuess(ctx context.Context, hash, password string, guessing bool) (ok bool, err error) {
	do := k.slots.Do
	if guessing {
		do = k.slots.DoGuess
	}
	slotErr := do(ctx, func() {
		if hash == "" {
			auth.DummyVerify(password)
			return
		}
		ok, err = auth.VerifyPassword(hash, password)
	})
	if slotErr != nil {
		return false, slotErr
	}
	return ok, err
}

// HashPassword hashes a new password within a slot.
func (k *Keys) HashPassword(ctx context.Context, password string) (hash string, err error) {
	slotErr := k.slots.Do(ctx, func() { hash, err = auth.HashPassword(k.params, password) })
	if slotErr != nil {
		return "", slotErr
	}
	return hash, err
}

// Unlock opens the user's private key with their password, creating a key
// pair at the first login. When the password no longer opens it (an admin
// reset the password), a new pair replaces it: reports wrapped to the old
// one need the custodian's recovery. It returns the private key (an age
// identity).
func (k *Keys) Unlock(ctx context.Context, actor store.Actor, u *domain.User, password string) (string, error) {
	uk, err := k.store.UserKey(ctx, u.ID)
	if err != nil && !domain.IsNotFound(err) {
		return "", err
	}
	var identity string
	slotErr := k.slots.Do(ctx, func() {
		if uk != nil {
			if identity, err = uk.Open(k.params, password); err == nil {
				return
			}
		}
		uk, identity, err = store.NewUserKey(k.params, u.ID, password)
		if err == nil {
			err = k.store.SetUserKey(ctx, actor, uk)
		}
	})
	if slotErr != nil {
		return "", slotErr
	}
	return identity, err
}

// Rewrap seals the user's private key under their new password; the old
// one must open it.
func (k *Keys) Rewrap(ctx context.Context, u *domain.User, oldPassword, newPassword string) error {
	identity, err := k.Unlock(ctx, store.UserActor(u, ""), u, oldPassword)
	if err != nil {
		return err
	}
	uk, err := k.store.UserKey(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := k.slots.Do(ctx, func() { uk.Rewrap(k.params, identity, newPassword) }); err != nil {
		return err
	}
	if err := k.store.RewrapUserKey(ctx, u.ID, uk.WrappedPrivate, uk.Salt); err != nil {
		return fmt.Errorf("keys: rewrap key: %w", err)
	}
	return nil
}
