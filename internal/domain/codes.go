package domain

// Codes.
//
// A code is a short lower-case word stored in the database, written in
// exports and the API, and turned into a label by the message catalogues
// ("case.outcome." + code). Codes never change once stored.
//
// Every closed list of codes follows one pattern:
//
//   - a named string type for the concept: type Outcome string;
//   - one constant per code, named by the type followed by the code in
//     CamelCase: OutcomeReferred Outcome = "referred";
//   - the ordered list as a variable named in the plural, of the type's
//     slice: Outcomes = []Outcome{…}. Its order is the order of forms,
//     filters, counts and reports; callers must not modify it.
//
// Struct fields holding a code have the code's type, so a comparison with
// a constant needs no conversion and a literal code in Go code is a
// mistake to fix. A named string type marshals to JSON and binds and scans
// in SQL as a plain string, so stored values and output stay the same.
// Code that handles any list (select options, label checks, counting per
// code) takes []string and gets it from Strings.
//
// Two older types keep their established constant names: ReportState
// (StateReceived, …) and MessageKind (KindMessage, …).

// Strings returns the codes of a list as plain strings, in order.
func Strings[C ~string](codes []C) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = string(c)
	}
	return out
}

// Codes returns plain strings as codes of type C, in order; nil stays nil.
// It converts and does not check: callers check against C's list.
func Codes[C ~string](strs []string) []C {
	if strs == nil {
		return nil
	}
	out := make([]C, len(strs))
	for i, s := range strs {
		out[i] = C(s)
	}
	return out
}
