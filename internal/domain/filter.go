package domain

// Filter words.
//
// Besides codes, the lists' filters take a few words in their query strings.
// They follow the pattern of codes (see codes.go); a filter's empty value is
// no filter unless said otherwise.

// YesNo is the choice of a yes/no filter; "" is both.
type YesNo string

// YesNos are the choices of a yes/no filter, yes first.
var YesNos = []YesNo{YesNoYes, YesNoNo}

// The words of YesNo.
const (
	YesNoYes YesNo = "yes"
	YesNoNo  YesNo = "no"
)

// AdviserCaseState is the state filter of an adviser's case list.
type AdviserCaseState string

// AdviserCaseStates are the choices of the filter, the default first.
var AdviserCaseStates = []AdviserCaseState{AdviserCaseStateOpen, AdviserCaseStateClosed, AdviserCaseStateAll}

// The words of AdviserCaseState.
const (
	AdviserCaseStateOpen   AdviserCaseState = "open"
	AdviserCaseStateClosed AdviserCaseState = "closed"
	AdviserCaseStateAll    AdviserCaseState = "all"
)

// PeopleStatus is the status filter of the list of people: those in
// service, those who left, or all.
type PeopleStatus string

// PeopleStatuses are the choices of the filter, the default first.
var PeopleStatuses = []PeopleStatus{PeopleStatusCurrent, PeopleStatusLeft, PeopleStatusAll}

// The words of PeopleStatus.
const (
	PeopleStatusCurrent PeopleStatus = "current"
	PeopleStatusLeft    PeopleStatus = "left"
	PeopleStatusAll     PeopleStatus = "all"
)
