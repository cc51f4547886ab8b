package report

import (
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
)

// Most tables of the report count: their rows are categories, kinds or
// years, so they keep their size however large the organisation. A few
// list records one per row (the year's integrity activities, the
// vulnerable positions, a plan's actions past their period), and those
// grow with the organisation: the 300 activities of a large one were half
// of its PDF's table cells and half of Chromium's tagged print
// (docs/performance.md). A council report does not list hundreds of
// records line by line, so the page and the PDF show such a list only up
// to ListLimit rows; above it they show its Brief: a table that sums the
// list, when there is one, and a sentence that the full list is in the
// workbook and the JSON, which keep every record.

// ListLimit is the most rows of a list of records that the page and the
// PDF show. 40 rows of the report's tables fill about one A4 page: a
// longer list is no longer read line by line, while a municipality's year
// (tens of activities, a few dozen vulnerable positions) stays under it
// and its report is as it was.
const ListLimit = 40

// Brief takes the place of a list of more than ListLimit records on the
// page and in the PDF.
type Brief struct {
	Table *Table // the list summed (counts by kind); nil when the section has its figures already
	Text  string // where the full list is: "… the full list of all 300 activities is in the workbook (XLSX) and the JSON …"
}

// ForPage is the document as the page and the PDF show it: every list of
// more than ListLimit records replaced by its brief, the sentence among
// the section's paragraphs. The document itself is not changed: the
// workbook is written from it with every record. A document without such a
// list is given back as it is.
func (d *Document) ForPage() *Document {
	long := func(t Table) bool { return t.Brief != nil && len(t.Rows) > ListLimit }
	found := false
	for _, s := range d.Sections {
		for _, t := range s.Tables {
			found = found || long(t)
		}
	}
	if !found {
		return d
	}
	page := *d
	page.Sections = make([]Section, len(d.Sections))
	for i, s := range d.Sections {
		ps := s
		ps.Text = append([]string(nil), s.Text...)
		ps.Tables = nil
		for _, t := range s.Tables {
			if !long(t) {
				ps.Tables = append(ps.Tables, t)
				continue
			}
			ps.Text = append(ps.Text, t.Brief.Text)
			if t.Brief.Table != nil {
				bt := *t.Brief.Table
				if bt.Heading == "" {
					bt.Heading = t.Heading
				}
				ps.Tables = append(ps.Tables, bt)
			}
		}
		page.Sections[i] = ps
	}
	return &page
}

// activitiesBrief sums the year's activities by kind: how many, and their
// known participants; every kind in its order, then the total.
func (l *layout) activitiesBrief() *Brief {
	r := l.r
	t := &Table{Sheet: "Activiteiten per soort", Caption: l.t("annual.cap.activities_by_kind"),
		Headers: []string{l.t("annual.col.kind"), l.t("annual.col.count"), l.t("annual.col.attendance")}}
	attendance := map[string]int{}
	for _, a := range r.Activities {
		if a.Attendance != nil {
			attendance[a.Kind] += *a.Attendance
		}
	}
	for _, k := range domain.ActivityKinds {
		t.Rows = append(t.Rows, []string{l.label(string(k), "activity.kind."), l.count(r.ActivityCounts.ByKind[string(k)]), strconv.Itoa(attendance[string(k)])})
	}
	// The total as the section's introduction gives it.
	t.Rows = append(t.Rows, []string{l.t("annual.col.total"), l.count(r.ActivityCounts.Total), strconv.Itoa(r.ActivityCounts.Attendance)})
	return &Brief{Table: t, Text: l.t("annual.list_elsewhere.activities", len(r.Activities))}
}
