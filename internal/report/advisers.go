package report

import (
	"github.com/integer-nl/integer/internal/domain"
)

// adviserKindCodes are the groups of advisers, "unset" last.
func adviserKindCodes() []string { return append(domain.Strings(domain.AdviserKinds), "unset") }

// casesByAdviserKind counts the cases per group of advisers: internal and
// external always, "unset" when advisers who have not said which they are
// have cases.
func casesByAdviserKind(b *builder, byKind map[string]domain.AdviserFigures) map[string]Count {
	out := map[string]Count{}
	for _, k := range adviserKindCodes() {
		f, ok := byKind[k]
		switch {
		case ok:
			if k != "unset" || f.Cases > 0 {
				out[k] = b.c(f.Cases)
			}
		case k != "unset":
			out[k] = 0
		}
	}
	return out
}

// adviserCaseTables are the advisers' cases as Helmond publishes them:
// the kinds of issue under two headings, conduct and integrity, each with
// its subtotal (a case can have several kinds), and the cases per group of
// advisers.
func (l *layout) adviserCaseTables(ca *Advisers) []Table {
	subtotal := func(t Table) Table {
		t.Rows[len(t.Rows)-1][0] = l.t("annual.col.subtotal")
		return t
	}
	kinds := []string{}
	for _, k := range adviserKindCodes() {
		if _, ok := ca.CasesByAdviserKind[k]; ok {
			kinds = append(kinds, k)
		}
	}
	return []Table{
		subtotal(l.codeTable("Kwestie VP omgangsvormen", "annual.cap.issue_kinds_conduct", "annual.col.issue_kind",
			domain.Strings(domain.AdviserConductKinds), ca.IssueKinds, "adviser.issue.")),
		subtotal(l.codeTable("Kwestie VP integriteit", "annual.cap.issue_kinds_integrity", "annual.col.issue_kind",
			domain.AdviserIntegrityKinds(), ca.IssueKinds, "case.category.")),
		l.codeTable("Casussen per soort VP", "annual.cap.cases_by_adviser_kind", "annual.col.adviser_kind",
			kinds, ca.CasesByAdviserKind, "advisers.kind_col."),
	}
}
