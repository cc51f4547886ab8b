package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// A handler's private key lives in three forms (see package seal): sealed
// under their password in user_keys, sealed under the session cookie's
// secret in sessions, and in plain form only in memory while a request of
// theirs runs.

// needsKey reports whether the user reads sealed records and so has a key
// pair: coordinators (reports, advice requests) and confidential advisers
// (their own notes).
func needsKey(u *domain.User) bool { return u.HasRole(domain.RoleCoordinator, domain.RoleAdviser) }

// sessionKey is the key under which a session keeps the handler's private
// key: derived from the cookie's token, of which the database holds only a
// hash, so a database copy cannot open it.
func sessionKey(token string) seal.Key { return seal.Derive([]byte(token), "session key") }

// unlockKey opens the user's private key with their password, creating a key
// pair at the first login. When the password no longer opens it (an admin
// reset the password), a new pair replaces it: reports wrapped to the old
// one need the custodian's recovery.
func (s *Server) unlockKey(ctx context.Context, actor store.Actor, u *domain.User, password string) (string, error) {
	k, err := s.store.UserKey(ctx, u.ID)
	if err != nil && !domain.IsNotFound(err) {
		return "", err
	}
	var identity string
	slotErr := s.slots.do(ctx, func() {
		if k != nil {
			if identity, err = k.Open(s.password, password); err == nil {
				return
			}
		}
		k, identity, err = store.NewUserKey(s.password, u.ID, password)
		if err == nil {
			err = s.store.SetUserKey(ctx, actor, k)
		}
	})
	if slotErr != nil {
		return "", slotErr
	}
	return identity, err
}

// putSessionKey seals the identity under the session token's key.
func (s *Server) putSessionKey(ctx context.Context, token, identity string) error {
	if identity == "" {
		return nil
	}
	return s.store.SetSessionKey(ctx, auth.HashToken(token), seal.Seal(sessionKey(token), "sessions.key_wrapped", []byte(identity)))
}

// sessionIdentity opens the handler's private key of the request's session.
func sessionIdentity(rs *requestState) string {
	if rs.session == nil || rs.session.KeyWrapped == nil {
		return ""
	}
	b, err := seal.Open(sessionKey(rs.token), "sessions.key_wrapped", rs.session.KeyWrapped)
	if err != nil {
		return ""
	}
	return string(b)
}

// keyring is what the request's handler holds to open reports.
func (s *Server) keyring(r *http.Request) (store.Keyring, error) {
	rs := state(r)
	id := sessionIdentity(rs)
	if id == "" {
		return store.Keyring{}, domain.Errorf(domain.EFORBIDDEN, "err.no_session_key")
	}
	return store.Keyring{UserID: rs.user.ID, Identity: id}, nil
}

// rewrapOnPasswordChange seals the private key under the new password.
func (s *Server) rewrapOnPasswordChange(ctx context.Context, u *domain.User, oldPassword, newPassword string) error {
	if !needsKey(u) {
		return nil
	}
	identity, err := s.unlockKey(ctx, store.UserActor(u, ""), u, oldPassword)
	if err != nil {
		return err
	}
	k, err := s.store.UserKey(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := s.slots.do(ctx, func() { k.Rewrap(s.password, identity, newPassword) }); err != nil {
		return err
	}
	if err := s.store.RewrapUserKey(ctx, u.ID, k.WrappedPrivate, k.Salt); err != nil {
		return fmt.Errorf("web: rewrap key: %w", err)
	}
	return nil
}
