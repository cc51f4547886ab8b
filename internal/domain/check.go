package domain

import "unicode/utf8"

// Every input type has a Check method that tidies it and returns all its
// problems at once, each a FieldError naming the form field, so that a form
// shows every problem at its field; Validate is the first of them, for the
// store, which refuses what Check refuses. The helpers below are what the
// Check methods share.

// firstError is the first of a Check's problems, or nil: what Validate
// returns.
func firstError(errs []error) error {
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// requiredText checks a text that must be given and may not be longer than
// most runes.
func requiredText(field, v string, most int, missingKey string) []error {
	switch {
	case v == "":
		return []error{FieldError(field, missingKey)}
	case utf8.RuneCountInString(v) > most:
		return []error{FieldError(field, "err.too_long")}
	}
	return nil
}
