package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/report"
)

// qpdfDoc is a PDF as `qpdf --json` (JSON version 2) describes it: every
// object by reference ("12 0 R"), the trailer, and the outline (bookmarks).
// The structure tree is read from these objects, not by searching the file.
type qpdfDoc struct {
	objects  map[string]any
	trailer  map[string]any
	outlines []qpdfOutline
}

type qpdfOutline struct {
	Title string        `json:"title"`
	Kids  []qpdfOutline `json:"kids"`
}

func readQPDF(t *testing.T, pdf []byte) *qpdfDoc {
	t.Helper()
	bin, err := exec.LookPath("qpdf")
	if err != nil {
		dbtest.SkipOrFail(t, "qpdf not found (Debian: apt-get install qpdf)")
	}
	in := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--json=2", in).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var raw struct {
		Outlines []qpdfOutline    `json:"outlines"`
		QPDF     []map[string]any `json:"qpdf"`
	}
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	if len(raw.QPDF) != 2 {
		t.Fatalf("qpdf --json: %d parts, want header and objects", len(raw.QPDF))
	}
	d := &qpdfDoc{objects: map[string]any{}, outlines: raw.Outlines}
	for k, v := range raw.QPDF[1] {
		o, _ := v.(map[string]any)
		if k == "trailer" {
			d.trailer, _ = o["value"].(map[string]any)
			continue
		}
		if val, ok := o["value"]; ok {
			d.objects[strings.TrimPrefix(k, "obj:")] = val
		} else if st, ok := o["stream"].(map[string]any); ok {
			d.objects[strings.TrimPrefix(k, "obj:")] = st["dict"]
		}
	}
	return d
}

// resolve follows an indirect reference ("12 0 R").
func (d *qpdfDoc) resolve(v any) any {
	for range 10 {
		s, ok := v.(string)
		if !ok || !strings.HasSuffix(s, " R") {
			return v
		}
		v = d.objects[s]
	}
	return v
}

func (d *qpdfDoc) dict(v any) map[string]any {
	m, _ := d.resolve(v).(map[string]any)
	return m
}

// text decodes a PDF text string of qpdf's JSON ("u:…" Unicode, "b:…" bytes).
func text(v any) string {
	s, _ := v.(string)
	if rest, ok := strings.CutPrefix(s, "u:"); ok {
		return rest
	}
	return s
}

// structElem is one element of the structure tree with its element kids.
type structElem struct {
	Type string // "H1", "Table", "TH", …
	Alt  string
	Kids []*structElem
}

// structTree reads the structure tree from the catalogue's /StructTreeRoot.
func (d *qpdfDoc) structTree(t *testing.T, root map[string]any) *structElem {
	t.Helper()
	var walk func(v any, depth int) []*structElem
	walk = func(v any, depth int) []*structElem {
		if depth > 200 {
			t.Fatal("the structure tree is deeper than 200 levels (a cycle?)")
		}
		switch x := d.resolve(v).(type) {
		case []any:
			var out []*structElem
			for _, k := range x {
				out = append(out, walk(k, depth+1)...)
			}
			return out
		case map[string]any:
			s, ok := x["/S"].(string)
			if !ok {
				return nil // a marked-content or object reference
			}
			e := &structElem{Type: strings.TrimPrefix(s, "/"), Alt: text(x["/Alt"]), Kids: walk(x["/K"], depth+1)}
			return []*structElem{e}
		}
		return nil // a marked-content id
	}
	return &structElem{Type: "StructTreeRoot", Kids: walk(root["/K"], 0)}
}

func (e *structElem) each(f func(*structElem)) {
	f(e)
	for _, k := range e.Kids {
		k.each(f)
	}
}

func (e *structElem) find(typ string) []*structElem {
	var out []*structElem
	e.each(func(x *structElem) {
		if x.Type == typ {
			out = append(out, x)
		}
	})
	return out
}

// TestDefect_PDFNotTagged: the annual report's PDF was untagged ("Tagged:
// no", no structure tree, no /Lang, no title). Read with qpdf, it must be a
// tagged document: the language set, the title in the metadata and shown,
// headings H1, H2 and H3 (the parts of a chapter) without skipped levels, every table a Table whose
// header row is TH cells, every chart a Figure with alternative text, and
// bookmarks for the chapters.
func TestDefect_PDFNotTagged(t *testing.T) {
	st, orgID := smallStore(t)
	r, err := report.Build(context.Background(), st, orgID, 2024, report.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, wantLang, toc string }{
		{"nl", "nl-NL", "Inhoudsopgave"},
		{"en", "en", "Contents"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			doc := r.Document(nil, tc.lang)
			var b bytes.Buffer
			if err := doc.WritePDF(t, &b, tc.toc, "pagina %d van %d"); err != nil {
				t.Fatal(err)
			}
			d := readQPDF(t, b.Bytes())
			cat := d.dict(d.trailer["/Root"])
			if cat == nil {
				t.Fatal("no document catalogue")
			}
			if mi := d.dict(cat["/MarkInfo"]); mi == nil || mi["/Marked"] != true {
				t.Errorf("not marked as tagged: /MarkInfo %v", cat["/MarkInfo"])
			}
			if got := text(d.resolve(cat["/Lang"])); got != tc.wantLang {
				t.Errorf("/Lang %q, want %q", got, tc.wantLang)
			}
			if vp := d.dict(cat["/ViewerPreferences"]); vp == nil || vp["/DisplayDocTitle"] != true {
				t.Errorf("the viewer shows the file name, not the title: /ViewerPreferences %v", cat["/ViewerPreferences"])
			}
			wantTitle := doc.Title + " · " + doc.Subtitle
			if info := d.dict(d.trailer["/Info"]); info == nil || text(d.resolve(info["/Title"])) != wantTitle {
				t.Errorf("/Info /Title %v, want %q", info, wantTitle)
			}
			root := d.dict(cat["/StructTreeRoot"])
			if root == nil {
				t.Fatal("no /StructTreeRoot")
			}
			tree := d.structTree(t, root)

			// Headings: one H1 (the title), then H2 for the contents and
			// every chapter; a level is never skipped.
			var levels []int
			tree.each(func(e *structElem) {
				if len(e.Type) == 2 && e.Type[0] == 'H' && e.Type[1] >= '1' && e.Type[1] <= '6' {
					levels = append(levels, int(e.Type[1]-'0'))
				}
			})
			if len(levels) == 0 || levels[0] != 1 {
				t.Fatalf("headings %v: the first is not H1", levels)
			}
			h1, h2 := 0, 0
			for i, l := range levels {
				switch l {
				case 1:
					h1++
				case 2:
					h2++
				}
				if i > 0 && l > levels[i-1]+1 {
					t.Errorf("headings %v skip a level at %d", levels, i)
				}
			}
			if h1 != 1 || h2 < len(doc.Sections)+1 {
				t.Errorf("%d H1 and %d H2, want 1 and at least %d (contents and %d chapters)", h1, h2, len(doc.Sections)+1, len(doc.Sections))
			}
			// H3: every part of a chapter that the document opens with a
			// heading (Table.Heading), and nothing else.
			parts := 0
			for _, sec := range doc.Sections {
				for _, tb := range sec.Tables {
					if tb.Heading != "" {
						parts++
					}
				}
			}
			if h3 := len(tree.find("H3")); parts == 0 || h3 != parts {
				t.Errorf("%d H3, want one per part of a chapter (%d)", h3, parts)
			}

			// Tables: as many as the document has, each with a header row
			// of TH cells, one per column, and a row header in every row.
			var tables []report.Table
			charts := 0
			for _, s := range doc.Sections {
				tables = append(tables, s.Tables...)
				for _, tb := range s.Tables {
					if tb.Chart != nil {
						charts++
					}
				}
			}
			got := tree.find("Table")
			if len(got) != len(tables) {
				t.Fatalf("%d tables in the structure tree, want %d", len(got), len(tables))
			}
			for i, tb := range got {
				rows := tb.find("TR")
				if len(rows) != len(tables[i].Rows)+1 {
					t.Errorf("table %q: %d rows, want %d", tables[i].Caption, len(rows), len(tables[i].Rows)+1)
					continue
				}
				if n := len(tb.find("Caption")); n != 1 {
					t.Errorf("table %q: %d captions, want 1", tables[i].Caption, n)
				}
				for j, c := range rows[0].Kids {
					if c.Type != "TH" {
						t.Errorf("table %q: header cell %d is %s, not TH", tables[i].Caption, j, c.Type)
					}
				}
				if len(rows[0].Kids) != len(tables[i].Headers) {
					t.Errorf("table %q: %d header cells, want %d", tables[i].Caption, len(rows[0].Kids), len(tables[i].Headers))
				}
				for j, row := range rows[1:] {
					if len(row.Kids) == 0 || row.Kids[0].Type != "TH" {
						t.Errorf("table %q: row %d has no row header (TH)", tables[i].Caption, j+1)
					}
				}
			}

			// Charts: each a Figure whose alternative text names it.
			figures := tree.find("Figure")
			if len(figures) != charts || charts == 0 {
				t.Errorf("%d figures, want %d (one per chart, and the fixture has charts)", len(figures), charts)
			}
			k := 0
			for _, s := range doc.Sections {
				for _, tb := range s.Tables {
					if tb.Chart == nil || k >= len(figures) {
						continue
					}
					if alt := figures[k].Alt; !strings.Contains(alt, tb.Chart.Title) || !strings.Contains(alt, tb.Chart.Desc) {
						t.Errorf("figure %d: /Alt %q lacks %q and %q", k, alt, tb.Chart.Title, tb.Chart.Desc)
					}
					k++
				}
			}

			// Bookmarks: the contents and every chapter.
			var marks []string
			var collect func([]qpdfOutline)
			collect = func(os []qpdfOutline) {
				for _, o := range os {
					marks = append(marks, o.Title)
					collect(o.Kids)
				}
			}
			collect(d.outlines)
			all := strings.Join(marks, "\n")
			for _, s := range doc.Sections {
				if !strings.Contains(all, s.Title) {
					t.Errorf("no bookmark for the chapter %q; bookmarks: %q", s.Title, marks)
				}
			}
		})
	}
}

// TestDefect_PDFColumnHeaderBrokenMidWord: a table's column headers were
// cut inside a word ("Adviesvrage" / "n") when the column was narrow. Every
// word of every header must come out of the PDF whole.
func TestDefect_PDFColumnHeaderBrokenMidWord(t *testing.T) {
	doc := &report.Document{Title: "Jaarverslag integriteit 2024", Subtitle: "Gemeente Proefstad", Generated: "Opgesteld op 1 maart 2025.",
		Sections: []report.Section{{ID: "advice", Title: "Vertrouwenspersonen", Tables: []report.Table{{
			Caption: "Adviesvragen en doorverwijzingen per soort",
			Headers: []string{"Soort", "Adviesvragen", "Doorverwijzingen", "Begeleidingstrajecten", "Geheimhoudingsverklaringen"},
			Rows: [][]string{
				{"Ongewenste omgangsvormen", "12", "3", "4", "17"},
				{"Integriteit", "7", "1", "0", "23"},
			},
		}}}},
	}
	var b bytes.Buffer
	if err := doc.WritePDF(t, &b, "Inhoudsopgave", "pagina %d van %d"); err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(pdfText(t, b.Bytes())) {
		words[w] = true
	}
	tb := doc.Sections[0].Tables[0]
	for _, h := range tb.Headers {
		for _, w := range strings.Fields(h) {
			if !words[w] {
				t.Errorf("the header word %q is not whole in the PDF's text", w)
			}
		}
	}
	// Nor is the table cut off at the page's edge to keep its headers whole.
	for _, row := range tb.Rows {
		if last := row[len(row)-1]; !words[last] {
			t.Errorf("the last column's %q is not in the PDF's text", last)
		}
	}
}
