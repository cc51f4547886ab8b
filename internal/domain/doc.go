// Package domain holds Integer's types, rules and error codes: what an
// organisation, a staff account, a role and an audit entry are, independent of
// storage and of the web. Other packages depend on it; it depends on nothing of
// the project's own.
package domain
