package domain

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. The web layer maps each to one HTTP status in one table; the
// message key is translated for the user, so a handler never writes text.
const (
	EINVALID      = "invalid"      // bad input; nothing was changed
	ENOTFOUND     = "not_found"    // no such object, or not visible to the caller
	ECONFLICT     = "conflict"     // the object exists already or changed meanwhile
	EUNAUTHORIZED = "unauthorized" // not logged in, or the login failed
	EFORBIDDEN    = "forbidden"    // logged in, but the role does not allow it
	ETHROTTLED    = "throttled"    // too many attempts; try again later
	EINTERNAL     = "internal"     // a fault of ours; logged, shown as "internal error"
	EUNAVAILABLE  = "unavailable"  // a dependency (the database) does not answer
)

// Error is an application error: a code for the program, a message key (into the
// i18n catalogues) for the person, optionally the form field it concerns and,
// for ETHROTTLED, when to try again.
type Error struct {
	Code       string
	Key        string
	Args       []any
	Field      string
	RetryAfter time.Duration
}

// Error renders the code and key; the translated text is the web layer's job.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Key, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Key)
}

// Errorf returns an *Error with the code, message key and its arguments.
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// FieldError returns an EINVALID error about one form field.
func FieldError(field, key string, args ...any) *Error {
	return &Error{Code: EINVALID, Key: key, Args: args, Field: field}
}

// ErrorCode returns the code of an *Error anywhere in err's chain, EINTERNAL for
// any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// AsError returns the *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// IsNotFound reports whether err carries ENOTFOUND.
func IsNotFound(err error) bool { return ErrorCode(err) == ENOTFOUND }
