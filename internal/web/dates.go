package web

import (
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// Reading a date field of a form: domain.ParseDate reads what people type,
// and each function here turns the date into the moment its column stores
// (see domain.Date for the three conventions and why each column has its
// own). An empty field is the zero time, which the domain's check reports
// as missing where a date is required; a malformed date is an EINVALID
// error at field.

// parseDayStart reads a date as the registers kept by the day store it
// (advice, gifts, aggression, outside activities, financial interests,
// people): midnight in Amsterdam, Date.Start.
func parseDayStart(field, v string) (time.Time, error) {
	d, err := domain.ParseDate(field, v)
	return d.Start(), err
}

// parseDayNoon reads a date in the valid years (domain.YearValid) as the
// activities and council registers store it: Date.Noon, safely inside the
// day whatever the clock change. A year outside them is err.date_invalid.
func parseDayNoon(field, v string) (time.Time, error) {
	d, err := domain.ParseDate(field, v)
	if err == nil && !d.IsZero() && !domain.YearValid(d.Year) {
		err = domain.FieldError(field, "err.date_invalid")
	}
	if err != nil {
		return time.Time{}, err
	}
	return d.Noon(), nil
}

// parseDayUTC reads a date as the advisers' records store it: midnight UTC,
// Date.UTCMidnight.
func parseDayUTC(field, v string) (time.Time, error) {
	d, err := domain.ParseDate(field, v)
	return d.UTCMidnight(), err
}
