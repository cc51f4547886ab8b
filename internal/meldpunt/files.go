package meldpunt

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"time"

	"github.com/integer-nl/integer/internal/clean"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// A reporter's files: their metadata is found and shown before the report
// is sent (Review), and removed unless the reporter keeps it, when the
// files are stored (Submit, WriteMessage, Message). Between the review and
// the submission the files travel in the review page itself, sealed under
// a key of the installation (Hold, Unhold): nothing is stored before the
// reporter decides, and every server can read them back.

// Upload is a file a reporter sends, with their choice about its metadata.
type Upload struct {
	Name    string
	Content []byte
	// KeepMetadata stores the file as sent, metadata and all (a photo
	// whose location is the evidence); by default it is removed.
	KeepMetadata bool
}

// Reviewed is a file as the reporter reviews it: what it reveals, and the
// file held for the submission.
type Reviewed struct {
	Name   string
	Result clean.Result
	// Held is the file sealed for the review page; Unhold opens it.
	Held string
}

// holdFor bounds how long a review page's files can be sent.
const holdFor = 6 * time.Hour

// Review examines each file and seals it for the review page. context
// binds the sealed files to one form (the report form's one-time id, or
// the mailbox's report), so that they cannot be sent with another.
func (s *Service) Review(context string, files []Upload) []Reviewed {
	out := make([]Reviewed, len(files))
	for i, f := range files {
		out[i] = Reviewed{Name: f.Name, Result: clean.Examine(f.Content), Held: s.hold(context, f)}
	}
	return out
}

// Reveals reports whether any of the files needs the reporter's look:
// metadata found, or a file that cannot be cleaned.
func Reveals(files []Reviewed) bool {
	for _, f := range files {
		if f.Result.Reveals() {
			return true
		}
	}
	return false
}

func (s *Service) hold(context string, f Upload) string {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, s.store.Now().Unix())
	binary.Write(&b, binary.BigEndian, uint32(len(f.Name)))
	b.WriteString(f.Name)
	b.Write(f.Content)
	return base64.RawURLEncoding.EncodeToString(seal.Seal(s.holdKey(), "held-file:"+context, b.Bytes()))
}

// Unhold opens a file sealed by Review for the same context. Errors:
// EINVALID ("attachments") for a file that does not open or whose review
// is older than holdFor.
func (s *Service) Unhold(context, held string) (Upload, error) {
	refused := domain.FieldError("attachments", "err.attachment_review_expired")
	sealed, err := base64.RawURLEncoding.DecodeString(held)
	if err != nil {
		return Upload{}, refused
	}
	b, err := seal.Open(s.holdKey(), "held-file:"+context, sealed)
	if err != nil || len(b) < 12 {
		return Upload{}, refused
	}
	at := time.Unix(int64(binary.BigEndian.Uint64(b)), 0)
	n := int(binary.BigEndian.Uint32(b[8:]))
	if s.store.Now().Sub(at) > holdFor || n > len(b)-12 {
		return Upload{}, refused
	}
	return Upload{Name: string(b[12 : 12+n]), Content: b[12+n:]}, nil
}

func (s *Service) holdKey() seal.Key { return seal.Derive(s.formKey, "held-file") }

// storable cleans each file unless the reporter keeps its metadata, and
// records for the handler what was done.
func storable(files []Upload) []store.File {
	out := make([]store.File, len(files))
	for i, f := range files {
		r := clean.Examine(f.Content)
		rec := r.Record(f.KeepMetadata)
		out[i] = store.File{Name: f.Name, Content: r.Content(f.Content, f.KeepMetadata), Meta: &rec}
	}
	return out
}

// records lists what was done with each stored file's metadata.
func records(files []store.File) []domain.AttachmentMeta {
	out := make([]domain.AttachmentMeta, len(files))
	for i, f := range files {
		out[i] = *f.Meta
	}
	return out
}
