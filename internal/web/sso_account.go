package web

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// ssoAccount finds the Integer account the provider's claims name: the one
// linked to the subject; else, at a first sign-on, the one matched by
// verified e-mail address or user name (and links it); else a new one, when
// the organisation allows it. With a roles claim configured the account's
// roles become the mapped ones. Every refusal is EUNAUTHORIZED with its
// message.
func (s *Server) ssoAccount(ctx context.Context, org *domain.Organisation, cfg config.SSO, cl *ssoClaims) (*domain.User, error) {
	u, err := s.store.UserBySSO(ctx, org.ID, cl.Issuer, cl.Subject)
	if domain.IsNotFound(err) {
		u, err = s.ssoFirstSignOn(ctx, org, cfg, cl)
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, s.ssoRefuse(ctx, u, "account disabled", "err.sso_disabled")
	}
	if cfg.RolesClaim != "" {
		if u, err = s.ssoRoles(ctx, cfg, u, cl); err != nil {
			return nil, err
		}
	}
	if needsKey(u) {
		// A coordinator's or adviser's private key opens with their
		// password only: a sign-on would give a session that cannot open
		// what their work needs.
		return nil, s.ssoRefuse(ctx, u, "sso: holds a key, logs in with the password", "err.sso_key_holder")
	}
	return u, nil
}

// ssoRefuse audits a refused sign-on of an existing account and returns the
// error to show.
func (s *Server) ssoRefuse(ctx context.Context, u *domain.User, detail, key string) error {
	_ = s.store.Audit(ctx, store.Actor{OrgID: u.OrgID, UserID: u.ID, Name: u.Username}, "user.login_failed", "user", u.ID, detail)
	return domain.Errorf(domain.EUNAUTHORIZED, key)
}

// ssoFirstSignOn matches, links or creates the account at a subject's first
// sign-on.
func (s *Server) ssoFirstSignOn(ctx context.Context, org *domain.Organisation, cfg config.SSO, cl *ssoClaims) (*domain.User, error) {
	u, err := s.ssoMatch(ctx, org, cfg, cl)
	switch {
	case domain.IsNotFound(err) && cfg.CreateAccounts:
		if u, err = s.ssoCreate(ctx, org, cfg, cl); err != nil {
			return nil, err
		}
	case domain.IsNotFound(err):
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "err.sso_no_account")
	case domain.ErrorCode(err) == domain.ECONFLICT:
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "err.sso_email_shared")
	case err != nil:
		return nil, err
	}
	actor := store.Actor{OrgID: org.ID, UserID: u.ID, Name: u.Username}
	if err := s.store.LinkSSO(ctx, actor, org.ID, u.ID, cl.Issuer, cl.Subject); err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			return nil, domain.Errorf(domain.EUNAUTHORIZED, "err.sso_linked_elsewhere")
		}
		return nil, err
	}
	return u, nil
}

// ssoMatch finds the account by the configured claim. An e-mail address the
// provider says is not verified matches nothing.
func (s *Server) ssoMatch(ctx context.Context, org *domain.Organisation, cfg config.SSO, cl *ssoClaims) (*domain.User, error) {
	if cfg.Match == config.SSOMatchUsername {
		if cl.Username == "" {
			return nil, domain.Errorf(domain.ENOTFOUND, "err.user_not_found")
		}
		return s.store.UserByUsername(ctx, org.ID, cl.Username)
	}
	if cl.EmailVerified != nil && !*cl.EmailVerified {
		return nil, domain.Errorf(domain.ENOTFOUND, "err.user_not_found")
	}
	return s.store.UserByEmail(ctx, org.ID, cl.Email)
}

var notUsername = regexp.MustCompile(`[^a-z0-9._-]+`)

// ssoCreate creates the account of a first sign-on: its user name from the
// preferred_username claim or the e-mail address's local part (with a
// number added when taken), roles from the roles claim or the configured
// roles of new accounts, and an unusable password (a long random one
// nobody knows), so that it can log in through the provider only.
func (s *Server) ssoCreate(ctx context.Context, org *domain.Organisation, cfg config.SSO, cl *ssoClaims) (*domain.User, error) {
	roles := mapRoles(cfg, cl)
	if cfg.RolesClaim == "" {
		roles = nil
		for _, r := range cfg.NewAccountRoles {
			roles = append(roles, domain.Role(r))
		}
	}
	if len(roles) == 0 {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "err.sso_no_role")
	}
	hash, err := s.userKeys.HashPassword(ctx, randomToken())
	if err != nil {
		return nil, err
	}
	base := cl.Username
	if base == "" {
		base, _, _ = strings.Cut(cl.Email, "@")
	}
	base = strings.Trim(notUsername.ReplaceAllString(strings.ToLower(base), "-"), "-._")
	if len(base) < 2 {
		base = "sso-" + base
	}
	base = base[:min(len(base), 56)]
	for i := 1; i < 100; i++ {
		name := base
		if i > 1 {
			name += "-" + strconv.Itoa(i)
		}
		u := &domain.User{OrgID: org.ID, Username: name, DisplayName: cl.Name, Email: cl.Email, PasswordHash: hash, Roles: roles}
		err := s.store.CreateUser(ctx, store.Actor{OrgID: org.ID, Name: "sso"}, u)
		if domain.ErrorCode(err) != domain.ECONFLICT {
			return u, err
		}
	}
	return nil, domain.Errorf(domain.EUNAUTHORIZED, "err.sso_no_account")
}

// mapRoles turns the roles claim's values into Integer roles by the role
// map; unknown values are left out.
func mapRoles(cfg config.SSO, cl *ssoClaims) []domain.Role {
	var roles []domain.Role
	for _, v := range cl.Roles {
		if r, ok := cfg.RoleMap[v]; ok && !slices.Contains(roles, domain.Role(r)) {
			roles = append(roles, domain.Role(r))
		}
	}
	domain.SortRoles(roles)
	return roles
}

// ssoRoles gives the account the roles its claim maps to, when they differ
// (audited as user.roles by the provider); no mapped role refuses the
// sign-on.
func (s *Server) ssoRoles(ctx context.Context, cfg config.SSO, u *domain.User, cl *ssoClaims) (*domain.User, error) {
	roles := mapRoles(cfg, cl)
	if len(roles) == 0 {
		return nil, s.ssoRefuse(ctx, u, "sso: no role in the claim", "err.sso_no_role")
	}
	have := slices.Clone(u.Roles)
	domain.SortRoles(have)
	if slices.Equal(have, roles) {
		return u, nil
	}
	if err := s.store.SetRoles(ctx, store.Actor{OrgID: u.OrgID, Name: "sso"}, u.OrgID, u.ID, roles); err != nil {
		return nil, err
	}
	u.Roles = roles
	return u, nil
}
