package domain

import (
	"slices"
	"strings"
)

// Role is what a staff account may do. One person may hold several roles; the
// reporter has no account and so no role.
type Role string

// The roles. The strings are stored in the database: never rename.
const (
	RoleCoordinator Role = "coordinator" // coördinator integriteit: handles reports
	RoleAdviser     Role = "adviser"     // vertrouwenspersoon: own anonymous statistics
	RoleHR          Role = "hr"          // P&O: registers
	RoleClerk       Role = "clerk"       // griffie: council matters
	RoleController  Role = "controller"  // concerncontroller: statistics, annual report
	RoleCustodian   Role = "custodian"   // approves disclosure of a reporter's identity
	RoleEmployee    Role = "employee"    // medewerker: own outside activities and gifts
	RoleAdmin       Role = "admin"       // functioneel beheerder: users and settings
	RoleAuditor     Role = "auditor"     // reads the audit log
)

// AllRoles lists every role in the order the interface shows them.
var AllRoles = []Role{
	RoleCoordinator, RoleAdviser, RoleHR, RoleClerk, RoleController,
	RoleCustodian, RoleEmployee, RoleAdmin, RoleAuditor,
}

// Valid reports whether r is one of AllRoles.
func (r Role) Valid() bool { return slices.Contains(AllRoles, r) }

// RequiresTwoFactor reports whether an account holding r must use TOTP. Every
// role that can read reports, identities, personal registers, other people's
// accounts or the audit trail needs it; only the plain employee, who sees their
// own entries, does not.
func (r Role) RequiresTwoFactor() bool { return r != RoleEmployee }

// ParseRoles parses a comma-separated list such as "coordinator,hr". Unknown
// names are an EINVALID error naming the field "roles"; duplicates are dropped.
func ParseRoles(s string) ([]Role, error) {
	var roles []Role
	for part := range strings.SplitSeq(s, ",") {
		r := Role(strings.TrimSpace(strings.ToLower(part)))
		if r == "" {
			continue
		}
		if !r.Valid() {
			return nil, FieldError("roles", "err.role_unknown", string(r))
		}
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	if len(roles) == 0 {
		return nil, FieldError("roles", "err.roles_required")
	}
	SortRoles(roles)
	return roles, nil
}

// SortRoles orders roles as AllRoles does, so lists read the same everywhere.
func SortRoles(roles []Role) {
	slices.SortFunc(roles, func(a, b Role) int {
		return slices.Index(AllRoles, a) - slices.Index(AllRoles, b)
	})
}

// DemoSlug is the slug of the demo organisation that `integer demo` seeds:
// on a demo server, only its accounts may log in without two-factor
// authentication.
const DemoSlug = "demo"
