package domain

// OrgFact is a fact about the organisation in a year that the annual
// report puts its figures against: the number of employees (reports per
// 1,000 employees is the figure organisations compare), of internal and
// external confidential advisers, and of integrity coordinators.
type OrgFact string

// The codes of OrgFact, as organisation_facts.csv's measure column names
// them.
const (
	FactEmployees             OrgFact = "employees"
	FactInternalAdvisers      OrgFact = "internal_advisers"
	FactExternalAdvisers      OrgFact = "external_advisers"
	FactIntegrityCoordinators OrgFact = "integrity_coordinators"
)

// OrgFacts lists the facts in the order the report and the form show them.
var OrgFacts = []OrgFact{FactEmployees, FactInternalAdvisers, FactExternalAdvisers, FactIntegrityCoordinators}

// MaxOrgFact is the largest count a fact may have: more employees than any
// Dutch public body has is a typing error.
const MaxOrgFact = 1_000_000

// CheckOrgFact checks one fact of a year: a year in range ("year"), a
// measure of the list ("measure"), a count from 0 to MaxOrgFact, and at
// least 1 for the employees, whom the report divides by ("count").
func CheckOrgFact(year int, measure OrgFact, count int) []error {
	var errs []error
	if !YearValid(year) {
		errs = append(errs, FieldError("year", "err.annual_report_year"))
	}
	switch {
	case !isOrgFact(measure):
		errs = append(errs, FieldError("measure", "err.choice_invalid"))
	case count < 0 || count > MaxOrgFact:
		errs = append(errs, FieldError("count", "err.org_fact_count"))
	case measure == FactEmployees && count == 0:
		errs = append(errs, FieldError("count", "err.org_fact_employees_zero"))
	}
	return errs
}

func isOrgFact(m OrgFact) bool {
	for _, f := range OrgFacts {
		if f == m {
			return true
		}
	}
	return false
}
