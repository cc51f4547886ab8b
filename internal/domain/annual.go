package domain

// ReportRegister is a register the annual report reads: a kind of record
// that an organisation keeps, or does not. A register that holds nothing
// dated in a year is "not registered" for that year, unless the
// organisation stated that there was none.
type ReportRegister string

// The codes of ReportRegister, in the order of the report.
const (
	ReportRegisterReports            ReportRegister = "reports"
	ReportRegisterAdviceRequests     ReportRegister = "advice_requests"
	ReportRegisterAdviserCases       ReportRegister = "adviser_cases"
	ReportRegisterAdviserContacts    ReportRegister = "adviser_contacts"
	ReportRegisterAdviserActivities  ReportRegister = "adviser_activities"
	ReportRegisterAggression         ReportRegister = "aggression"
	ReportRegisterPeople             ReportRegister = "people"
	ReportRegisterCouncil            ReportRegister = "council"
	ReportRegisterActivities         ReportRegister = "activities"
	ReportRegisterOutsideActivities  ReportRegister = "outside_activities"
	ReportRegisterGifts              ReportRegister = "gifts"
	ReportRegisterFinancialInterests ReportRegister = "financial_interests"
)

// ReportRegisters lists the registers of the annual report.
var ReportRegisters = []ReportRegister{ReportRegisterReports, ReportRegisterAdviceRequests, ReportRegisterAdviserCases,
	ReportRegisterAdviserContacts, ReportRegisterAdviserActivities, ReportRegisterAggression, ReportRegisterPeople,
	ReportRegisterCouncil, ReportRegisterActivities, ReportRegisterOutsideActivities, ReportRegisterGifts,
	ReportRegisterFinancialInterests}

// RegisterStatus says what the annual report knows of a register in a year.
type RegisterStatus string

// The codes of RegisterStatus.
const (
	// RegisterRecords: the register holds records dated in the year.
	RegisterRecords RegisterStatus = "records"
	// RegisterStatedNone: no records, and the organisation stated there
	// were none: the figures are 0.
	RegisterStatedNone RegisterStatus = "stated_none"
	// RegisterNotRegistered: no records and no statement: unknown.
	RegisterNotRegistered RegisterStatus = "not_registered"
)

// HasRecords reports whether the register holds records in the year.
func (s RegisterStatus) HasRecords() bool { return s == RegisterRecords }

// NotRegistered reports whether neither records nor a statement are known.
func (s RegisterStatus) NotRegistered() bool { return s == RegisterNotRegistered }
