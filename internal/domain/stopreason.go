package domain

import (
	"slices"
	"strings"
)

// StopReason is why an investigation of an allegation stopped: the
// outcome OutcomeDiscontinued names one, and the annual report counts them
// (Leidschendam-Voorburg publishes why investigations stopped).
type StopReason string

// The codes of StopReason, in their list's order.
const (
	StopPersonLeft              StopReason = "person_left"              // the person concerned left the organisation
	StopReporterWithdrew        StopReason = "reporter_withdrew"        // the reporter withdrew the report
	StopInsufficientInformation StopReason = "insufficient_information" // too little to go on
	StopOther                   StopReason = "other"                    // the outcome's note says why
)

// StopReasons lists the codes in the order the forms and the report show them.
var StopReasons = []StopReason{StopPersonLeft, StopReporterWithdrew, StopInsufficientInformation, StopOther}

// CheckStopReason checks an allegation's reason for stopping against its
// outcome and note: the outcome "discontinued" needs a reason of the list,
// another outcome none, and the reason "other" a note that says why.
// Errors are EINVALID naming "stop_reason" or "note".
func CheckStopReason(outcome Outcome, reason StopReason, note string) error {
	switch {
	case reason != "" && !slices.Contains(StopReasons, reason):
		return FieldError("stop_reason", "err.choice_invalid")
	case outcome == OutcomeDiscontinued && reason == "":
		return FieldError("stop_reason", "err.stop_reason_required")
	case outcome != OutcomeDiscontinued && reason != "":
		return FieldError("stop_reason", "err.stop_reason_not_discontinued")
	case reason == StopOther && strings.TrimSpace(note) == "":
		return FieldError("note", "err.stop_reason_other_note")
	}
	return nil
}
