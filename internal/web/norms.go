package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// The scorecard of the 13 basic integrity norms (controller): a page and
// JSON for a chosen year compared with the year before, both computed by
// report.Scorecard (the annual report's section is the same), and the
// controller's recorded evidence for the norms Integer cannot compute.

type normsPage struct {
	Year, Previous int
	YearForm       *form
	Card           *report.BasicNorms
	Rows           []normRow
	Record         *form
	NormOptions    []option
	StatusOptions  []option
	Records        []normRecordRow
	Notice         string
}

type normRow struct {
	Name, Status, Previous string
	StatusCode, PrevCode   string
	Evidence, Missing      []string
	Fix, FixLabel, Keeper  string
}

type normRecordRow struct {
	ID                         int64
	Norm, Status, On, Document string
	Note                       string
}

// normsYear reads ?year=, by default the last complete year; a bad one is
// an error at the year field and the default shown.
func (s *Server) normsYear(r *http.Request, f *form, lang string) int {
	year := domain.ThisYear(s.store.Now()) - 1
	if v := strings.TrimSpace(r.URL.Query().Get("year")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !domain.YearValid(n) || !domain.YearValid(n-1) {
			f.Errors["year"] = s.cat.T(lang, "err.annual_report_year")
		} else {
			year = n
		}
	}
	f.Values.Set("year", strconv.Itoa(year))
	return year
}

func (s *Server) normsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderNorms(w, r, http.StatusOK, &form{Values: url.Values{}, Errors: map[string]string{}})
}

func (s *Server) renderNorms(w http.ResponseWriter, r *http.Request, status int, rec *form) error {
	rs := state(r)
	yf := &form{Values: url.Values{}, Errors: map[string]string{}}
	year := s.normsYear(r, yf, rs.lang)
	if len(yf.Errors) > 0 && status == http.StatusOK {
		status = http.StatusBadRequest
	}
	card, err := report.Scorecard(r.Context(), s.store, rs.org.ID, rs.org.Slug, year, report.Options{Lang: rs.lang, Catalog: s.cat})
	if err != nil {
		return err
	}
	p := normsPage{Year: year, Previous: year - 1, YearForm: yf, Card: card, Record: rec, Notice: s.acDone(r, "norms.done_")}
	for _, n := range card.Norms {
		p.Rows = append(p.Rows, normRow{Name: s.cat.T(rs.lang, "norms.norm."+n.Norm),
			Status: s.cat.T(rs.lang, "norms.status."+n.Status), StatusCode: n.Status,
			Previous: s.cat.T(rs.lang, "norms.status."+n.PreviousStatus), PrevCode: n.PreviousStatus,
			Evidence: n.Evidence, Missing: n.Missing, Fix: n.Fix, FixLabel: s.cat.T(rs.lang, "norms.fix"), Keeper: n.KeptBy})
	}
	p.NormOptions = s.options(rs.lang, "norms.norm.", domain.Strings(domain.RecordedNorms), rec.Values.Get("norm"))
	p.StatusOptions = s.options(rs.lang, "norms.status.", domain.Strings(domain.RecordStatuses), rec.Values.Get("status"))
	records, err := s.store.NormRecords(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	for _, x := range records {
		p.Records = append(p.Records, normRecordRow{ID: x.ID, Norm: s.cat.T(rs.lang, "norms.norm."+string(x.Norm)),
			Status: s.cat.T(rs.lang, "norms.status."+string(x.Status)), On: domain.DateOf(x.On).Display(), Document: x.Document, Note: x.Note})
	}
	s.render(w, r, status, "norms", s.cat.T(rs.lang, "norms.title"), p)
	return nil
}

// normsJSON is the scorecard as JSON, for the same year as the page.
func (s *Server) normsJSON(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	yf := &form{Values: url.Values{}, Errors: map[string]string{}}
	year := s.normsYear(r, yf, rs.lang)
	if len(yf.Errors) > 0 {
		return domain.FieldError("year", "err.annual_report_year")
	}
	card, err := report.Scorecard(r.Context(), s.store, rs.org.ID, rs.org.Slug, year, report.Options{Lang: rs.lang, Catalog: s.cat})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, card)
	return nil
}

// parseNormRecord reads the record form: the day's parse error, then every
// problem of the domain's check.
func parseNormRecord(f *form) (*domain.NormRecord, []error) {
	v := f.Values
	rec := &domain.NormRecord{Norm: domain.Norm(v.Get("norm")), Status: domain.NormStatus(v.Get("status")),
		Document: v.Get("document"), Note: v.Get("note")}
	var errs []error
	on, err := parseDayStart("on", v.Get("on"))
	if err != nil {
		errs = append(errs, err)
	}
	rec.On = on
	check := *rec
	errs = append(errs, check.Check()...)
	return rec, errs
}

func (s *Server) addNormRecord(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	rec, errs := parseNormRecord(f)
	if len(errs) == 0 {
		if err := s.store.AddNormRecord(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, rec); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		if f.Error == "" {
			f.Error = s.cat.T(rs.lang, "norms.check_fields")
		}
		return s.renderNorms(w, r, statusFor[domain.ErrorCode(errs[0])], f)
	}
	s.redirect(w, r, s.orgURL(rs.org, "norms?year="+strconv.Itoa(max(rec.On.Year(), domain.FirstYear+1))+"&done=recorded#records"))
	return nil
}

func (s *Server) deleteNormRecord(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := acPathID(r, "err.norm_record_not_found")
	if err != nil {
		return err
	}
	if err := s.store.DeleteNormRecord(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id); err != nil {
		return err
	}
	s.redirect(w, r, s.orgURL(rs.org, "norms?done=deleted#records"))
	return nil
}
