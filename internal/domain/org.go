package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Organisation is a municipality or other public body. Every record belongs to
// exactly one; one installation may host several.
type Organisation struct {
	ID        int64
	Slug      string // short name used in URLs: /{slug}/...
	Name      string
	CreatedAt time.Time
}

var slugPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,38}[a-z0-9]$`)

// reservedSlugs are the first path segments the application uses itself
// (TestDefect_MetricsTakenForOrganisation in internal/web checks that every
// fixed top-level route is among them).
var reservedSlugs = []string{"api", "static", "healthz", "readyz", "metrics", "lang", "login", "logout", "admin", "assets", "favicon.ico", "robots.txt"}

// Check tidies an organisation and returns every problem with it, each a
// FieldError naming the field: the slug (3–40 lower-case letters, digits and
// dashes, starting with a letter, not a reserved word) and the name (given).
func (o *Organisation) Check() []error {
	o.Slug = strings.TrimSpace(o.Slug)
	o.Name = strings.TrimSpace(o.Name)
	var errs []error
	switch {
	case !slugPattern.MatchString(o.Slug):
		errs = append(errs, FieldError("slug", "err.slug_invalid"))
	case slices.Contains(reservedSlugs, o.Slug):
		errs = append(errs, FieldError("slug", "err.slug_reserved", o.Slug))
	}
	if o.Name == "" || len(o.Name) > 200 {
		errs = append(errs, FieldError("name", "err.name_required"))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (o *Organisation) Validate() error { return firstError(o.Check()) }
