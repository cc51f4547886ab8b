package clean

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/integer-nl/integer/internal/domain"
)

// PDF: pdfcpu reads the document into its object model and writes it out
// again from the catalogue down. Removing the document information
// dictionary, every /Metadata stream (XMP, on the catalogue, pages, images
// and fonts) and /PieceInfo (an application's private data) from that
// model leaves them out of the new file, and so are the earlier revisions
// an incremental update keeps (where an "edited" author often survives).
// pdfcpu writes a new document information dictionary with only itself as
// producer and the time of writing, and a new file identifier.

// pdfInfoFields maps the document information entries to a kind.
var pdfInfoFields = map[string]domain.MetaField{
	"Author": domain.MetaAuthor, "Creator": domain.MetaSoftware, "Producer": domain.MetaSoftware,
	"Title": domain.MetaTitle, "Subject": domain.MetaTitle, "Keywords": domain.MetaTitle,
	"CreationDate": domain.MetaDates, "ModDate": domain.MetaDates,
}

// pdfConfigOnce keeps pdfcpu from its configuration folder in the user's
// home (which it would otherwise create, and exit the process when it
// cannot).
var pdfConfigOnce sync.Once

func pdfConfig() *model.Configuration {
	pdfConfigOnce.Do(api.DisableConfigDir)
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	return conf
}

func cleanPDF(b []byte, f *findings) (out []byte, err error) {
	defer func() {
		if recover() != nil {
			out, err = nil, errDamaged
		}
	}()
	ctx, err := api.ReadContext(bytes.NewReader(b), pdfConfig())
	if err != nil {
		if strings.Contains(strings.ToLower(err.Error()), "password") || strings.Contains(err.Error(), "encrypt") {
			return nil, errEncrypted
		}
		return nil, fmt.Errorf("clean: pdf: %w", err)
	}
	if ctx.Encrypt != nil {
		return nil, errEncrypted
	}
	if err := pdfInfoFindings(ctx, f); err != nil {
		return nil, err
	}
	if err := pdfObjectFindings(ctx, f); err != nil {
		return nil, err
	}
	if err := pdfEmbeddedFindings(ctx, f); err != nil {
		return nil, fmt.Errorf("clean: pdf: %w", err)
	}
	ctx.Info, ctx.ID = nil, nil
	var buf bytes.Buffer
	if err := api.WriteContext(ctx, &buf); err != nil {
		return nil, fmt.Errorf("clean: pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// pdfInfoFindings reads the document information dictionary.
func pdfInfoFindings(ctx *model.Context, f *findings) error {
	if ctx.Info == nil {
		return nil
	}
	d, err := ctx.DereferenceDict(*ctx.Info)
	if err != nil || d == nil {
		return err
	}
	for key, obj := range d {
		s, err := types.StringOrHexLiteral(obj)
		if err != nil || s == nil || strings.TrimSpace(*s) == "" {
			continue
		}
		switch field, ok := pdfInfoFields[key]; {
		case looksLikePath(*s):
			f.add(domain.MetaPath, *s)
		case field == domain.MetaDates:
			f.add(field, pdfDate(*s))
		case ok:
			f.add(field, *s)
		case key != "Trapped":
			f.add(domain.MetaCustom, key+": "+*s)
		}
	}
	return nil
}

// pdfObjectFindings removes /Metadata and /PieceInfo from every dictionary
// and stream of the file, reading each XMP packet first.
func pdfObjectFindings(ctx *model.Context, f *findings) error {
	for _, entry := range ctx.Table {
		if entry == nil || entry.Free || entry.Object == nil {
			continue
		}
		var d types.Dict
		switch o := entry.Object.(type) {
		case types.Dict:
			d = o
		case types.StreamDict:
			d = o.Dict
		default:
			continue
		}
		if ref, ok := d["Metadata"]; ok {
			if sd, _, err := ctx.DereferenceStreamDict(ref); err == nil && sd != nil && sd.Decode() == nil {
				xmpFindings(sd.Content, f)
			} else {
				f.add(domain.MetaXMP)
			}
			d.Delete("Metadata")
		}
		if _, ok := d["PieceInfo"]; ok {
			f.add(domain.MetaSoftware)
			d.Delete("PieceInfo")
		}
	}
	return nil
}

// pdfEmbeddedFindings names the files embedded in the document (file
// attachments, whose names and own metadata can say whose computer they
// came from) and removes them; the reporter who needs them keeps the
// metadata, or sends them as files of their own.
func pdfEmbeddedFindings(ctx *model.Context, f *findings) error {
	atts, err := ctx.ListAttachments()
	if err != nil || len(atts) == 0 {
		return nil
	}
	for _, a := range atts {
		f.add(domain.MetaEmbedded, a.FileName)
	}
	_, err = ctx.RemoveAttachments(nil)
	return err
}

// pdfDate shows a PDF date ("D:20260314092653+01'00'") as a person reads
// it ("2026-03-14 09:26:53"); anything else as it is.
func pdfDate(v string) string {
	d, ok := strings.CutPrefix(v, "D:")
	if !ok || len(d) < 14 {
		return v
	}
	for _, c := range d[:14] {
		if c < '0' || c > '9' {
			return v
		}
	}
	return d[0:4] + "-" + d[4:6] + "-" + d[6:8] + " " + d[8:10] + ":" + d[10:12] + ":" + d[12:14]
}
