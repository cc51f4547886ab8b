package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/store"
)

// The bulk import of the people register from the HR system's export, in
// the register template's columns: people.csv and, optionally,
// positions.csv. All or nothing: one problem and nothing is stored, and
// every problem is listed with its file, row and column.

// Limits of an import upload. The files are read into memory, never
// written to disk.
const (
	// A people.csv of register.MaxRows rows as HR systems export it is
	// about 10 MB.
	peopleImportFileBytes = 16 << 20
	peopleImportBodyBytes = 2*peopleImportFileBytes + 64<<10
	// peopleImportShown is the most problems the page lists.
	peopleImportShown = 500
)

type peopleImportPage struct {
	Form          *form
	Problems      []peopleImportProblem
	More          int // problems not shown
	Notice        string
	PeopleCols    []importColumn
	PositionsCols []importColumn
}

type peopleImportProblem struct {
	File, Column, Message string
	Row                   int
}

// importColumn describes one column of the template.
type importColumn struct {
	Name     string
	Required bool
	Desc     string
}

func (s *Server) renderPeopleImport(w http.ResponseWriter, r *http.Request, status int, p peopleImportPage) error {
	rs := state(r)
	for _, c := range domain.PeopleColumns {
		p.PeopleCols = append(p.PeopleCols, importColumn{Name: c, Required: c == "ref" || c == "employment",
			Desc: s.cat.T(rs.lang, "people.import_col."+c)})
	}
	for _, c := range domain.PositionColumns {
		p.PositionsCols = append(p.PositionsCols, importColumn{Name: c, Required: c == "ref" || c == "title",
			Desc: s.cat.T(rs.lang, "positions.import_col."+c)})
	}
	s.render(w, r, status, "people_import", s.cat.T(rs.lang, "people.import_title"), p)
	return nil
}

func (s *Server) peopleImportForm(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	p := peopleImportPage{Form: &form{Values: url.Values{}, Errors: map[string]string{}}}
	if r.URL.Query().Get("done") == "imported" {
		n := func(k string) int { v, _ := strconv.Atoi(r.URL.Query().Get(k)); return max(v, 0) }
		p.Notice = s.cat.T(rs.lang, "people.import_done", n("created"), n("updated"))
		if u := n("unchanged"); u > 0 {
			p.Notice += " " + s.cat.T(rs.lang, "people.import_done_unchanged", u)
		}
		if pos := n("positions"); pos > 0 {
			p.Notice += " " + s.cat.T(rs.lang, "people.import_done_positions", pos)
		}
	}
	return s.renderPeopleImport(w, r, http.StatusOK, p)
}

// errPeopleImportTooLarge is an upload beyond the limits.
var errPeopleImportTooLarge = errors.New("import too large")

// readImportFiles reads the two file fields of the upload into memory.
// A file field without a file gives nil.
func readImportFiles(w http.ResponseWriter, r *http.Request) (people, positions []byte, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, peopleImportBodyBytes)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		_ = r.ParseForm()
		return nil, nil, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, err
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return people, positions, nil
		}
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, nil, errPeopleImportTooLarge
		}
		if err != nil {
			return nil, nil, err
		}
		name := part.FormName()
		if name != "people" && name != "positions" {
			_, _ = io.Copy(io.Discard, part)
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, peopleImportFileBytes+1))
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, nil, errPeopleImportTooLarge
		}
		if err != nil {
			return nil, nil, err
		}
		if len(b) > peopleImportFileBytes {
			return nil, nil, errPeopleImportTooLarge
		}
		if part.FileName() == "" && len(b) == 0 {
			continue // the empty part a browser sends when no file was chosen
		}
		if name == "people" {
			people = b
		} else {
			positions = b
		}
	}
}

func (s *Server) peopleImport(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	p := peopleImportPage{Form: &form{Values: url.Values{}, Errors: map[string]string{}}}
	people, positions, err := readImportFiles(w, r)
	switch {
	case errors.Is(err, errPeopleImportTooLarge):
		p.Form.Error = T("people.import_too_large", peopleImportFileBytes>>20)
		return s.renderPeopleImport(w, r, http.StatusRequestEntityTooLarge, p)
	case err != nil:
		p.Form.Error = T("err.upload_unreadable")
		return s.renderPeopleImport(w, r, http.StatusBadRequest, p)
	case people == nil:
		p.Form.Errors["people"] = T("people.import_choose")
		return s.renderPeopleImport(w, r, http.StatusBadRequest, p)
	}
	var posReader io.Reader
	if positions != nil {
		posReader = bytes.NewReader(positions)
	}
	res, problems, err := register.ImportPeople(r.Context(), s.store, store.UserActor(rs.user, rs.session.ID), rs.org.ID,
		bytes.NewReader(people), posReader)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		p.Form.Error = T("people.import_refused", len(problems))
		for i, pr := range problems {
			if i == peopleImportShown {
				p.More = len(problems) - i
				break
			}
			p.Problems = append(p.Problems, peopleImportProblem{File: pr.File, Row: pr.Row, Column: pr.Column,
				Message: T(pr.Key, pr.Args...)})
		}
		return s.renderPeopleImport(w, r, http.StatusBadRequest, p)
	}
	q := url.Values{"done": {"imported"}, "created": {strconv.Itoa(res.Created)}, "updated": {strconv.Itoa(res.Updated)},
		"unchanged": {strconv.Itoa(res.Unchanged)}, "positions": {strconv.Itoa(res.PositionsCreated + res.PositionsUpdated)}}
	s.redirect(w, r, s.orgURL(rs.org, "people/import?"+q.Encode()))
	return nil
}
