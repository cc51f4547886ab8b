package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/meldpunt"
)

// The review step of the reporter's files. The report form and the
// mailbox's message form post their files; when a file carries metadata
// (or cannot be cleaned), the server answers with a review page instead of
// storing: what each file reveals in plain words, a checkbox per file to
// keep it (unticked: removed), the form's own values in hidden fields and
// the files sealed (meldpunt.Review). Sending that page stores the report
// or message. No JavaScript: the page is a form like any other.

const (
	// heldField carries a file through the review page, sealed.
	heldField = "held"
	// keepField is the checkbox per file whose metadata the reporter
	// keeps; its value is the file's position.
	keepField = "keep"
)

type reviewPage struct {
	Action  string        // where the page posts
	Hidden  []hiddenValue // the form's values, carried unchanged
	Files   []reviewFile
	Mailbox bool // the mailbox's message form, not the report form
}

type hiddenValue struct{ Name, Value string }

type reviewFile struct {
	Index   int
	Name    string
	Held    string
	Lines   []string // what it reveals, one sentence per kind
	Problem string   // why it is stored as sent, with advice; "" when it can be cleaned
	Keep    bool     // metadata found that the reporter may keep
}

// ShownOnce hides the language switch: it would post the page without the
// files.
func (reviewPage) ShownOnce() bool { return true }

// reviewStep returns the review page for files that need the reporter's
// look, or nil when none does (or none was sent).
func (s *Server) reviewStep(lang, context, action string, f *form, files []meldpunt.Upload) *reviewPage {
	if len(files) == 0 {
		return nil
	}
	reviewed := s.meldpunt.Review(context, files)
	if !meldpunt.Reveals(reviewed) {
		return nil
	}
	p := &reviewPage{Action: action}
	for name, vs := range f.Values {
		if name == heldField || name == keepField {
			continue
		}
		for _, v := range vs {
			p.Hidden = append(p.Hidden, hiddenValue{name, v})
		}
	}
	slices.SortStableFunc(p.Hidden, func(a, b hiddenValue) int { return strings.Compare(a.Name, b.Name) })
	for i, r := range reviewed {
		rf := reviewFile{Index: i, Name: r.Name, Held: r.Held, Keep: len(r.Result.Findings) > 0}
		for _, fd := range r.Result.Findings {
			rf.Lines = append(rf.Lines, s.findingLine(lang, fd.Field, fd.Values))
		}
		if !r.Result.Cleanable() {
			rf.Problem = s.cat.T(lang, "clean.problem."+string(r.Result.Problem))
		}
		p.Files = append(p.Files, rf)
	}
	return p
}

// findingLine is one kind of metadata in the reporter's words, with what
// it says: "Het noemt ‘J. Jansen’ als auteur of maker."
func (s *Server) findingLine(lang string, field domain.MetaField, values []string) string {
	if len(values) == 0 {
		return s.cat.T(lang, "clean.found_kind", s.cat.T(lang, "clean.kind."+string(field)))
	}
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "‘" + v + "’"
		if field == domain.MetaLocation { // coordinates, not a name
			quoted[i] = v
		}
	}
	return s.cat.T(lang, "clean.found."+string(field), joinAnd(quoted, s.cat.T(lang, "clean.and")))
}

// joinAnd joins "a, b and c".
func joinAnd(items []string, and string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}

// heldFiles reads back the files a review page sent, with the reporter's
// choice per file. Errors: EINVALID ("attachments") for a file that does
// not open.
func (s *Server) heldFiles(context string, v url.Values) ([]meldpunt.Upload, error) {
	keep := map[int]bool{}
	for _, k := range v[keepField] {
		if i, err := strconv.Atoi(k); err == nil {
			keep[i] = true
		}
	}
	var out []meldpunt.Upload
	for i, held := range v[heldField] {
		up, err := s.meldpunt.Unhold(context, held)
		if err != nil {
			return nil, err
		}
		up.KeepMetadata = keep[i]
		out = append(out, up)
	}
	if len(out) > domain.MaxAttachments {
		return nil, domain.FieldError("attachments", "err.attachments_too_many", domain.MaxAttachments)
	}
	return out, nil
}

// metaLine is what the handler reads about a file's metadata.
func (s *Server) metaLine(lang string, m *domain.AttachmentMeta) string {
	if m == nil {
		return s.cat.T(lang, "clean.outcome.unknown")
	}
	switch m.Outcome {
	case domain.MetaRemoved, domain.MetaKept:
		kinds := make([]string, len(m.Fields))
		for i, f := range m.Fields {
			kinds[i] = s.cat.T(lang, "clean.kind."+string(f))
		}
		return s.cat.T(lang, "clean.outcome."+string(m.Outcome), strings.Join(kinds, ", "))
	}
	return s.cat.T(lang, "clean.outcome."+string(m.Outcome))
}
