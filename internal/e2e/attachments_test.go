package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestAttachmentReviewWithoutJavaScript: a reporter whose browser runs no
// script attaches a document written on their work laptop and a phone
// photo; before anything is stored they see, in plain Dutch, what each file
// reveals (the page passes axe-core); they keep the photo's location (the
// evidence) and send. The document is stored without their name, the
// photo as sent.
func TestAttachmentReviewWithoutJavaScript(t *testing.T) {
	t.Parallel()
	axe, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(t)
	ctx := context.Background()
	st := srv.app.Store
	handler := newChannelHandler(t, srv, "joost")
	k, identity, err := store.NewUserKey(auth.TestParams, handler.ID, password)
	if err != nil {
		t.Fatal(err)
	}
	actor := store.UserActor(handler, "")
	if err := st.SetUserKey(ctx, actor, k); err != nil {
		t.Fatal(err)
	}
	kr := store.Keyring{UserID: handler.ID, Identity: identity}
	// Chromium takes only absolute paths for a file input.
	docx, err := filepath.Abs(filepath.Join("..", "clean", "testdata", "report.docx"))
	if err != nil {
		t.Fatal(err)
	}
	photo, err := filepath.Abs(filepath.Join("..", "clean", "testdata", "photo.jpg"))
	if err != nil {
		t.Fatal(err)
	}

	// axe-core is a script: it checks the page in a tab that runs scripts.
	withJS := newReporterTab(t, srv, true).browserPage
	reachReview(withJS, docx, photo)
	withJS.checkAccessibility("attachments review", string(axe))

	p := newReporterTab(t, srv, false).browserPage
	reachReview(p, docx, photo)
	page := p.text("main")
	for _, want := range []string{"Bestand: report.docx", "Het noemt ‘J. Jansen’ als auteur of maker.",
		"Bestand: photo.jpg", "Deze foto bevat de plek waar hij is gemaakt (51.47930, 5.65700)."} {
		if !strings.Contains(page, want) {
			t.Errorf("review page lacks %q:\n%s", want, page)
		}
	}
	if reports, _ := st.ReportsForHandler(ctx, srv.org.ID, handler.ID, store.ReportFilter{}); len(reports) != 0 {
		t.Fatalf("%d reports stored before the review was sent", len(reports))
	}
	p.screenshot("attachments-review")
	if eval[bool](p, p.element("#f-keep-0", false)+".checked") || eval[bool](p, p.element("#f-keep-1", false)+".checked") {
		t.Fatal("a keep box is ticked before the reporter ticks it")
	}
	pressSpace(p, "#f-keep-1")
	p.expect(pressEnter(p, "main form button[type=submit]"), 200, "report", "Uw melding is verstuurd")
	number := factOf(p, "Meldingsnummer")

	reports, err := st.ReportsForHandler(ctx, srv.org.ID, handler.ID, store.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(reports, func(rep *domain.Report) bool { return rep.Number == number })
	if i < 0 {
		t.Fatalf("no report %s", number)
	}
	rep, err := st.OpenReport(ctx, actor, srv.org.ID, reports[i].ID, kr)
	if err != nil || len(rep.Attachments) != 2 {
		t.Fatalf("OpenReport: %+v, %v", rep, err)
	}
	var stored [][]byte
	for _, a := range rep.Attachments {
		full, err := st.AttachmentFor(ctx, actor, srv.org.ID, rep.ID, a.ID, kr)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, full.Content)
	}
	if bytes.Contains(stored[0], []byte("J. Jansen")) || rep.Attachments[0].Meta.Outcome != domain.MetaRemoved {
		t.Errorf("the document keeps the author: %+v", rep.Attachments[0].Meta)
	}
	sent, _ := os.ReadFile(photo)
	if !bytes.Equal(stored[1], sent) || rep.Attachments[1].Meta.Outcome != domain.MetaKept {
		t.Errorf("the kept photo is not the photo sent: %+v", rep.Attachments[1].Meta)
	}
}

// reachReview fills in the report form with the files and sends it, up to
// the review page.
func reachReview(p *browserPage, files ...string) {
	p.t.Helper()
	p.expect(p.open("report"), 200, "report", "Een melding doen")
	pressSpace(p, "#f-context-"+reportingChannel)
	p.keys("#f-description", "Een vergunning is verleend zonder toets.")
	pressSpace(p, "#f-anonymous-1")
	attachFiles(p, "#f-attachments", files...)
	p.expect(pressEnter(p, "main form button[type=submit]"), 200, "report", "Controleer uw bijlagen")
}
