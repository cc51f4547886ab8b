package domain

import (
	"slices"
	"strings"
)

// OwnCategory is one of the organisation's own categories of integrity
// breaches (Rotterdam publishes "fraude en corruptie", "diefstal en
// verduistering", …), mapped to one type of the national typology. An
// allegation names one of them; the annual report counts them in the
// organisation's order.
type OwnCategory struct {
	ID       int64
	OrgID    int64
	Label    string
	Category Category // the national type it belongs to
	Position int      // the place in the organisation's list, from 1
	Uses     int      // how many allegations name it (read only)
}

// MaxOwnCategoryLabel is the longest label, in characters.
const MaxOwnCategoryLabel = 100

// OwnCategoryKey is the form of a label that two labels meaning the same
// share: lower case, with single spaces and none around it. The store
// refuses a second category with the same key.
func OwnCategoryKey(label string) string {
	return strings.ToLower(strings.Join(strings.Fields(label), " "))
}

// Check tidies the label (single spaces) and returns every problem: a
// label missing or too long ("label"), a national type not of the list
// ("category").
func (c *OwnCategory) Check() []error {
	c.Label = strings.Join(strings.Fields(c.Label), " ")
	errs := requiredText("label", c.Label, MaxOwnCategoryLabel, "err.own_category_label_required")
	if !slices.Contains(Categories, c.Category) {
		errs = append(errs, FieldError("category", "err.choice_invalid"))
	}
	return errs
}

// Validate is the first of Check's problems, or nil.
func (c *OwnCategory) Validate() error { return firstError(c.Check()) }

// CategoryShows is what the annual report shows of an allegation's
// category: the national typology, the organisation's own categories, or
// both.
type CategoryShows string

// The codes of CategoryShows.
const (
	ShowNational CategoryShows = "national"
	ShowOwn      CategoryShows = "own"
	ShowBoth     CategoryShows = "both"
)

// CategoryShowsAll lists the choices in the order the interface shows them.
var CategoryShowsAll = []CategoryShows{ShowNational, ShowOwn, ShowBoth}
