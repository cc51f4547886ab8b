package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Codes stored in the database and used in the API and the annual report.
// They never change; labels come from the message catalogues.
var (
	// Sources are how a report reached the reporting point.
	Sources = []Source{SourceWeb, SourceEmail, SourcePhone, SourceLetter, SourceInPerson, SourceViaAdviser}
	// ReporterKinds are who reported.
	ReporterKinds = []ReporterKind{ReporterKindEmployee, ReporterKindHired, ReporterKindFormerEmployee, ReporterKindResident,
		ReporterKindBusiness, ReporterKindOther, ReporterKindUnknown}
	// HowKnown is how the reporter knows what they report.
	HowKnown = []HowKnownKind{HowKnownKindSeen, HowKnownKindHeard, HowKnownKindOther}
	// Investigations are the kinds of investigation of a report.
	Investigations = []Investigation{InvestigationNone, InvestigationPreliminary, InvestigationInternal, InvestigationExternal}
	// Categories are the national typology of integrity breaches.
	Categories = []Category{CategoryFinancial, CategoryConflictOfInterest, CategoryInformationMisuse, CategoryAbuseOfAuthority, CategoryAbuseOfForce,
		CategoryUndesirableConduct, CategoryPrivateMisconduct, CategoryMisuseOfResources, CategoryWrongdoing, CategoryOther}
	// Outcomes are the findings on one allegation.
	Outcomes = []Outcome{OutcomeSubstantiated, OutcomePartlySubstantiated, OutcomeUnsubstantiated, OutcomeNotEstablished,
		OutcomeDiscontinued, OutcomeWithdrawn, OutcomeReferred, OutcomeNotIntegrity, OutcomeNoInvestigation}
	// MeasureKinds are the measures a report can lead to.
	MeasureKinds = []MeasureKind{MeasureKindConversation, MeasureKindWarning, MeasureKindReprimand, MeasureKindTransfer, MeasureKindDemotion,
		MeasureKindConditionalDismissal, MeasureKindDismissal, MeasureKindCriminalComplaint, MeasureKindOrganisational, MeasureKindOther}
	// Referrals are the bodies a report can be referred to.
	Referrals = []Referral{ReferralDataProtectionOfficer, ReferralWhistleblowersAuthority, ReferralPolice, ReferralOther}
	// DisclosureBases are the grounds for disclosing a reporter's identity.
	DisclosureBases = []DisclosureBasis{DisclosureBasisConsent, DisclosureBasisLegalDuty}
)

// Source is how a report reached the reporting point.
type Source string

// The codes of Source, in their list's order.
const (
	SourceWeb        Source = "web"
	SourceEmail      Source = "email"
	SourcePhone      Source = "phone"
	SourceLetter     Source = "letter"
	SourceInPerson   Source = "in_person"
	SourceViaAdviser Source = "via_adviser"
)

// ReporterKind is who reported.
type ReporterKind string

// The codes of ReporterKind, in their list's order.
const (
	ReporterKindEmployee       ReporterKind = "employee"
	ReporterKindHired          ReporterKind = "hired"
	ReporterKindFormerEmployee ReporterKind = "former_employee"
	ReporterKindResident       ReporterKind = "resident"
	ReporterKindBusiness       ReporterKind = "business"
	ReporterKindOther          ReporterKind = "other"
	ReporterKindUnknown        ReporterKind = "unknown"
)

// HowKnownKind is how the reporter knows what they report.
type HowKnownKind string

// The codes of HowKnownKind, in their list's order.
const (
	HowKnownKindSeen  HowKnownKind = "seen"
	HowKnownKindHeard HowKnownKind = "heard"
	HowKnownKindOther HowKnownKind = "other"
)

// Investigation is the kind of investigation of a report.
type Investigation string

// The codes of Investigation, in their list's order.
const (
	InvestigationNone        Investigation = "none"
	InvestigationPreliminary Investigation = "preliminary"
	InvestigationInternal    Investigation = "internal"
	InvestigationExternal    Investigation = "external"
)

// Category is a breach of the national typology of integrity breaches.
type Category string

// The codes of Category, in their list's order.
const (
	CategoryFinancial          Category = "financial"
	CategoryConflictOfInterest Category = "conflict_of_interest"
	CategoryInformationMisuse  Category = "information_misuse"
	CategoryAbuseOfAuthority   Category = "abuse_of_authority"
	CategoryAbuseOfForce       Category = "abuse_of_force"
	CategoryUndesirableConduct Category = "undesirable_conduct"
	CategoryPrivateMisconduct  Category = "private_misconduct"
	CategoryMisuseOfResources  Category = "misuse_of_resources"
	CategoryWrongdoing         Category = "wrongdoing"
	CategoryOther              Category = "other"
)

// Outcome is the finding on one allegation; "" while it is open.
type Outcome string

// The codes of Outcome, in their list's order.
const (
	OutcomeSubstantiated       Outcome = "substantiated"
	OutcomePartlySubstantiated Outcome = "partly_substantiated"
	OutcomeUnsubstantiated     Outcome = "unsubstantiated"
	OutcomeNotEstablished      Outcome = "not_established"
	OutcomeDiscontinued        Outcome = "discontinued"
	OutcomeWithdrawn           Outcome = "withdrawn"
	OutcomeReferred            Outcome = "referred"
	OutcomeNotIntegrity        Outcome = "not_integrity"
	OutcomeNoInvestigation     Outcome = "no_investigation"
)

// MeasureKind is a measure a report can lead to.
type MeasureKind string

// The codes of MeasureKind, in their list's order.
const (
	MeasureKindConversation         MeasureKind = "conversation"
	MeasureKindWarning              MeasureKind = "warning"
	MeasureKindReprimand            MeasureKind = "reprimand"
	MeasureKindTransfer             MeasureKind = "transfer"
	MeasureKindDemotion             MeasureKind = "demotion"
	MeasureKindConditionalDismissal MeasureKind = "conditional_dismissal"
	MeasureKindDismissal            MeasureKind = "dismissal"
	MeasureKindCriminalComplaint    MeasureKind = "criminal_complaint"
	MeasureKindOrganisational       MeasureKind = "organisational"
	MeasureKindOther                MeasureKind = "other"
)

// Referral is a body a report can be referred to.
type Referral string

// The codes of Referral, in their list's order.
const (
	ReferralDataProtectionOfficer   Referral = "data_protection_officer"
	ReferralWhistleblowersAuthority Referral = "whistleblowers_authority"
	ReferralPolice                  Referral = "police"
	ReferralOther                   Referral = "other"
)

// DisclosureBasis is a ground for disclosing a reporter's identity.
type DisclosureBasis string

// The codes of DisclosureBasis, in their list's order.
const (
	DisclosureBasisConsent   DisclosureBasis = "consent"
	DisclosureBasisLegalDuty DisclosureBasis = "legal_duty"
)

// MinutesApproval is where the minutes of an oral report stand with the reporter.
type MinutesApproval string

// MinutesApprovals are the states of minutes, pending first.
var MinutesApprovals = []MinutesApproval{MinutesApprovalPending, MinutesApprovalApproved, MinutesApprovalCorrected}

// The codes of MinutesApproval.
const (
	MinutesApprovalPending   MinutesApproval = "pending"
	MinutesApprovalApproved  MinutesApproval = "approved"
	MinutesApprovalCorrected MinutesApproval = "corrected"
)

// Approved reports whether the reporter approved the minutes.
func (a MinutesApproval) Approved() bool { return a == MinutesApprovalApproved }

// IdentityRequestStatus is where a request to see a reporter's identity stands.
type IdentityRequestStatus string

// IdentityRequestStatuses are the states of a request, pending first.
var IdentityRequestStatuses = []IdentityRequestStatus{IdentityRequestStatusPending, IdentityRequestStatusApproved,
	IdentityRequestStatusRefused}

// The codes of IdentityRequestStatus.
const (
	IdentityRequestStatusPending  IdentityRequestStatus = "pending"
	IdentityRequestStatusApproved IdentityRequestStatus = "approved"
	IdentityRequestStatusRefused  IdentityRequestStatus = "refused"
)

// Dismissal is why a coordinator took a report off the deadline list and
// out of the annual report's counts; "" for a report that counts.
type Dismissal string

// The codes of Dismissal, in their list's order.
const (
	DismissalSpam      Dismissal = "spam"
	DismissalDuplicate Dismissal = "duplicate"
)

// Dismissals are the ways a report can be marked.
var Dismissals = []Dismissal{DismissalSpam, DismissalDuplicate}

// Consent is the reporter's answer to a request to see their identity on
// the ground of their consent.
type Consent string

// The codes of Consent; "" while the reporter has not answered.
const (
	ConsentGiven   Consent = "given"
	ConsentRefused Consent = "refused"
)

// ReportState is where a report stands.
type ReportState string

// ReportStates are the states in the order a report goes through them.
var ReportStates = []ReportState{StateReceived, StateAcknowledged, StateClosed}

const (
	StateReceived     ReportState = "received"     // not yet acknowledged
	StateAcknowledged ReportState = "acknowledged" // being handled
	StateClosed       ReportState = "closed"
)

// Channel is a reporting channel (context) with its own handlers: reports
// about officials, about political office holders, about the mayor, or a
// channel the organisation adds. A handler of one channel never sees
// another's reports.
type Channel struct {
	ID       int64
	OrgID    int64
	Code     string
	NameNL   string
	NameEN   string
	Handlers []int64 // user IDs
}

// DefaultChannels are created for every organisation: officials go to the
// integrity coordinator, political office holders to the mayor, the mayor to
// the council clerk (by the council's protocol).
var DefaultChannels = []Channel{
	{Code: "officials", NameNL: "Ambtenaren en ingehuurd personeel", NameEN: "Officials and hired staff"},
	{Code: "office_holders", NameNL: "Politieke ambtsdragers (naar de burgemeester)", NameEN: "Political office holders (to the mayor)"},
	{Code: "mayor", NameNL: "De burgemeester (naar de griffier)", NameEN: "The mayor (to the council clerk)"},
}

var channelCodePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// Check tidies a channel an organisation adds and returns every problem with
// it, each a FieldError naming the form field: a code of 2–40 lower-case
// letters, digits and underscores (it names the channel in the API), and a
// Dutch and an English name.
func (c *Channel) Check() []error {
	c.Code = strings.TrimSpace(c.Code)
	c.NameNL, c.NameEN = strings.TrimSpace(c.NameNL), strings.TrimSpace(c.NameEN)
	var errs []error
	if !channelCodePattern.MatchString(c.Code) {
		errs = append(errs, FieldError("code", "err.channel_code_invalid"))
	}
	if c.NameNL == "" || len(c.NameNL) > 200 {
		errs = append(errs, FieldError("name_nl", "err.name_required"))
	}
	if c.NameEN == "" || len(c.NameEN) > 200 {
		errs = append(errs, FieldError("name_en", "err.name_required"))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (c *Channel) Validate() error { return firstError(c.Check()) }

// Name returns the channel's name in lang.
func (c *Channel) Name(lang string) string {
	if lang == "en" {
		return c.NameEN
	}
	return c.NameNL
}

// ReportContent is the confidential narrative of a report: sealed in the
// database, readable only by the channel's handlers and the reporter.
type ReportContent struct {
	What         string       `json:"what"`
	When         string       `json:"when,omitempty"`
	Where        string       `json:"where,omitempty"`
	Who          string       `json:"who,omitempty"`
	HowKnown     HowKnownKind `json:"how_known,omitempty"`
	Investigator string       `json:"investigator,omitempty"`
	// ReferredName names the body a report was referred to when that is
	// ReferralOther ("Autoriteit Persoonsgegevens").
	ReferredName string `json:"referred_name,omitempty"`
	// Lang is the language the reporter filed in ("nl", "en"; "" when not
	// known: reports from before it was kept, or entered by staff): the
	// acknowledgement, the feedback and the e-mail to the reporter use it.
	// Sealed with the rest, since it may narrow down who reported.
	Lang string `json:"lang,omitempty"`
}

// ReporterIdentity is who reported and how to reach them, for a named
// report. Sealed; shown to a handler only after an approved request.
type ReporterIdentity struct {
	Name    string `json:"name"`
	Contact string `json:"contact,omitempty"`
}

// Report is a report to the reporting point. The fields outside Content and
// Identity stay in the clear because the statistics need them.
type Report struct {
	ID             int64
	OrgID          int64
	ChannelID      int64
	ChannelCode    string
	Number         string // per organisation and year: 2026-0007
	ReceivedAt     time.Time
	Source         Source
	ReporterKind   ReporterKind
	Anonymous      bool
	Whistleblower  bool
	State          ReportState
	AcknowledgedAt *time.Time
	FeedbackAt     *time.Time
	ClosedAt       *time.Time
	Investigation  Investigation
	ReferredTo     Referral
	HasIdentity    bool
	HasNotify      bool
	Dismissed      Dismissal // marked as spam or duplicate: off the deadline list, not counted
	Subject        string    // the coordinator's short subject; sealed, "" until opened or given

	Content     *ReportContent    // nil until opened with a key
	Identity    *ReporterIdentity // nil unless disclosed
	Allegations []Allegation
	Measures    []Measure
	Messages    []Message    // the conversation and notes, for a handler
	Attachments []Attachment // names and sizes, for a handler
}

// Allegation is one suspected breach within a report, with its own category
// and outcome: one investigation can find one allegation substantiated and
// another unfounded.
type Allegation struct {
	ID       int64
	ReportID int64
	Category Category
	// OwnCategoryID is the organisation's own category the allegation
	// names (0: none), OwnLabel its label; Category is then its type.
	OwnCategoryID int64
	OwnLabel      string
	Outcome       Outcome // "" while open
	OutcomeNote   string  // sealed
	// StopReason is why the investigation stopped, for the outcome
	// "discontinued" (required then, "" otherwise); for StopOther the
	// OutcomeNote says why.
	StopReason StopReason
}

// Measure is one measure a report led to; several per report are normal.
type Measure struct {
	ID       int64
	ReportID int64
	Kind     MeasureKind
	Note     string // sealed
	At       time.Time
}

// MessageKind tells messages, minutes and internal notes apart.
type MessageKind string

const (
	KindMessage MessageKind = "message" // between reporter and handlers
	KindMinutes MessageKind = "minutes" // of an oral report, for the reporter to approve
	KindNote    MessageKind = "note"    // internal, never shown to the reporter
	KindSystem  MessageKind = "system"  // written by the program (acknowledgement, closing)
	// KindFeedback is the feedback on the assessment and follow-up that a
	// handler writes to the reporter: the first one meets the three-month
	// deadline (Wbk art. 2(1)(f)).
	KindFeedback MessageKind = "feedback"
	// KindCorrection is the reporter's correction of the minutes of their
	// oral report, written instead of approving them.
	KindCorrection MessageKind = "correction"
)

// IsNote, IsMinutes, IsSystem and IsFeedback tell the kinds apart where a
// constant cannot be named (the templates).
func (k MessageKind) IsNote() bool { return k == KindNote }

// IsMinutes reports whether the message is the minutes of an oral report.
func (k MessageKind) IsMinutes() bool { return k == KindMinutes }

// IsSystem reports whether the program wrote the message.
func (k MessageKind) IsSystem() bool { return k == KindSystem }

// IsFeedback reports whether the message is feedback to the reporter.
func (k MessageKind) IsFeedback() bool { return k == KindFeedback }

// IsCorrection reports whether the message is the reporter's correction of
// the minutes.
func (k MessageKind) IsCorrection() bool { return k == KindCorrection }

// Message is one entry of a report's conversation.
type Message struct {
	ID           int64
	ReportID     int64
	Kind         MessageKind
	FromReporter bool
	AuthorID     int64
	AuthorName   string
	Body         string          // sealed
	Approval     MinutesApproval // minutes only
	At           time.Time
	Attachments  []Attachment
}

// Attachment is a file added to a report; name and content are sealed.
type Attachment struct {
	ID           int64
	ReportID     int64
	MessageID    int64
	FromReporter bool
	Name         string
	Size         int64
	Content      []byte // only when fetched
	At           time.Time
	// Meta is what was done with a reporter's file's metadata; nil for a
	// file stored before it was recorded, or a handler's own.
	Meta *AttachmentMeta
}

// IdentityRequest is a handler's request to see a reporter's identity, and
// the custodian's decision.
type IdentityRequest struct {
	ID           int64
	ReportID     int64
	ReportNumber string
	RequestedBy  int64
	Requester    string
	Reason       string // readable by the custodians and, on the ground of consent, the reporter: it must not repeat the report
	Basis        DisclosureBasis
	Status       IdentityRequestStatus
	DecidedBy    int64
	Decider      string
	At           time.Time
	DecidedAt    *time.Time
	// Consent is the reporter's answer where the ground is their consent
	// ("" while unanswered); ConsentAt when they gave it.
	Consent   Consent
	ConsentAt *time.Time
	// RefusalReason is why a custodian refused (required when they do).
	RefusalReason string
}

// AwaitsReporter reports whether the request waits for the reporter's
// answer: pending, on the ground of consent, unanswered. The custodian
// cannot approve it yet.
func (q IdentityRequest) AwaitsReporter() bool {
	return q.Status == IdentityRequestStatusPending && q.Basis == DisclosureBasisConsent && q.Consent == ""
}

// Attachment limits: a reporter's device must not be able to fill the disk.
const (
	MaxAttachmentBytes = 10 << 20
	MaxAttachments     = 10
	MaxTextRunes       = 20000
)

// NewReport is what a reporter (or a handler entering an oral report) gives.
type NewReport struct {
	Channel       string
	Source        Source
	ReporterKind  ReporterKind
	Anonymous     bool
	Whistleblower bool
	Content       ReportContent
	Identity      ReporterIdentity
	NotifyEmail   string
	ReceivedAt    time.Time // zero: now
}

// Check checks and tidies a new report and returns every problem with it,
// each a FieldError naming the field (form and API use the same names).
func (n *NewReport) Check() []error {
	var errs []error
	n.Content.What = strings.TrimSpace(n.Content.What)
	if n.Content.What == "" {
		errs = append(errs, FieldError("description", "err.description_required"))
	}
	for _, t := range []struct{ field, text string }{{"description", n.Content.What}, {"when", n.Content.When},
		{"where", n.Content.Where}, {"involved", n.Content.Who}, {"name", n.Identity.Name}, {"contact", n.Identity.Contact}} {
		if !CleanText(t.text) {
			errs = append(errs, FieldError(t.field, "err.text_invalid"))
		} else if len([]rune(t.text)) > MaxTextRunes {
			errs = append(errs, FieldError(t.field, "err.too_long"))
		}
	}
	if n.Source == "" {
		n.Source = SourceWeb
	}
	if !slices.Contains(Sources, n.Source) {
		errs = append(errs, FieldError("source", "err.choice_invalid"))
	}
	if n.ReporterKind == "" {
		n.ReporterKind = ReporterKindUnknown
	}
	if !slices.Contains(ReporterKinds, n.ReporterKind) {
		errs = append(errs, FieldError("reporter_kind", "err.choice_invalid"))
	}
	if n.Content.HowKnown != "" && !slices.Contains(HowKnown, n.Content.HowKnown) {
		errs = append(errs, FieldError("how_known", "err.choice_invalid"))
	}
	if n.Anonymous {
		n.Identity = ReporterIdentity{}
	} else if strings.TrimSpace(n.Identity.Name) == "" {
		errs = append(errs, FieldError("name", "err.name_for_named"))
	}
	n.NotifyEmail = strings.TrimSpace(n.NotifyEmail)
	if n.NotifyEmail != "" && !ValidEmail(n.NotifyEmail) {
		errs = append(errs, FieldError("notify_email", "err.email_invalid"))
	}
	return errs
}

// Validate returns the first problem Check finds, or nil.
func (n *NewReport) Validate() error { return firstError(n.Check()) }

// EventKind is the kind of one step in a report's timeline; the catalogue
// words it as "case.event." + code.
type EventKind string

// EventKinds are the kinds of timeline events, in the order of the
// catalogue.
var EventKinds = []EventKind{EventKindReceived, EventKindAcknowledged, EventKindMessage, EventKindNote,
	EventKindMinutes, EventKindMinutesApproved, EventKindMinutesCorrected, EventKindReporterMessage,
	EventKindAllegation, EventKindOutcome, EventKindMeasure, EventKindInvestigation, EventKindReferred,
	EventKindAssigned, EventKindLinked, EventKindIdentityRequested, EventKindIdentityApproved,
	EventKindIdentityRefused, EventKindAccessRecovered, EventKindClosed, EventKindConsentGiven, EventKindConsentRefused, EventKindMarked, EventKindUnmarked, EventKindSubject}

// The codes of EventKind.
const (
	EventKindReceived          EventKind = "received"
	EventKindAcknowledged      EventKind = "acknowledged"
	EventKindMessage           EventKind = "message"
	EventKindNote              EventKind = "note"
	EventKindMinutes           EventKind = "minutes"
	EventKindMinutesApproved   EventKind = "minutes_approved"
	EventKindMinutesCorrected  EventKind = "minutes_corrected"
	EventKindReporterMessage   EventKind = "reporter_message"
	EventKindAllegation        EventKind = "allegation"
	EventKindOutcome           EventKind = "outcome"
	EventKindMeasure           EventKind = "measure"
	EventKindInvestigation     EventKind = "investigation"
	EventKindReferred          EventKind = "referred"
	EventKindAssigned          EventKind = "assigned"
	EventKindLinked            EventKind = "linked"
	EventKindIdentityRequested EventKind = "identity_requested"
	EventKindIdentityApproved  EventKind = "identity_approved"
	EventKindIdentityRefused   EventKind = "identity_refused"
	EventKindAccessRecovered   EventKind = "access_recovered"
	EventKindClosed            EventKind = "closed"
	EventKindConsentGiven      EventKind = "identity_consent_given"
	EventKindConsentRefused    EventKind = "identity_consent_refused"
	EventKindMarked            EventKind = "marked"   // as spam or duplicate (the detail)
	EventKindUnmarked          EventKind = "unmarked" // counts again
	EventKindSubject           EventKind = "subject"  // the coordinator's subject given or changed
)

// MaxSubjectRunes is how long the coordinator's subject of a report may be:
// a line in the report list.
const MaxSubjectRunes = 120
