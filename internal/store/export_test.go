package store

// IdentityRequestsQuery is identityRequestsQuery, for the plan test.
const IdentityRequestsQuery = identityRequestsQuery

// ReportIdentityRequestsWhere is reportIdentityRequestsWhere, for the plan test.
const ReportIdentityRequestsWhere = reportIdentityRequestsWhere
