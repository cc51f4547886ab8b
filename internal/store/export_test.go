package store

import "time"

// IdentityRequestsQuery is identityRequestsQuery, for the plan test.
const IdentityRequestsQuery = identityRequestsQuery

// ReportIdentityRequestsWhere is reportIdentityRequestsWhere, for the plan test.
const ReportIdentityRequestsWhere = reportIdentityRequestsWhere

// OpenReportsQueries are OpenReports's count and page statements with
// their arguments, for the plan test.
func (s *Store) OpenReportsQueries(orgID, userID int64, f ReportFilter, now time.Time) (count, page string, countArgs, pageArgs []any, err error) {
	q, err := s.openReportsQueries(orgID, userID, f, now, 100, 100)
	return q.count, q.page, q.countArgs, q.pageArgs, err
}

// MendNextDueQuery is MendNextDue's read of the open reports, for the plan
// test.
func (s *Store) MendNextDueQuery() string { return nextDueDates(s.engine) + mendOpenReports(s.engine) }

// ReportsByIDQuery is reportsByIDQuery, for the plan test.
func (s *Store) ReportsByIDQuery(ids []int64) string { return s.reportsByIDQuery(ids) }
