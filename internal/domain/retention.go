package domain

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Retention follows the Selectielijst gemeenten en intergemeentelijke
// organen 2020: every record type has a term and the day it starts from.
// When a term has run out, Integer proposes the record for destruction;
// the controller, who holds the duty of approving destruction (documented
// in docs/retention.md), approves all or some of the list, naming the
// mandate under which they do it. A record kept permanently is never
// proposed.

// RetentionKind is a type of record with its own retention term.
type RetentionKind string

// The record types and their terms (RetentionTerms).
const (
	RetainReport         RetentionKind = "report"          // an integrity report: its investigation and measures (sanctions)
	RetainWhistleblower  RetentionKind = "report_wbk"      // a report of suspected wrongdoing under the Wbk, and its investigation
	RetainAdviceRequest  RetentionKind = "advice_request"  // a question to the reporting point
	RetainActivity       RetentionKind = "activity"        // an integrity activity or training
	RetainOnboarding     RetentionKind = "person"          // a person's onboarding record (VOG, oath, declarations)
	RetainAdviserRecords RetentionKind = "adviser_records" // a confidential adviser's own records
	RetainAnnualReport   RetentionKind = "annual_report"   // the annual integrity report
)

// RetentionTerm is how long a record type is kept: Years after the day
// named by From (a message key), or permanently (Years 0). OwnRules says
// that the term is not Integer's to set: the record's keeper (a
// confidential adviser) follows their own professional rules. Proposed
// says whether Integer proposes the type's records for destruction.
type RetentionTerm struct {
	Kind     RetentionKind
	Years    int
	From     string // "retention.from.<code>"
	OwnRules bool
	Proposed bool
}

// Permanent reports whether the type is kept permanently (bewaren).
func (t RetentionTerm) Permanent() bool { return t.Years == 0 && !t.OwnRules }

// Expires is the day the term of a record that started on start ends:
// from that day on it is proposed.
func (t RetentionTerm) Expires(start time.Time) time.Time {
	return DateOf(start).UTCMidnight().AddDate(t.Years, 0, 0)
}

// RetentionTerms are the terms Integer keeps, in the order shown.
// Confidential advisers' records follow their own professional rules: the
// adviser deletes them; Integer does not propose them. A person's
// onboarding record (VOG, oath or affirmation, declarations, HR's marks)
// follows the list's term for personnel files, counted from the end of
// employment: someone who has not left is never proposed.
var RetentionTerms = []RetentionTerm{
	{Kind: RetainReport, Years: 10, From: "retention.from.closed", Proposed: true},
	{Kind: RetainWhistleblower, Years: 0, From: "retention.from.closed"},
	{Kind: RetainAdviceRequest, Years: 5, From: "retention.from.answered", Proposed: true},
	{Kind: RetainActivity, Years: 5, From: "retention.from.held", Proposed: true},
	{Kind: RetainOnboarding, Years: 10, From: "retention.from.employment_end", Proposed: true},
	{Kind: RetainAdviserRecords, From: "retention.from.own_rules", OwnRules: true},
	{Kind: RetainAnnualReport, Years: 0, From: "retention.from.published"},
}

// TermOf returns the term of a record type.
func TermOf(k RetentionKind) RetentionTerm {
	for _, t := range RetentionTerms {
		if t.Kind == k {
			return t
		}
	}
	return RetentionTerm{Kind: k}
}

// DestructionCandidate is a record whose term has run out: its type, id
// and reference (a report's number, "AV-" and an advice request's id, an
// activity's day and title, a person's register reference), the day the
// term started and the day it ended.
type DestructionCandidate struct {
	Kind    RetentionKind
	ID      int64
	Ref     string
	Start   time.Time
	Expired time.Time
}

// Key names the candidate in a form: "report:12".
func (c DestructionCandidate) Key() string { return string(c.Kind) + ":" + strconv.FormatInt(c.ID, 10) }

// DestructionApproval is the approval of (part of) a destruction list: the
// keys of the approved candidates and the mandate under which the approver
// acts (a decision's reference).
type DestructionApproval struct {
	Keys      []string
	Authority string
}

// Check tidies the approval and returns every problem at its field.
func (a *DestructionApproval) Check() []error {
	a.Authority = strings.TrimSpace(a.Authority)
	var errs []error
	if len(a.Keys) == 0 {
		errs = append(errs, FieldError("entries", "err.destruction_none_chosen"))
	}
	switch {
	case a.Authority == "":
		errs = append(errs, FieldError("authority", "err.destruction_authority_required"))
	case utf8.RuneCountInString(a.Authority) > 300:
		errs = append(errs, FieldError("authority", "err.too_long"))
	}
	return errs
}

// Destruction is a carried-out destruction: who approved it under which
// mandate and when, and what was destroyed (references only, no content).
type Destruction struct {
	ID         int64
	OrgID      int64
	ApprovedBy string // the approver's display name at the time
	Authority  string
	At         time.Time
	Entries    []DestructionEntry
}

// DestructionEntry is one destroyed record.
type DestructionEntry struct {
	Kind    RetentionKind
	Ref     string
	Start   time.Time
	Expired time.Time
}

// Counts are the destroyed records per type.
func (d *Destruction) Counts() map[RetentionKind]int {
	out := map[RetentionKind]int{}
	for _, e := range d.Entries {
		out[e.Kind]++
	}
	return out
}
