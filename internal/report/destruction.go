package report

import (
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
)

// DestructionStatement lays out the statement of destruction (verklaring
// van vernietiging) of a carried-out destruction: who approved it under
// which mandate and when, the counts per record type, and every destroyed
// record by type and reference with its term. It holds no content of the
// records. The page shows it, and PDFEngine prints it like the annual
// report.
func DestructionStatement(d *domain.Destruction, orgName string, cat *i18n.Catalog, lang string) *Document {
	if cat == nil {
		cat = defaultCatalog()
	}
	t := func(key string, args ...any) string { return cat.T(lang, key, args...) }
	at := d.At.In(domain.Amsterdam())
	doc := &Document{Lang: lang, Title: t("retention.statement_title"), Subtitle: orgName,
		Generated: t("retention.statement_made", at.Format(domain.DisplayLayout+" 15:04"))}

	counts := d.Counts()
	sum := Table{Sheet: "Aantallen", Caption: t("retention.statement_counts"), Headers: []string{t("retention.col.kind"), t("annual.col.count")}}
	for _, term := range domain.RetentionTerms {
		if n := counts[term.Kind]; n > 0 {
			sum.Rows = append(sum.Rows, []string{t("retention.kind." + string(term.Kind)), strconv.Itoa(n)})
		}
	}
	sum.Rows = append(sum.Rows, []string{t("annual.col.total"), strconv.Itoa(len(d.Entries))})
	doc.Sections = append(doc.Sections, Section{ID: "statement", Title: t("retention.statement_heading"),
		Text:   []string{t("retention.statement_text", d.ApprovedBy, orgName, at.Format(domain.DisplayLayout), d.Authority), t("retention.statement_kept")},
		Tables: []Table{sum}})

	list := Table{Plain: true, NoWrap: true, Sheet: "Vernietigd", Caption: t("retention.statement_list"),
		Headers: []string{t("retention.col.ref"), t("retention.col.kind"), t("retention.col.term"), t("retention.col.start"), t("retention.col.expired")}}
	for _, e := range d.Entries {
		term := domain.TermOf(e.Kind)
		list.Rows = append(list.Rows, []string{e.Ref, t("retention.short." + string(e.Kind)), t("retention.years", term.Years),
			domain.DateOf(e.Start).Display(), domain.DateOf(e.Expired).Display()})
	}
	var terms []string
	for _, term := range domain.RetentionTerms {
		if counts[term.Kind] > 0 {
			terms = append(terms, t("retention.statement_term", t("retention.short."+string(term.Kind)), t("retention.years", term.Years), t(term.From)))
		}
	}
	doc.Sections = append(doc.Sections, Section{ID: "destroyed", Title: t("retention.statement_list_heading"), Text: terms, Tables: []Table{list}})
	return doc
}
