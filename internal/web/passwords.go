package web

import (
	"context"
	"runtime"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
)

// passwordSlots bounds the argon2id computations running at once (logins,
// receipt codes): each holds 64 MiB and keeps a core busy, so a burst queues
// here instead of exhausting memory; one per core is all the cores can do.
type passwordSlots chan struct{}

func newPasswordSlots() passwordSlots { return make(passwordSlots, runtime.GOMAXPROCS(0)) }

// do runs fn in a slot, or gives up with EUNAVAILABLE when the request ends
// while waiting.
func (p passwordSlots) do(ctx context.Context, fn func()) error {
	select {
	case p <- struct{}{}:
	case <-ctx.Done():
		return domain.Errorf(domain.EUNAVAILABLE, "err.busy")
	}
	defer func() { <-p }()
	fn()
	return nil
}

// verifyPassword checks a password against a stored hash within a slot. An
// empty hash (unknown user) runs the dummy verification, so that a wrong
// username costs the same time as a wrong password.
func (s *Server) verifyPassword(ctx context.Context, hash, password string) (ok bool, err error) {
	slotErr := s.slots.do(ctx, func() {
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

// hashPassword hashes a new password within a slot.
func (s *Server) hashPassword(ctx context.Context, password string) (hash string, err error) {
	slotErr := s.slots.do(ctx, func() { hash, err = auth.HashPassword(s.password, password) })
	if slotErr != nil {
		return "", slotErr
	}
	return hash, err
}
