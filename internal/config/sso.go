package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
)

// SSO is one organisation's OpenID Connect provider (Microsoft Entra ID,
// Keycloak, …) for its staff: the authorization code flow with PKCE, state
// and nonce.
type SSO struct {
	// Issuer is the provider's issuer URL; its discovery document is at
	// Issuer + "/.well-known/openid-configuration". https, or http on a
	// loopback address (tests).
	Issuer string `toml:"issuer"`
	// ClientID and ClientSecret are Integer's registration at the provider;
	// ClientSecretFile names a file holding the secret instead (systemd or
	// container credentials).
	ClientID         string `toml:"client_id"`
	ClientSecret     string `toml:"client_secret"`
	ClientSecretFile string `toml:"client_secret_file"`
	// Scopes asked for; "openid" is always added. Default: openid, email,
	// profile.
	Scopes []string `toml:"scopes"`
	// Label is the name on the login button ("Inloggen met …"); default
	// the issuer's host.
	Label string `toml:"label"`
	// Match says how a first sign-on finds its Integer account: "email"
	// (default; the provider's verified e-mail address equals the account's)
	// or "username" (the preferred_username claim equals the account's user
	// name). From then on the account is linked to the provider's subject.
	Match string `toml:"match"`
	// RolesClaim, when set, names the claim (a string or a list of strings)
	// whose values RoleMap turns into Integer roles at every sign-on,
	// replacing the roles kept in Integer. Empty: the roles kept in Integer.
	RolesClaim string            `toml:"roles_claim"`
	RoleMap    map[string]string `toml:"role_map"`
	// CreateAccounts lets a sign-on that finds no account create one, with
	// the roles from RolesClaim or else NewAccountRoles.
	CreateAccounts  bool     `toml:"create_accounts"`
	NewAccountRoles []string `toml:"new_account_roles"`
	// AcceptProviderMFA lets the provider's assertion of multi-factor
	// authentication (an MFAAMR value in the amr claim, or an acr in MFAACR)
	// stand for Integer's own second factor. Without it, every role but
	// employee still enters Integer's TOTP code after the sign-on.
	AcceptProviderMFA bool     `toml:"accept_provider_mfa"`
	MFAAMR            []string `toml:"mfa_amr"`
	MFAACR            []string `toml:"mfa_acr"`
	// ProviderLogout offers, after Integer's logout, the provider's own
	// logout (its end_session_endpoint), where it has one. Default on.
	ProviderLogout *bool `toml:"provider_logout"`
}

// The values of SSO.Match.
const (
	SSOMatchEmail    = "email"
	SSOMatchUsername = "username"
)

// LogsOutAtProvider reports whether Integer's logout offers the provider's.
func (s SSO) LogsOutAtProvider() bool { return s.ProviderLogout == nil || *s.ProviderLogout }

// validateSSO checks each organisation's provider, fills its defaults and
// reads its client secret file.
func (c *Config) validateSSO() []error {
	var errs []error
	for slug, s := range c.SSO {
		prefix := "sso." + slug + ": "
		for _, err := range s.fill() {
			errs = append(errs, errors.New(prefix+err.Error()))
		}
		c.SSO[slug] = s
		if c.BaseURL == "" {
			errs = append(errs, errors.New(prefix+"base_url is required: the provider sends people back to it"))
		}
	}
	return errs
}

func (s *SSO) fill() []error {
	var errs []error
	s.Issuer = strings.TrimRight(strings.TrimSpace(s.Issuer), "/")
	if err := checkIssuer(s.Issuer); err != nil {
		errs = append(errs, err)
	}
	if s.ClientID = strings.TrimSpace(s.ClientID); s.ClientID == "" {
		errs = append(errs, errors.New("client_id: required"))
	}
	if s.ClientSecretFile != "" {
		b, err := os.ReadFile(s.ClientSecretFile)
		if err != nil {
			errs = append(errs, fmt.Errorf("client_secret_file: %w", err))
		}
		s.ClientSecret = strings.TrimRight(string(b), "\r\n")
	}
	if len(s.Scopes) == 0 {
		s.Scopes = []string{"openid", "email", "profile"}
	} else if !slices.Contains(s.Scopes, "openid") {
		s.Scopes = append([]string{"openid"}, s.Scopes...)
	}
	switch s.Match {
	case "":
		s.Match = SSOMatchEmail
	case SSOMatchEmail, SSOMatchUsername:
	default:
		errs = append(errs, fmt.Errorf("match: %q is not email or username", s.Match))
	}
	for claim, role := range s.RoleMap {
		if !validRole(role) {
			errs = append(errs, fmt.Errorf("role_map: %q → %q is not a role", claim, role))
		}
	}
	for _, role := range s.NewAccountRoles {
		if !validRole(role) {
			errs = append(errs, fmt.Errorf("new_account_roles: %q is not a role", role))
		}
	}
	if len(s.NewAccountRoles) == 0 {
		s.NewAccountRoles = []string{"employee"}
	}
	if len(s.MFAAMR) == 0 {
		s.MFAAMR = []string{"mfa"}
	}
	if s.Label == "" {
		if u, err := url.Parse(s.Issuer); err == nil {
			s.Label = u.Host
		}
	}
	return errs
}

// checkIssuer accepts an absolute https URL, or http on a loopback address.
func checkIssuer(issuer string) error {
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("issuer: %q is not an absolute URL", issuer)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if ip := net.ParseIP(u.Hostname()); (ip != nil && ip.IsLoopback()) || u.Hostname() == "localhost" {
			return nil
		}
	}
	return fmt.Errorf("issuer: %q must be https (http only on a loopback address)", issuer)
}

func validRole(r string) bool { return domain.Role(r).Valid() }
