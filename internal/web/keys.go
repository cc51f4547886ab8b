package web

import (
	"context"
	"net/http"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// A handler's private key lives in three forms (see package seal): sealed
// under their password in user_keys (unlocked by package keys), sealed under
// the session cookie's secret in sessions (here), and in plain form only in
// memory while a request of theirs runs.

// needsKey reports whether the user reads sealed records and so has a key
// pair: coordinators (reports, advice requests) and confidential advisers
// (their own notes).
func needsKey(u *domain.User) bool { return u.HasRole(domain.RoleCoordinator, domain.RoleAdviser) }

// sessionKey is the key under which a session keeps the handler's private
// key: derived from the cookie's token, of which the database holds only a
// hash, so a database copy cannot open it.
func sessionKey(token string) seal.Key { return seal.Derive([]byte(token), "session key") }

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

// rewrapOnPasswordChange seals the private key under the new password, for
// a user who has one.
func (s *Server) rewrapOnPasswordChange(ctx context.Context, u *domain.User, oldPassword, newPassword string) error {
	if !needsKey(u) {
		return nil
	}
	return s.userKeys.Rewrap(ctx, u, oldPassword, newPassword)
}
