package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
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

// DefaultHRName is what the pages call the HR department until the
// organisation names its own ("P&O", "HRM", "Personeelszaken").
const DefaultHRName = "HR"

// OrgSettings is what an organisation sets about itself.
type OrgSettings struct {
	// HRName is the name of its HR department as the pages use it; empty
	// is DefaultHRName.
	HRName string
	// A11yContact is where people report an accessibility problem (an
	// e-mail address or a web address), for the accessibility statement.
	A11yContact string
	// A11yAssessed is the day the organisation last checked the statement.
	A11yAssessed Date
}

// HR is the name of the organisation's HR department.
func (o OrgSettings) HR() string {
	if o.HRName == "" {
		return DefaultHRName
	}
	return o.HRName
}

// Check tidies the settings and returns every problem, each a FieldError:
// the HR name at most 40 characters, the contact at most 200.
func (o *OrgSettings) Check() []error {
	o.HRName = strings.TrimSpace(o.HRName)
	o.A11yContact = strings.TrimSpace(o.A11yContact)
	var errs []error
	if utf8.RuneCountInString(o.HRName) > 40 {
		errs = append(errs, FieldError("hr_name", "err.too_long"))
	}
	if utf8.RuneCountInString(o.A11yContact) > 200 {
		errs = append(errs, FieldError("a11y_contact", "err.too_long"))
	}
	return errs
}
