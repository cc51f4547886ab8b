package domain

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
)

// User is a staff account of one organisation. Reporters have no account.
type User struct {
	ID           int64
	OrgID        int64
	Username     string
	DisplayName  string
	Email        string
	PasswordHash string
	Roles        []Role
	TOTPSecret   string // empty until enrolled
	TOTPLastStep int64  // last accepted TOTP time step: a code is never accepted twice
	Disabled     bool
	CreatedAt    time.Time
}

// HasRole reports whether the user holds any of roles.
func (u *User) HasRole(roles ...Role) bool {
	for _, r := range roles {
		if slices.Contains(u.Roles, r) {
			return true
		}
	}
	return false
}

// RequiresTwoFactor reports whether any of the user's roles needs TOTP.
func (u *User) RequiresTwoFactor() bool {
	return slices.ContainsFunc(u.Roles, Role.RequiresTwoFactor)
}

// TwoFactorEnrolled reports whether the user has a TOTP secret.
func (u *User) TwoFactorEnrolled() bool { return u.TOTPSecret != "" }

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}$`)

// Check tidies the fields a person types and returns every problem with
// them, each a FieldError naming the form field: username (2–63 lower-case
// letters, digits, dot, dash, underscore), display name (the username when
// empty), optional e-mail, roles.
func (u *User) Check() []error {
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	u.Email = strings.TrimSpace(u.Email)
	var errs []error
	if !usernamePattern.MatchString(u.Username) {
		errs = append(errs, FieldError("username", "err.username_invalid"))
	}
	if u.DisplayName == "" {
		u.DisplayName = u.Username
	}
	if len(u.DisplayName) > 200 {
		errs = append(errs, FieldError("display_name", "err.too_long"))
	}
	if u.Email != "" {
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
			errs = append(errs, FieldError("email", "err.email_invalid"))
		}
	}
	if len(u.Roles) == 0 {
		errs = append(errs, FieldError("roles", "err.roles_required"))
	}
	for _, r := range u.Roles {
		if !r.Valid() {
			errs = append(errs, FieldError("roles", "err.role_unknown", string(r)))
			break
		}
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (u *User) Validate() error { return firstError(u.Check()) }
