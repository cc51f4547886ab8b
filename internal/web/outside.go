package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// Outside activities (nevenwerkzaamheden), kept and assessed by HR, with
// the periodic re-confirmation; the public register of the published ones
// (register_public.go); financial interests of designated positions
// (financial.go); and employees reporting their own (outside_my.go).

type outsideListPage struct {
	Rows      []outsideRow
	Reconfirm []outsideRow
	Counts    []domain.OutsideCounts
	Years     []option
	Assess    []option
	Published []option
	People    []option
	Sorts     []option
	Notice    string
	ExportCSV string
	ExportXLS string
}

// outsideRow is an activity with its labels in the page's language.
type outsideRow struct {
	A          *domain.OutsideActivity
	Status     string
	Assessment string
	Published  bool
	Reconfirm  bool // the holder must confirm it again
}

func (s *Server) outsideRows(lang string, list []*domain.OutsideActivity) []outsideRow {
	today := s.store.Now()
	out := make([]outsideRow, len(list))
	for i, a := range list {
		out[i] = outsideRow{A: a, Status: s.cat.T(lang, "outside.status."+string(a.Status)),
			Assessment: s.cat.T(lang, "outside.assessment."+string(a.Assessment)), Published: a.Published(today),
			Reconfirm: a.NeedsReconfirmation(today)}
	}
	return out
}

// outsideFilter reads the list's filters from the query; anything unknown
// is ignored, so a hand-edited address shows the full list.
func outsideFilter(q url.Values) store.OutsideFilter {
	f := store.OutsideFilter{Year: domain.FilterYear(q.Get("year")), Assessment: q.Get("assessment"), Published: q.Get("published"),
		Sort: q.Get("sort")}
	if !slices.Contains(domain.OutsideAssessments, domain.OutsideAssessment(f.Assessment)) {
		f.Assessment = ""
	}
	if !slices.Contains(domain.YesNos, domain.YesNo(f.Published)) {
		f.Published = ""
	}
	if id, err := strconv.ParseInt(q.Get("person"), 10, 64); err == nil && id > 0 {
		f.PersonID = id
	}
	if !slices.Contains(store.OutsideSorts, f.Sort) {
		f.Sort = "date"
	}
	return f
}

func (s *Server) outsideList(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	q := r.URL.Query()
	f := outsideFilter(q)
	list, err := s.store.OutsideActivities(ctx, rs.org.ID, f)
	if err != nil {
		return err
	}
	if format := exportFormat(r); format != "" {
		return s.outsideExport(w, r, format, f, list)
	}
	counts, err := s.store.OutsideCountsByYear(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	due, err := s.store.OutsideToReconfirm(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	all, err := s.store.OutsideActivities(ctx, rs.org.ID, store.OutsideFilter{Sort: "person"})
	if err != nil {
		return err
	}
	first := func(key string) []option { return []option{{Value: "", Label: s.cat.T(rs.lang, key)}} }
	p := outsideListPage{
		Rows: s.outsideRows(rs.lang, list), Reconfirm: s.outsideRows(rs.lang, due), Counts: counts,
		Assess:    append(first("outside.all_assessments"), s.options(rs.lang, "outside.assessment.", domain.Strings(domain.OutsideAssessments), f.Assessment)...),
		Published: append(first("outside.published_all"), s.options(rs.lang, "outside.published_", domain.Strings(domain.YesNos), f.Published)...),
		People:    first("outside.all_people"),
		Sorts:     s.options(rs.lang, "outside.sort_", store.OutsideSorts, f.Sort),
		ExportCSV: s.exportURL(rs.org, "outside-activities", q, "csv"),
		ExportXLS: s.exportURL(rs.org, "outside-activities", q, "xlsx"),
	}
	if d := q.Get("done"); slices.Contains([]string{"created", "saved", "assessed", "confirmed", "deleted"}, d) {
		p.Notice = s.cat.T(rs.lang, "outside.done_"+d)
	}
	seen := map[int64]bool{}
	for _, a := range all {
		if !seen[a.PersonID] {
			seen[a.PersonID] = true
			p.People = append(p.People, option{Value: strconv.FormatInt(a.PersonID, 10),
				Label: outsidePersonLabel(a.PersonName, a.PersonRef), Selected: a.PersonID == f.PersonID})
		}
	}
	var years []int
	for _, c := range counts {
		years = append(years, c.Year)
	}
	p.Years = s.yearOptions(rs.lang, years, f.Year, "", "advice.all_years")
	s.render(w, r, http.StatusOK, "outside", s.cat.T(rs.lang, "outside.title"), p)
	return nil
}

// outsidePersonLabel names a person in a choice: "Eva Jansen (1001)".
func outsidePersonLabel(name, ref string) string {
	if strings.TrimSpace(name) == "" {
		return ref
	}
	return name + " (" + ref + ")"
}

// outsideYesNo is yes or no in the page's language.
func (s *Server) outsideYesNo(lang string, b bool) string {
	if b {
		return s.cat.T(lang, "outside.yes")
	}
	return s.cat.T(lang, "outside.no")
}

// outsideExport sends the list as the page shows it, with every field
// (HR's own export, never public), and audits the export with its filters.
func (s *Server) outsideExport(w http.ResponseWriter, r *http.Request, format string, f store.OutsideFilter, list []*domain.OutsideActivity) error {
	rs := state(r)
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	t := table{Name: T("outside.export_name"), Title: T("outside.export_title"),
		Headers: []string{T("outside.reported_on"), T("outside.person_ref"), T("outside.person_name"), T("outside.position"),
			T("outside.activity"), T("outside.organisation"), T("outside.paid_short"), T("outside.hours_short"), T("outside.income_short"),
			T("outside.start_on"), T("outside.end_on"), T("outside.status"), T("outside.assessment"), T("outside.assessed_on"),
			T("outside.assessed_by"), T("outside.reasons"), T("outside.last_confirmed"), T("outside.public_short")}}
	if f.Year != 0 {
		t.Name += "-" + strconv.Itoa(f.Year)
		t.Title += " " + strconv.Itoa(f.Year)
	}
	today := s.store.Now()
	for _, a := range list {
		var income, hours cell
		if a.IncomeEUR != nil {
			income = euroCell(*a.IncomeEUR)
		}
		if a.HoursPerMonth > 0 {
			hours = intCell(a.HoursPerMonth)
		}
		t.Rows = append(t.Rows, []any{dayCell(a.ReportedOn), a.PersonRef, a.PersonName, a.PositionTitle, a.Activity, a.Organisation,
			s.outsideYesNo(rs.lang, a.Paid), hours, income, optDayCell(a.StartOn), optDayCell(a.EndOn), T("outside.status." + string(a.Status)),
			T("outside.assessment." + string(a.Assessment)), optDayCell(a.AssessedOn), a.AssessorName, a.Reasons, dayCell(a.LastConfirmed()),
			s.outsideYesNo(rs.lang, a.Published(today))})
	}
	detail := format + " year=" + strconv.Itoa(f.Year) + " assessment=" + f.Assessment + " published=" + f.Published +
		" person=" + strconv.FormatInt(f.PersonID, 10) + " rows=" + strconv.Itoa(len(list))
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID).In(rs.org.ID), "outside.export", "outside_activities", "", detail); err != nil {
		return err
	}
	return s.export(w, format, t)
}
