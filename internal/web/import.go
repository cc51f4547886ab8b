package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/store"
)

// The controller's import of the register template: several CSV files
// named like the template's files, or one XLSX workbook with a sheet per
// file. All or nothing (internal/register): one problem and nothing is
// stored, and the page lists every problem with its file, row and column.

// Limits of a template upload, read into memory, never written to disk.
const (
	importBodyBytes = 32 << 20
	importShown     = 500 // the most problems the page lists
)

type importPage struct {
	Form     *form
	Problems []peopleImportProblem
	More     int
	Counts   []importCount
}

// importCount is what the import did with one file, named as the user
// knows it (a CSV file, or a workbook's sheet).
type importCount struct {
	register.FileCount
	Source string
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, p importPage) error {
	s.render(w, r, status, "import", s.cat.T(state(r).lang, "import.title"), p)
	return nil
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderImport(w, r, http.StatusOK, importPage{Form: &form{Values: url.Values{}, Errors: map[string]string{}}})
}

// importTemplate sends the template workbook.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	if err := register.WriteTemplate(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="integer-sjabloon.xlsx"`)
	_, err := w.Write(buf.Bytes())
	return err
}

var errImportTooLarge = errors.New("import too large")

// readTemplateFiles reads the upload's files (field "files") into memory,
// by file name.
func readTemplateFiles(w http.ResponseWriter, r *http.Request) (map[string][]byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, importBodyBytes)
	files := map[string][]byte{}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		_ = r.ParseForm()
		return files, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return files, nil
		}
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, errImportTooLarge
		}
		if err != nil {
			return nil, err
		}
		if part.FormName() != "files" {
			_, _ = io.Copy(io.Discard, part)
			continue
		}
		b, err := io.ReadAll(part)
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, errImportTooLarge
		}
		if err != nil {
			return nil, err
		}
		name := strings.ToLower(part.FileName())
		if name == "" && len(b) == 0 {
			continue // the empty part a browser sends when no file was chosen
		}
		if i := strings.LastIndexAny(name, `/\`); i >= 0 {
			name = name[i+1:]
		}
		files[name] = b
	}
}

func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	T := func(key string, args ...any) string { return s.cat.T(rs.lang, key, args...) }
	p := importPage{Form: &form{Values: url.Values{}, Errors: map[string]string{}}}
	files, err := readTemplateFiles(w, r)
	switch {
	case errors.Is(err, errImportTooLarge):
		p.Form.Errors["files"] = T("err.import_upload", importBodyBytes>>20)
		return s.renderImport(w, r, http.StatusRequestEntityTooLarge, p)
	case err != nil:
		p.Form.Error = T("err.upload_unreadable")
		return s.renderImport(w, r, http.StatusBadRequest, p)
	case len(files) == 0:
		p.Form.Errors["files"] = T("err.import_upload", importBodyBytes>>20)
		return s.renderImport(w, r, http.StatusBadRequest, p)
	}
	// The import stores nothing once its client is gone, or once it has run
	// so long that the server would no longer deliver the answer.
	ctx, cancel := context.WithTimeout(r.Context(), s.importDeadline)
	defer cancel()
	res, err := register.Import(ctx, s.store, store.UserActor(rs.user, rs.session.ID), rs.org.ID, files)
	if ctx.Err() != nil && err != nil {
		s.log.Warn("import stopped: nothing stored", "err", err)
		p.Form.Error = T("import.too_slow", int(s.importDeadline.Seconds()))
		return s.renderImport(w, r, http.StatusServiceUnavailable, p)
	}
	var problems *register.Problems
	if errors.As(err, &problems) {
		p.Form.Error = T("import.problems", len(problems.List))
		for i, pr := range problems.List {
			if i == importShown {
				p.More = len(problems.List) - i
				break
			}
			p.Problems = append(p.Problems, peopleImportProblem{File: pr.Source(s.cat, rs.lang), Row: pr.Row, Column: pr.Column, Message: T(pr.Key, pr.Args...)})
		}
		return s.renderImport(w, r, http.StatusBadRequest, p)
	}
	if err != nil {
		return err
	}
	// The counts are shown at once: they are not worth a redirect's query.
	for _, c := range res.Files {
		p.Counts = append(p.Counts, importCount{FileCount: c, Source: c.Source(s.cat, rs.lang)})
	}
	return s.renderImport(w, r, http.StatusOK, p)
}
