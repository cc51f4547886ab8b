package store_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The record of what was done with an attachment's metadata reaches the
// handler with the file, sealed like its name: the database holds no kind
// of metadata in the clear.
func TestAttachmentMetadataRecord(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		coord, kr := handler(t, s, org, "coord", "officials")
		actor := store.UserActor(coord, "sess")
		rc := receipt(t, s, org.ID, "1234567890123456")
		removed := &domain.AttachmentMeta{Format: "jpeg", Outcome: domain.MetaRemoved,
			Fields: []domain.MetaField{domain.MetaCamera, domain.MetaLocation}}
		r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{
			Channel: "officials", ReporterKind: "employee", Anonymous: true, Content: domain.ReportContent{What: "Een melding met een foto"},
		}, rc, store.File{Name: "foto.jpg", Content: []byte("JPEG"), Meta: removed},
			store.File{Name: "oud.txt", Content: []byte("tekst")})
		if err != nil {
			t.Fatal(err)
		}
		kept := &domain.AttachmentMeta{Format: "pdf", Outcome: domain.MetaKept, Fields: []domain.MetaField{domain.MetaAuthor}}
		if _, err := s.ReporterMessage(ctx, org.ID, rc, "Aanvulling", []store.File{{Name: "brief.pdf", Content: []byte("%PDF"), Meta: kept}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		if err != nil {
			t.Fatal(err)
		}
		var metas []*domain.AttachmentMeta
		for _, a := range got.Attachments {
			metas = append(metas, a.Meta)
		}
		if diff := cmp.Diff([]*domain.AttachmentMeta{removed, nil, kept}, metas); diff != "" {
			t.Errorf("records (-want +got):\n%s", diff)
		}
		a, err := s.AttachmentFor(ctx, actor, org.ID, r.ID, got.Attachments[0].ID, kr)
		if err != nil || !cmp.Equal(a.Meta, removed) {
			t.Errorf("AttachmentFor: %+v, %v", a, err)
		}
		rows, err := s.DB().QueryContext(ctx, `SELECT metadata FROM report_attachments WHERE metadata IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				t.Fatal(err)
			}
			n++
			for _, word := range []string{"location", "jpeg", "removed", "author"} {
				if bytes.Contains(b, []byte(word)) {
					t.Errorf("the stored record shows %q in the clear", word)
				}
			}
		}
		if n != 2 {
			t.Errorf("%d sealed records, want 2", n)
		}
	})
}
