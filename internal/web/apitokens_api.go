package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// apiStatistics answers the annual report's figures of a year as JSON (the
// controller's JSON download), for a token with statistics:read:
// ?year= (default the latest year with records), ?suppress=.
func (s *Server) apiStatistics(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	lang := apiLang(r)
	f := &form{Values: url.Values{}, Errors: map[string]string{}}
	year, suppress, err := s.annualParams(r, f, lang)
	if err != nil {
		return err
	}
	for _, field := range []string{"year", "suppress"} {
		if f.Errors[field] != "" {
			return &apiProblem{status: http.StatusBadRequest, code: "invalid", field: field, key: "err.annual_report_" + field}
		}
	}
	rep, err := report.Build(r.Context(), s.store, rs.org.ID, year, report.Options{SuppressBelow: suppress, Lang: lang, Catalog: s.cat})
	if err != nil {
		return err
	}
	j, err := rep.JSON()
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("%d json", year)
	if suppress > 0 {
		detail += fmt.Sprintf(" suppress<%d", suppress)
	}
	if err := s.store.Audit(r.Context(), store.TokenActor(rs.apiToken), "annual_report.download", "annual_report", strconv.Itoa(year), detail); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(j)
	return nil
}

type apiImportResult struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

type apiImportProblem struct {
	File    string `json:"file"`
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

type apiImportRefused struct {
	Error    apiErrorDetail     `json:"error"`
	Problems []apiImportProblem `json:"problems"`
}

// apiPeopleImport imports people.csv (the register template's columns, see
// docs/import.md) sent as the body, all or nothing, for a token with
// people:import; every problem is answered at once with its row and column.
func (s *Server) apiPeopleImport(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	lang := apiLang(r)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, peopleImportFileBytes))
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return &apiProblem{status: http.StatusRequestEntityTooLarge, code: "too_large", key: "people.import_too_large", args: []any{peopleImportFileBytes >> 20}}
	}
	if err != nil {
		return &apiProblem{status: http.StatusBadRequest, code: "invalid", key: "err.upload_unreadable"}
	}
	res, problems, err := register.ImportPeople(r.Context(), s.store, store.TokenActor(rs.apiToken), rs.org.ID, bytes.NewReader(body), nil)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		out := apiImportRefused{Error: apiErrorDetail{Code: "invalid", Message: s.cat.T(lang, "people.import_refused", len(problems))}}
		for _, p := range problems {
			out.Problems = append(out.Problems, apiImportProblem{File: p.File, Row: p.Row, Column: p.Column, Message: s.cat.T(lang, p.Key, p.Args...)})
		}
		writeJSON(w, http.StatusBadRequest, out)
		return nil
	}
	writeJSON(w, http.StatusOK, apiImportResult{Created: res.Created, Updated: res.Updated, Unchanged: res.Unchanged})
	return nil
}
