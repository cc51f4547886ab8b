package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image/jpeg"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/clean/cleantest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The fixtures of package clean, written by LibreOffice, poppler and
// exiftool with a planted author, computer and GPS position.
func cleanFixture(t testing.TB, name string) upload {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "clean", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return upload{name, b}
}

var (
	reviewAction = regexp.MustCompile(`<form method="post" action="([^"]+)" enctype="multipart/form-data"`)
	hiddenInput  = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
)

// sendReview sends a review page back as a browser does, with the "keep"
// boxes of the files at the positions given ticked.
func (e *env) sendReview(page string, keep ...int) response {
	e.t.Helper()
	return e.sendReviewWith(nil, page, keep...)
}

// sendReviewWith is sendReview with request headers.
func (e *env) sendReviewWith(header map[string]string, page string, keep ...int) response {
	e.t.Helper()
	m := reviewAction.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `name="held"`) {
		e.t.Fatalf("not a review page:\n%s", page)
	}
	fields := url.Values{}
	for _, h := range hiddenInput.FindAllStringSubmatch(page, -1) {
		fields.Add(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
	}
	for _, k := range keep {
		if !strings.Contains(page, fmt.Sprintf(`name="keep" value="%d"`, k)) {
			e.t.Fatalf("no keep box for file %d", k)
		}
		fields.Add("keep", strconv.Itoa(k))
	}
	ct, body := multipartBody(e.t, fields)
	return e.send(http.MethodPost, html.UnescapeString(m[1]), ct, body, header)
}

// storedFiles returns the report's attachments with their content, as the
// handler downloads them.
func (e *env) storedFiles(org *domain.Organisation, h handlerOf, number string) []*domain.Attachment {
	e.t.Helper()
	ctx := context.Background()
	actor := store.UserActor(h.user, "t")
	id := e.reportID(number)
	rep, err := e.store.OpenReport(ctx, actor, org.ID, id, h.kr)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []*domain.Attachment
	for _, a := range rep.Attachments {
		full, err := e.store.AttachmentFor(ctx, actor, org.ID, id, a.ID, h.kr)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, full)
	}
	return out
}

// A reporter attaches a document from their work laptop and a phone photo:
// before anything is stored they see what each reveals; sent as it is,
// the handler gets the files without the planted names and position, still
// readable, and the case page says what was removed.
func TestAttachmentMetadataShownThenRemoved(t *testing.T) {
	e := newEnv(t, "")
	org, h := e.reportingPoint("helmond")
	_, coord := e.handlerIn(org, "coord", "officials") // logged in for real: the case page needs the key
	docx, photo := cleanFixture(t, "report.docx"), cleanFixture(t, "photo.jpg")
	note := upload{"aantekening.txt", []byte("Gezien op 3 maart.")}
	res := e.postMultipart("/helmond/report", validReport(), docx, photo, note)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, res.body)
	}
	for _, want := range []string{"Controleer uw bijlagen", "Bestand: report.docx", "Het noemt ‘J. Jansen’ als auteur of maker.",
		"Bijgehouden wijzigingen zijn gemaakt door ‘J. Jansen’.", "Computer: JJANSEN-LAPTOP",
		"Deze foto bevat de plek waar hij is gemaakt (51.47930, 5.65700).", "Het noemt ‘JJANSEN-LAPTOP’ als computer.",
		"In dit bestand zijn geen gegevens over de maker gevonden.", `name="keep" value="0"`, `name="keep" value="1"`} {
		if !strings.Contains(html.UnescapeString(res.body), want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	if strings.Contains(res.body, `name="keep" value="2"`) || strings.Contains(res.body, "checked") {
		t.Error("the text file has nothing to keep, and nothing is kept unless ticked")
	}
	if n := e.countReports(); n != 0 {
		t.Fatalf("%d reports stored before the reporter sent the review", n)
	}
	res = e.sendReview(res.body)
	number := numberOnPage.FindString(res.body)
	receiptOf(t, res.body)
	files := e.storedFiles(org, h, number)
	if len(files) != 3 {
		t.Fatalf("%d files stored", len(files))
	}
	for _, f := range files[:2] {
		cleantest.NoPlanted(t, cleantest.Write(t, f.Name, f.Content))
		if f.Meta == nil || f.Meta.Outcome != domain.MetaRemoved {
			t.Errorf("%s: record %+v", f.Name, f.Meta)
		}
	}
	if _, err := jpeg.Decode(bytes.NewReader(files[1].Content)); err != nil {
		t.Errorf("the cleaned photo does not decode: %v", err)
	}
	if !bytes.Equal(files[2].Content, note.content) || files[2].Meta.Outcome != domain.MetaNone {
		t.Errorf("the text file changed: %q %+v", files[2].Content, files[2].Meta)
	}
	page := e.get(coord, fmt.Sprintf("/helmond/reports/%d", e.reportID(number)))
	for _, want := range []string{"Metagegevens", "Metagegevens weggehaald voor opslag: auteur, laatst opgeslagen door",
		"plek (GPS), toestel", "Geen metagegevens gevonden."} {
		if !strings.Contains(page.body, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	if strings.Contains(page.body, "Jansen") || strings.Contains(page.body, "51.479") {
		t.Error("the case page shows a removed value")
	}
}

// A photo whose location is the evidence: the reporter keeps it, and the
// handler receives the photo exactly as sent.
func TestAttachmentMetadataKeptAtTheReportersWish(t *testing.T) {
	e := newEnv(t, "")
	org, h := e.reportingPoint("helmond")
	docx, photo := cleanFixture(t, "report.docx"), cleanFixture(t, "photo.jpg")
	res := e.postMultipart("/helmond/report", validReport(), docx, photo)
	res = e.sendReview(res.body, 1)
	files := e.storedFiles(org, h, numberOnPage.FindString(res.body))
	if len(files) != 2 {
		t.Fatalf("%d files stored", len(files))
	}
	if bytes.Equal(files[0].Content, docx.content) || files[0].Meta.Outcome != domain.MetaRemoved {
		t.Error("the document, not ticked, must be cleaned")
	}
	if !bytes.Equal(files[1].Content, photo.content) || files[1].Meta.Outcome != domain.MetaKept {
		t.Errorf("the kept photo differs from what was sent; record %+v", files[1].Meta)
	}
	if meta := cleantest.Metadata(t, cleantest.Write(t, "kept.jpg", files[1].Content)); !strings.Contains(meta, "51 deg 28") {
		t.Error("the kept photo lost its position")
	}
}

// The mailbox's message form has the same review step, after the code.
func TestMailboxAttachmentReview(t *testing.T) {
	e := newEnv(t, "")
	org, h := e.reportingPoint("helmond")
	res := e.postMultipart("/helmond/report", validReport())
	code, number := receiptOf(t, res.body), numberOnPage.FindString(res.body)
	pdf := cleanFixture(t, "report.pdf")
	res = e.postMultipart("/helmond/mailbox/message", url.Values{"receipt": {code}, "message": {"Hierbij de brief."}}, pdf)
	if res.StatusCode != http.StatusOK || !strings.Contains(html.UnescapeString(res.body), "Het noemt ‘J. Jansen’ als auteur of maker.") ||
		!strings.Contains(res.body, "Bericht versturen") {
		t.Fatalf("status %d: %s", res.StatusCode, res.body)
	}
	if files := e.storedFiles(org, h, number); len(files) != 0 {
		t.Fatal("a file was stored before the review was sent")
	}
	res = e.sendReview(res.body)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Uw bericht is verstuurd") {
		t.Fatalf("status %d: %s", res.StatusCode, res.body)
	}
	files := e.storedFiles(org, h, number)
	if len(files) != 1 || files[0].Meta.Outcome != domain.MetaRemoved {
		t.Fatalf("files %+v", files)
	}
	p := cleantest.Write(t, "brief.pdf", files[0].Content)
	cleantest.NoPlanted(t, p)
	cleantest.PDFOpens(t, p)
}

// A file Integer cannot clean: the reporter is told before sending, with
// advice, and it is stored as sent.
func TestAttachmentThatCannotBeCleaned(t *testing.T) {
	e := newEnv(t, "")
	org, h := e.reportingPoint("helmond")
	heic := upload{"IMG_0412.HEIC", append([]byte{0, 0, 0, 24}, []byte("ftypheic\x00\x00\x00\x00mif1heic")...)}
	res := e.postMultipart("/helmond/report", validReport(), heic)
	if !strings.Contains(res.body, "kan Integer de gegevens over de maker niet weghalen") || !strings.Contains(res.body, "Afdrukken naar PDF") ||
		strings.Contains(res.body, `name="keep"`) {
		t.Fatalf("review page: %s", res.body)
	}
	res = e.sendReview(res.body)
	files := e.storedFiles(org, h, numberOnPage.FindString(res.body))
	if len(files) != 1 || !bytes.Equal(files[0].Content, heic.content) || files[0].Meta.Outcome != domain.MetaUncleaned {
		t.Fatalf("files %+v", files)
	}
}

// Files without metadata need no review; a review page whose files were
// changed stores nothing.
func TestAttachmentReviewOnlyWhenNeededAndUntampered(t *testing.T) {
	e := newEnv(t, "")
	e.reportingPoint("helmond")
	res := e.postMultipart("/helmond/report", validReport(), upload{"lijst.csv", []byte("factuur;bedrag\nF-1;4850\n")})
	receiptOf(t, res.body)

	res = e.postMultipart("/helmond/report", validReport(), cleanFixture(t, "photo.jpg"))
	page := strings.Replace(res.body, `name="held" value="`, `name="held" value="A`, 1)
	res = e.sendReview(page)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Uw bijlagen konden niet meer worden gelezen") {
		t.Errorf("tampered file: status %d: %s", res.StatusCode, res.body)
	}
	if n := e.countReports(); n != 1 {
		t.Errorf("%d reports stored, want only the first", n)
	}
}

// The JSON API cleans by default; keep_metadata keeps a file as sent. The
// answer says per file what was done.
func TestAPIAttachmentsCleaned(t *testing.T) {
	e := newEnv(t, "")
	org, h := e.reportingPoint("helmond")
	docx, photo := cleanFixture(t, "report.docx"), cleanFixture(t, "photo.jpg")
	body, err := json.Marshal(map[string]any{"context": "officials", "description": "Zie de bijlagen.", "anonymous": true,
		"attachments": []map[string]any{{"name": docx.name, "content": docx.content}, {"name": photo.name, "content": photo.content, "keep_metadata": true}}})
	if err != nil {
		t.Fatal(err)
	}
	res := e.send(http.MethodPost, "/api/v1/helmond/reports", "application/json", bytes.NewReader(body), nil)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("status %d: %s", res.StatusCode, res.body)
	}
	var out struct {
		Receipt, Number string
		Attachments     []struct {
			Name, Format, Metadata string
			Fields                 []string
		}
	}
	if err := json.Unmarshal([]byte(res.body), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Attachments) != 2 || out.Attachments[0].Metadata != "removed" || out.Attachments[0].Format != "ooxml" ||
		!slices.Contains(out.Attachments[0].Fields, "author") || out.Attachments[1].Metadata != "kept" ||
		!slices.Contains(out.Attachments[1].Fields, "location") || strings.Contains(res.body, "Jansen") {
		t.Errorf("answer %s", res.body)
	}
	files := e.storedFiles(org, h, out.Number)
	if len(files) != 2 || !bytes.Equal(files[1].Content, photo.content) {
		t.Fatalf("files %+v", files)
	}
	cleantest.NoPlanted(t, cleantest.Write(t, "report.docx", files[0].Content))

	// A message with a file: cleaned the same way.
	msg, _ := json.Marshal(map[string]any{"body": "Nog een foto.", "attachments": []map[string]any{{"name": "foto.jpg", "content": photo.content}}})
	res = e.send(http.MethodPost, "/api/v1/helmond/mailbox/messages", "application/json", bytes.NewReader(msg),
		map[string]string{"Authorization": "Receipt " + out.Receipt})
	if res.StatusCode != http.StatusCreated || !strings.Contains(res.body, `"attachments":[{"name":"foto.jpg","format":"jpeg","metadata":"removed"`) {
		t.Fatalf("message: status %d: %s", res.StatusCode, res.body)
	}
	files = e.storedFiles(org, h, out.Number)
	if len(files) != 3 || files[2].Meta.Outcome != domain.MetaRemoved {
		t.Fatalf("files %+v", files)
	}
	cleantest.NoPlanted(t, cleantest.Write(t, "foto.jpg", files[2].Content))
}
