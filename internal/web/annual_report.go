package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// The annual integrity report (jaarverslag integriteit) for the
// concerncontroller: the page computes it from the records on every
// request, links the PDF, XLSX and JSON of the same figures, and lets the
// controller write the foreword and the plans. Every download is audited.

// ReportStylesheet is the report's stylesheet, for the stand-alone HTML file
// of `integer report`.
func ReportStylesheet() []byte {
	b, err := fs.ReadFile(staticFS, "static/css/report.css")
	if err != nil {
		panic("web: no report.css")
	}
	return b
}

type annualReportPage struct {
	Form      *form // year and suppress (GET)
	Texts     *form // foreword and plans (POST)
	Year      int
	Body      template.HTML
	Suppress  int // the limit of small counts, for the download links
	Notice    string
	TextsOpen bool
	MaxText   int
	// Registers lists what the report knows of each register in the year,
	// with the controller's actions; RegistersError says why one was refused.
	Registers      []annualRegister
	RegistersError string
	// Shows is the choice of categories (national, own, both); HasOwn
	// whether the organisation has own categories at all.
	Shows           []option
	HasOwn          bool
	CategoriesError string
	// Facts is the form of the organisation's facts of the year (one
	// field per domain.OrgFacts, empty = unknown), FactFields its fields.
	Facts      *form
	FactFields []field
	FactsOpen  bool
}

// annualRegister is one register on the report page: its status in the year
// and whether its section is left out when it holds nothing.
type annualRegister struct {
	Code, Label, StatusLabel string
	Status                   domain.RegisterStatus
	Omit                     bool
}

// annualParams reads year and suppress; a year out of range or a bad
// suppress is an error at that field of f. Without a year it is the latest
// year with records (report.LatestYear).
func (s *Server) annualParams(r *http.Request, f *form, lang string) (year, suppress int, err error) {
	q := r.URL.Query()
	if v := strings.TrimSpace(q.Get("year")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !domain.YearValid(n) {
			f.Errors["year"] = s.cat.T(lang, "err.annual_report_year")
		} else {
			year = n
		}
	}
	// The latest year only when none is asked for: it reads every year of
	// every register (report.LatestYear), which at 15 years of 10,000
	// reports took longer than the report of the year asked for.
	if year == 0 {
		if year, err = report.LatestYear(r.Context(), s.store, state(r).org.ID, s.store.Now()); err != nil {
			return 0, 0, err
		}
	}
	if v := strings.TrimSpace(q.Get("suppress")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100 {
			f.Errors["suppress"] = s.cat.T(lang, "err.annual_report_suppress")
		} else {
			suppress = n
		}
	}
	f.Values.Set("year", strconv.Itoa(year))
	if q.Has("year") {
		f.Values.Set("year", q.Get("year"))
	}
	f.Values.Set("suppress", q.Get("suppress"))
	return year, suppress, nil
}

func (s *Server) annualReport(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := &form{Values: url.Values{}, Errors: map[string]string{}}
	year, suppress, err := s.annualParams(r, f, rs.lang)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(f.Errors) > 0 {
		status = http.StatusBadRequest
	}
	texts, err := s.store.AnnualReportTexts(r.Context(), rs.org.ID, year)
	if err != nil {
		return err
	}
	tf := &form{Values: url.Values{}, Errors: map[string]string{}}
	tf.Values.Set("year", strconv.Itoa(year))
	tf.Values.Set("foreword", texts["foreword"])
	tf.Values.Set("plans", texts["plans"])
	p := annualReportPage{Form: f, Texts: tf}
	switch r.URL.Query().Get("done") {
	case "texts":
		p.Notice = s.cat.T(rs.lang, "annual.done_texts")
	case "registers":
		p.Notice = s.cat.T(rs.lang, "annual.done_registers")
	case "categories":
		p.Notice = s.cat.T(rs.lang, "annual.done_categories")
	case "facts":
		p.Notice = s.cat.T(rs.lang, "annual.done_facts")
	}
	return s.renderAnnualReport(w, r, status, year, suppress, p)
}

func (s *Server) renderAnnualReport(w http.ResponseWriter, r *http.Request, status, year, suppress int, p annualReportPage) error {
	rs := state(r)
	p.Year, p.MaxText = year, store.MaxAnnualReportText
	p.Suppress = suppress
	rep, err := report.Build(r.Context(), s.store, rs.org.ID, year, report.Options{SuppressBelow: suppress, Lang: rs.lang, Catalog: s.cat})
	if err != nil {
		return err
	}
	if p.Body, err = rep.Document(s.cat, rs.lang).BodyHTML(s.cat.T(rs.lang, "annual.toc")); err != nil {
		return err
	}
	for _, reg := range domain.ReportRegisters {
		st := rep.Registers[string(reg)]
		p.Registers = append(p.Registers, annualRegister{Code: string(reg), Label: s.cat.T(rs.lang, "annual.register."+string(reg)),
			Status: st, StatusLabel: s.cat.T(rs.lang, "annual.status."+string(st)), Omit: rep.Omit[string(reg)]})
	}
	for _, v := range domain.CategoryShowsAll {
		p.Shows = append(p.Shows, option{Value: string(v), Label: s.cat.T(rs.lang, "annual.categories_shows."+string(v)), Selected: v == rep.CategoryShows})
	}
	if p.Facts == nil { // the stored facts of the year; a refused form keeps what was typed
		all, err := s.store.OrganisationFacts(r.Context(), rs.org.ID)
		if err != nil {
			return err
		}
		p.Facts = &form{Values: url.Values{}, Errors: map[string]string{}}
		for m, n := range all[year] {
			p.Facts.Values.Set(string(m), strconv.Itoa(n))
		}
	}
	for _, m := range domain.OrgFacts {
		p.FactFields = append(p.FactFields, newField(p.Facts, string(m), "import.org_fact."+string(m), "text"))
	}
	p.HasOwn = rep.Reports != nil && len(rep.Reports.OwnCategories) > 0
	if !p.HasOwn {
		own, err := s.store.OwnCategoryChoices(r.Context(), rs.org.ID)
		if err != nil {
			return err
		}
		p.HasOwn = len(own) > 0
	}
	s.render(w, r, status, "annual_report", s.cat.T(rs.lang, "annual.doc_title", year), p)
	return nil
}

// annualReportCategories chooses what the report shows of the allegations'
// categories: the national typology, the organisation's own categories, or
// both. Audited; a choice not of the list changes nothing.
func (s *Server) annualReportCategories(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	year, yerr := strconv.Atoi(strings.TrimSpace(f.Values.Get("year")))
	if yerr != nil || !domain.YearValid(year) {
		year = domain.ThisYear(s.store.Now()) - 1
	}
	err := s.store.SetReportCategoryShows(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, domain.CategoryShows(f.Values.Get("shows")))
	if err != nil {
		if !s.fail(f, rs.lang, err) {
			return err
		}
		q := &form{Values: url.Values{"year": {strconv.Itoa(year)}}, Errors: map[string]string{}}
		return s.renderAnnualReport(w, r, http.StatusBadRequest, year, 0, annualReportPage{Form: q,
			Texts: &form{Values: url.Values{}, Errors: map[string]string{}}, CategoriesError: firstError(f)})
	}
	s.redirect(w, r, s.orgURL(rs.org, "annual-report?year="+strconv.Itoa(year)+"&done=categories")+"#categories")
	return nil
}

// annualReportFacts saves the organisation's facts of a year (employees,
// confidential advisers, integrity coordinators; an empty field is
// unknown), audited by the store. Bad input shows the form again with what
// was typed and a message at each field, and changes nothing.
func (s *Server) annualReportFacts(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	year, yerr := strconv.Atoi(strings.TrimSpace(f.Values.Get("year")))
	if yerr != nil || !domain.YearValid(year) {
		year = domain.ThisYear(s.store.Now()) - 1
		f.Error = s.cat.T(rs.lang, "err.annual_report_year")
	}
	facts := map[domain.OrgFact]*int{}
	for _, m := range domain.OrgFacts {
		// A Dutch thousands separator is allowed: 1.100 is 1100.
		v := strings.ReplaceAll(strings.TrimSpace(f.Values.Get(string(m))), ".", "")
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			f.Errors[string(m)] = s.cat.T(rs.lang, "err.org_fact_count")
			continue
		}
		for _, e := range domain.CheckOrgFact(year, m, n) {
			if de := domain.AsError(e); de != nil && de.Field == "count" {
				f.Errors[string(m)] = s.cat.T(rs.lang, de.Key, de.Args...)
			}
		}
		facts[m] = &n
	}
	if len(f.Errors) == 0 && f.Error == "" {
		err := s.store.SetOrganisationFacts(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, year, facts)
		if err != nil && !s.fail(f, rs.lang, err) {
			return err
		}
	}
	if len(f.Errors) > 0 || f.Error != "" {
		q := &form{Values: url.Values{"year": {strconv.Itoa(year)}}, Errors: map[string]string{}}
		return s.renderAnnualReport(w, r, http.StatusBadRequest, year, 0, annualReportPage{Form: q,
			Texts: &form{Values: url.Values{}, Errors: map[string]string{}}, Facts: f, FactsOpen: true})
	}
	s.redirect(w, r, s.orgURL(rs.org, "annual-report?year="+strconv.Itoa(year)+"&done=facts")+"#facts")
	return nil
}

// annualReportFile serves the report as PDF, XLSX or JSON, by the path's
// extension, with the same year and suppression as the page.
func (s *Server) annualReportFile(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := &form{Values: url.Values{}, Errors: map[string]string{}}
	year, suppress, err := s.annualParams(r, f, rs.lang)
	if err != nil {
		return err
	}
	if len(f.Errors) > 0 {
		return domain.FieldError("year", "err.annual_report_year")
	}
	ext := r.URL.Path[strings.LastIndexByte(r.URL.Path, '.')+1:]
	if ext == "pdf" {
		// The browser's start (at the first PDF) and the PDF's tab are
		// made ready while the report is built.
		s.pdf.Prepare()
	}
	rep, err := report.Build(r.Context(), s.store, rs.org.ID, year, report.Options{SuppressBelow: suppress, Lang: rs.lang, Catalog: s.cat})
	if err != nil {
		return err
	}
	var b bytes.Buffer
	var ctype string
	switch ext {
	case "json":
		ctype = "application/json"
		j, jerr := rep.JSON()
		b.Write(j)
		err = jerr
	case "xlsx":
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = rep.Document(s.cat, rs.lang).WriteXLSX(&b)
	case "pdf":
		ctype = "application/pdf"
		if !s.pdf.Available() {
			return domain.Errorf(domain.EUNAVAILABLE, "err.annual_report_pdf_engine")
		}
		err = s.pdf.Write(r.Context(), &b, rep.Document(s.cat, rs.lang), s.cat.T(rs.lang, "annual.toc"), s.cat.T(rs.lang, "annual.page_of"), ReportStylesheet())
	default:
		return s.notFound(w, r)
	}
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("%d %s", year, ext)
	if suppress > 0 {
		detail += fmt.Sprintf(" suppress<%d", suppress)
	}
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID).In(rs.org.ID), "annual_report.download", "annual_report", strconv.Itoa(year), detail); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="jaarverslag-integriteit-%s-%d.%s"`, rs.org.Slug, year, ext))
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(b.Bytes())
	return nil
}

// annualReportTexts saves the foreword and plans of a year. On bad input the
// page is shown again with what was typed and nothing stored.
func (s *Server) annualReportTexts(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	tf := newForm(r)
	year, err := strconv.Atoi(strings.TrimSpace(tf.Values.Get("year")))
	if err != nil || !domain.YearValid(year) {
		tf.Errors["year"] = s.cat.T(rs.lang, "err.annual_report_year")
		year = domain.ThisYear(s.store.Now()) - 1
	}
	texts := map[string]string{}
	for _, section := range store.AnnualReportSections {
		texts[section] = tf.Values.Get(section)
	}
	if len(tf.Errors) == 0 {
		err := s.store.SetAnnualReportTexts(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, year, texts)
		if err != nil && !s.fail(tf, rs.lang, err) {
			return err
		}
	}
	if len(tf.Errors) > 0 || tf.Error != "" {
		f := &form{Values: url.Values{"year": {strconv.Itoa(year)}}, Errors: map[string]string{}}
		return s.renderAnnualReport(w, r, http.StatusBadRequest, year, 0, annualReportPage{Form: f, Texts: tf, TextsOpen: true})
	}
	s.redirect(w, r, s.orgURL(rs.org, "annual-report?year="+strconv.Itoa(year)+"&done=texts")+"#texts")
	return nil
}

// annualReportRegisters is the controller's action on a register of a
// year: state that it held nothing ("none": the report prints 0), withdraw
// that statement, or choose whether its section is left out ("omit") or
// said to be not registered ("show") when it holds nothing. Every action is
// audited; bad input changes nothing.
func (s *Server) annualReportRegisters(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	year, yerr := strconv.Atoi(strings.TrimSpace(f.Values.Get("year")))
	if yerr != nil || !domain.YearValid(year) {
		year = domain.ThisYear(s.store.Now()) - 1
		f.Errors["year"] = s.cat.T(rs.lang, "err.annual_report_year")
	}
	reg := f.Values.Get("register")
	actor := store.UserActor(rs.user, rs.session.ID)
	if len(f.Errors) == 0 {
		var err error
		switch f.Values.Get("action") {
		case "none", "withdraw":
			err = s.store.SetRegisterNone(r.Context(), actor, rs.org.ID, reg, year, f.Values.Get("action") == "none")
		case "omit", "show":
			err = s.store.SetAnnualReportOmit(r.Context(), actor, rs.org.ID, reg, f.Values.Get("action") == "omit")
		default:
			err = domain.FieldError("action", "err.choice_invalid")
		}
		if err != nil && !s.fail(f, rs.lang, err) {
			return err
		}
	}
	if msg := firstError(f); msg != "" {
		q := &form{Values: url.Values{"year": {strconv.Itoa(year)}}, Errors: map[string]string{}}
		return s.renderAnnualReport(w, r, http.StatusBadRequest, year, 0, annualReportPage{Form: q,
			Texts: &form{Values: url.Values{}, Errors: map[string]string{}}, RegistersError: msg})
	}
	s.redirect(w, r, s.orgURL(rs.org, "annual-report?year="+strconv.Itoa(year)+"&done=registers")+"#registers")
	return nil
}

// firstError is the form's general error or else one of its field errors.
func firstError(f *form) string {
	if f.Error != "" {
		return f.Error
	}
	for _, k := range slices.Sorted(maps.Keys(f.Errors)) {
		return f.Errors[k]
	}
	return ""
}
