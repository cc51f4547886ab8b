package domain

import (
	"slices"
	"strings"
	"time"
)

// TokenScope is what an API token may do; a token holds one or more.
type TokenScope string

// The codes of TokenScope, in their list's order.
const (
	ScopeStatisticsRead TokenScope = "statistics:read" // the annual report's figures as JSON
	ScopePeopleImport   TokenScope = "people:import"   // import people (and positions) from the HR system
)

// TokenScopes lists every scope in the order the interface shows them.
var TokenScopes = []TokenScope{ScopeStatisticsRead, ScopePeopleImport}

// Valid reports whether s is one of TokenScopes.
func (s TokenScope) Valid() bool { return slices.Contains(TokenScopes, s) }

// Label is the scope's message key suffix (the code with "_" for ":").
func (s TokenScope) Label() string { return strings.ReplaceAll(string(s), ":", "_") }

// MaxTokenDays is the longest an API token may live.
const MaxTokenDays = 366

// APIToken is an integration's credential for the API of one organisation.
// The token itself is shown once when made; the store keeps its SHA-256.
type APIToken struct {
	ID         int64
	OrgID      int64
	Name       string // what the integration is, e.g. "AFAS-koppeling"
	Prefix     string // the token's first characters, to recognise it in lists
	Scopes     []TokenScope
	CreatedBy  string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time
}

// Has reports whether the token holds scope.
func (t *APIToken) Has(scope TokenScope) bool { return slices.Contains(t.Scopes, scope) }

// Active reports whether the token may be used at now: not revoked, not expired.
func (t *APIToken) Active(now time.Time) bool { return t.RevokedAt == nil && now.Before(t.ExpiresAt) }

// NewAPIToken is what an administrator asks for.
type NewAPIToken struct {
	Name   string
	Scopes []TokenScope
	Days   int // lifetime in days, 1 to MaxTokenDays
}

// Check tidies the input and returns every problem: a name (at most 80
// characters), at least one known scope, a lifetime of 1 to MaxTokenDays days.
func (n *NewAPIToken) Check() []error {
	n.Name = strings.TrimSpace(n.Name)
	errs := requiredText("name", n.Name, 80, "err.token_name_required")
	if len(n.Scopes) == 0 || slices.ContainsFunc(n.Scopes, func(s TokenScope) bool { return !s.Valid() }) {
		errs = append(errs, FieldError("scopes", "err.token_scopes"))
	}
	if n.Days < 1 || n.Days > MaxTokenDays {
		errs = append(errs, FieldError("days", "err.token_days", MaxTokenDays))
	}
	return errs
}

// Validate returns the first of Check's problems, for the store.
func (n *NewAPIToken) Validate() error { return firstError(n.Check()) }
