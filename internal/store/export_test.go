package store

// IdentityRequestsQuery is identityRequestsQuery, for the plan test.
const IdentityRequestsQuery = identityRequestsQuery

// ReportIdentityRequestsWhere is reportIdentityRequestsWhere, for the plan test.
const ReportIdentityRequestsWhere = reportIdentityRequestsWhere

// OpenReportDatesQuery is openReportDatesQuery, for the plan test.
func (s *Store) OpenReportDatesQuery(orgID, userID int64, f ReportFilter) (string, []any, error) {
	return s.openReportDatesQuery(orgID, userID, f)
}

// ReportsByIDQuery is reportsByIDQuery, for the plan test.
func (s *Store) ReportsByIDQuery(ids []int64) string { return s.reportsByIDQuery(ids) }
