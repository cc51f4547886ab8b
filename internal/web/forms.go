package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
)

// Forms: what every module's form handler shares. A handler reads the
// request with newForm, collects every problem with the input as a list of
// errors (the domain's Check and its own parse errors), records them with
// failAll and renders the form again; the templates show f.Error above the
// form and f.Errors[name] at each field (the shared partials in
// templates/partials_controls.html).

// form carries what a person typed and what was wrong with it, so a rejected
// form shows again with their input and a message at each field.
type form struct {
	Values url.Values
	Errors map[string]string // field → translated message
	Error  string            // message for the whole form
}

func newForm(r *http.Request) *form {
	_ = r.ParseForm() // a malformed body leaves the form empty, which validation reports
	return &form{Values: r.PostForm, Errors: map[string]string{}}
}

// fail records err on the form: an EINVALID error with a field goes to that
// field, anything else to the whole form. It returns false for an error that
// is not about the input (the caller returns it instead).
func (s *Server) fail(f *form, lang string, err error) bool {
	e := domain.AsError(err)
	if e == nil || (e.Code != domain.EINVALID && e.Code != domain.ECONFLICT && e.Code != domain.EUNAUTHORIZED && e.Code != domain.ETHROTTLED) {
		return false
	}
	msg := s.cat.T(lang, e.Key, e.Args...)
	if e.Field != "" {
		f.Errors[e.Field] = msg
	} else {
		f.Error = msg
	}
	return true
}

// failAll records every error on the form as fail does, the first one per
// field winning (a field the form already has an error for keeps it). It
// returns an error that is not about the input, for the caller to return
// instead.
func (s *Server) failAll(f *form, lang string, errs []error) error {
	for _, err := range errs {
		if e := domain.AsError(err); e != nil && e.Field != "" && f.Errors[e.Field] != "" {
			continue
		}
		if !s.fail(f, lang, err) {
			return err
		}
	}
	return nil
}

// field is one input of a form, for the "field" partial template.
type field struct {
	Name, Label, Type, Value, Error, Autocomplete, Description string
	Required                                                   bool
}

// newField describes an input; opts are "required", "auto=…" and "desc=…" (a
// message key for the description).
func newField(f *form, name, labelKey, typ string, opts ...string) field {
	fd := field{Name: name, Label: labelKey, Type: typ}
	if f != nil {
		if typ != "password" {
			fd.Value = f.Values.Get(name)
		}
		fd.Error = f.Errors[name]
	}
	for _, o := range opts {
		switch {
		case o == "required":
			fd.Required = true
		case strings.HasPrefix(o, "auto="):
			fd.Autocomplete = strings.TrimPrefix(o, "auto=")
		case strings.HasPrefix(o, "desc="):
			fd.Description = strings.TrimPrefix(o, "desc=")
		}
	}
	return fd
}

// option is one choice of a select, with its label already translated.
type option struct {
	Value, Label string
	Selected     bool
}

// options lists codes with their labels from the catalogue family prefix
// (e.g. "case.category."), marking sel as selected.
func (s *Server) options(lang, prefix string, codes []string, sel string) []option {
	out := make([]option, len(codes))
	for i, c := range codes {
		out[i] = option{Value: c, Label: s.cat.T(lang, prefix+c), Selected: c == sel}
	}
	return out
}

// check is one checkbox of a group, or one radio button, with its label
// already translated.
type check struct {
	Value, Label string
	Checked      bool
}

// checks lists codes with their labels from the catalogue family prefix,
// checking those in checked.
func (s *Server) checks(lang, prefix string, codes, checked []string) []check {
	out := make([]check, len(codes))
	for i, c := range codes {
		out[i] = check{Value: c, Label: s.cat.T(lang, prefix+c), Checked: slices.Contains(checked, c)}
	}
	return out
}

// yearQuery reads ?year=; anything else than a plausible year is the
// current one. With all, "all" (and an empty value) is 0: every year.
func (s *Server) yearQuery(q url.Values, all bool) int {
	v := q.Get("year")
	if all && (v == "" || v == "all") {
		return 0
	}
	if y, err := strconv.Atoi(v); err == nil && domain.YearValid(y) {
		return y
	}
	return domain.ThisYear(s.store.Now())
}

// yearOptions is a year select: the years with records, the current year
// and the selected one, newest first, after an "every year" choice (value
// allValue, selected when sel is 0) labelled with the message allKey; with
// no allKey there is no such choice.
func (s *Server) yearOptions(lang string, years []int, sel int, allValue, allKey string) []option {
	ys := append(slices.Clone(years), domain.ThisYear(s.store.Now()))
	if sel != 0 {
		ys = append(ys, sel)
	}
	slices.Sort(ys)
	ys = slices.Compact(ys)
	slices.Reverse(ys)
	var out []option
	if allKey != "" {
		out = append(out, option{Value: allValue, Label: s.cat.T(lang, allKey), Selected: sel == 0})
	}
	for _, y := range ys {
		out = append(out, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == sel})
	}
	return out
}

// exportURL is a list's address with its filters and the export format.
func (s *Server) exportURL(org *domain.Organisation, path string, q url.Values, format string) string {
	q = maps.Clone(q)
	q.Del("done")
	q.Set("format", format)
	return s.orgURL(org, path+"?"+q.Encode())
}
