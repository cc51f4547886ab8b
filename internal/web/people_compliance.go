package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The compliance view: of the people in service, who lacks which
// onboarding item they owe and since how many days (counted from the start
// date), the counts per item and per department; and what was done in a
// year (the annual report's "114 employees took the oath or affirmation").

type compliancePage struct {
	Dept, Item  string // the list's filters
	Year        int
	Years       []option
	Counts      domain.OnboardingCounts
	Items       []complianceItem
	ItemHeads   []string
	ByDept      []complianceDept
	Total       complianceDept
	Departments []option
	ItemFilter  []option
	Rows        []complianceRow
	ExportCSV   string
	ExportXLS   string
}

// complianceItem is one onboarding item over everyone in service.
type complianceItem struct {
	Label                       string
	Owed, Done, Marked, Lacking int
}

// complianceDept counts one department's people in service, those who lack
// something, and the lacking per item (in the order of OnboardingItems).
type complianceDept struct {
	Department string
	People     int
	WithGaps   int
	Lacking    []int
}

// complianceRow is one person who lacks something.
type complianceRow struct {
	P          *domain.Person
	Label      string
	Employment string
	Lacking    string
	Days       string // since the start date
	days       int
	known      bool
}

func (s *Server) complianceView(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	q := r.URL.Query()
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	now := s.store.Now()
	all, err := s.store.People(ctx, rs.org.ID, store.PeopleFilter{})
	if err != nil {
		return err
	}
	marks, err := s.store.OnboardingMarks(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	departments, err := s.store.Departments(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	dept, item := q.Get("department"), q.Get("item")
	if !slices.Contains(departments, dept) {
		dept = ""
	}
	if !slices.Contains(domain.OnboardingItems, domain.OnboardingItem(item)) {
		item = ""
	}
	year := domain.FilterYear(q.Get("year"))
	if year == 0 {
		year = domain.ThisYear(now)
	}

	p := compliancePage{Dept: dept, Item: item, Year: year, Departments: s.departmentOptions(rs.lang, departments, dept),
		ItemFilter: append([]option{{Value: "", Label: T("compliance.all_items")}},
			s.options(rs.lang, "people.item.", domain.Strings(domain.OnboardingItems), item)...)}
	byDept := map[string]*complianceDept{}
	newDept := func(name string) *complianceDept {
		return &complianceDept{Department: name, Lacking: make([]int, len(domain.OnboardingItems))}
	}
	p.Total = *newDept(T("compliance.total"))
	for _, it := range domain.OnboardingItems {
		p.Items = append(p.Items, complianceItem{Label: T("people.item." + string(it))})
		p.ItemHeads = append(p.ItemHeads, T("people.item."+string(it)))
	}
	years := []int{domain.ThisYear(now), year}
	for _, person := range all {
		for _, it := range domain.OnboardingItems {
			if d := person.Done(it); d != nil {
				years = append(years, domain.DateOf(*d).Year)
			}
		}
		if person.StartOn != nil {
			years = append(years, person.StartOn.Year())
		}
		if person.Left(now) || person.Employment == domain.EmploymentOfficeHolder {
			continue // office holders owe HR nothing
		}
		d := byDept[person.Department]
		if d == nil {
			d = newDept(person.Department)
			byDept[person.Department] = d
		}
		d.People++
		p.Total.People++
		gaps := unmarkedGaps(person.Gaps(now), marks[person.ID])
		if len(gaps) > 0 {
			d.WithGaps++
			p.Total.WithGaps++
		}
		for i, it := range domain.OnboardingItems {
			if domain.Owes(person.Employment, it) {
				p.Items[i].Owed++
				if person.Done(it) != nil {
					p.Items[i].Done++
				} else if _, ok := marks[person.ID][it]; ok {
					p.Items[i].Marked++
				}
			}
		}
		var lacking []string
		match := false
		for _, g := range gaps {
			i := slices.Index(domain.OnboardingItems, g.Item)
			d.Lacking[i]++
			p.Total.Lacking[i]++
			p.Items[i].Lacking++
			lacking = append(lacking, T("people.item."+string(g.Item)))
			match = match || item == "" || string(g.Item) == item
		}
		if len(gaps) == 0 || !match || (dept != "" && person.Department != dept) {
			continue
		}
		row := complianceRow{P: person, Label: personName(person), Employment: T("people.employment." + string(person.Employment)),
			Lacking: strings.Join(lacking, ", ")}
		row.days, row.known = gaps[0].Days(now)
		switch {
		case !row.known:
			row.Days = T("compliance.start_unknown")
		case row.days < 0:
			row.Days = T("compliance.starts_on", caseDate(*person.StartOn))
		default:
			n, unit := domain.MissingFor(*person.StartOn, now)
			row.Days = T("compliance.missing."+unit, n, caseDate(*person.StartOn))
		}
		p.Rows = append(p.Rows, row)
	}
	// The longest lacking first; unknown start dates last.
	slices.SortStableFunc(p.Rows, func(a, b complianceRow) int {
		if a.known != b.known {
			if a.known {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.days, a.days), cmp.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)))
	})
	for _, d := range byDept {
		if d.Department == "" {
			d.Department = T("compliance.no_department")
		}
		p.ByDept = append(p.ByDept, *d)
	}
	slices.SortFunc(p.ByDept, func(a, b complianceDept) int {
		return cmp.Compare(strings.ToLower(a.Department), strings.ToLower(b.Department))
	})

	if format := exportFormat(r); format != "" {
		return s.complianceExport(w, r, format, dept, item, p.Rows)
	}
	counts, err := s.store.OnboardingCounts(ctx, rs.org.ID, year)
	if err != nil {
		return err
	}
	p.Counts = counts
	slices.Sort(years)
	years = slices.Compact(years)
	slices.Reverse(years)
	for _, y := range years {
		p.Years = append(p.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	p.ExportCSV = s.exportURL(rs.org, "compliance", q, "csv")
	p.ExportXLS = s.exportURL(rs.org, "compliance", q, "xlsx")
	s.render(w, r, http.StatusOK, "compliance", T("compliance.title"), p)
	return nil
}

// complianceExport sends the list of who lacks what, with the page's
// filters, and audits the export.
func (s *Server) complianceExport(w http.ResponseWriter, r *http.Request, format, dept, item string, rows []complianceRow) error {
	rs := state(r)
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	t := table{Name: T("compliance.export_name"), Title: T("compliance.export_title"),
		Headers: []string{T("people.ref"), T("people.name"), T("people.department"), T("people.employment"), T("people.start_on"),
			T("compliance.col_lacking"), T("compliance.col_days")}}
	for _, row := range rows {
		var days cell
		if row.known {
			days = intCell(row.days)
		}
		t.Rows = append(t.Rows, []any{row.P.Ref, row.P.Name, row.P.Department, row.Employment, optDayCell(row.P.StartOn), row.Lacking, days})
	}
	detail := format + " department=" + dept + " item=" + item + " rows=" + strconv.Itoa(len(rows))
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID).In(rs.org.ID), "compliance.export", "people", "", detail); err != nil {
		return err
	}
	return s.export(w, format, t)
}

// unmarkedGaps leaves out of gaps the duties HR marked as not applicable or
// settled before the system.
func unmarkedGaps(gaps []domain.Gap, marks map[domain.OnboardingItem]domain.OnboardingMark) []domain.Gap {
	out := gaps[:0:0]
	for _, g := range gaps {
		if _, ok := marks[g.Item]; !ok {
			out = append(out, g)
		}
	}
	return out
}
