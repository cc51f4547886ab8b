package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/store"
)

// handlerOf is a coordinator handling the "officials" channel, with the key
// that opens its reports.
type handlerOf struct {
	user *domain.User
	kr   store.Keyring
}

// reportingPoint makes an organisation whose "officials" channel has a
// handler with a key pair, so that its reports can be read.
func (e *env) reportingPoint(slug string) (*domain.Organisation, handlerOf) {
	e.t.Helper()
	ctx := context.Background()
	org := e.org(slug)
	u := e.user(org, "coordinator", domain.RoleCoordinator)
	k, identity, err := store.NewUserKey(auth.TestParams, u.ID, "pw")
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.SetUserKey(ctx, store.CLI.In(org.ID), k); err != nil {
		e.t.Fatal(err)
	}
	ch, err := e.store.ChannelByCode(ctx, org.ID, "officials")
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.SetChannelHandlers(ctx, store.CLI, org.ID, ch.ID, []int64{u.ID}); err != nil {
		e.t.Fatal(err)
	}
	return org, handlerOf{user: u, kr: store.Keyring{UserID: u.ID, Identity: identity}}
}

// upload is one file of a multipart form.
type upload struct {
	name    string
	content []byte
}

// multipartBody encodes fields and files (in the field "attachments") as a
// browser does.
func multipartBody(t testing.TB, fields url.Values, files ...upload) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(files) == 0 {
		// A browser sends an empty part when no file was chosen.
		if _, err := mw.CreateFormFile("attachments", ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile("attachments", f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), &buf
}

// send makes a request with any body and content type; redirects are not
// followed.
func (e *env) send(method, path, contentType string, body io.Reader, header map[string]string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return response{Response: res, body: string(b)}
}

func (e *env) postMultipart(path string, fields url.Values, files ...upload) response {
	e.t.Helper()
	ct, body := multipartBody(e.t, fields, files...)
	return e.send(http.MethodPost, path, ct, body, nil)
}

func (e *env) countReports() int {
	e.t.Helper()
	var n int
	if err := e.store.DB().QueryRow(`SELECT COUNT(*) FROM reports`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

var receiptOnPage = regexp.MustCompile(`<span class="receipt-code__digits">(\d{4} \d{4} \d{4} \d{4})</span>`)

// receiptOf returns the receipt code a receipt page shows, as 16 digits.
func receiptOf(t testing.TB, body string) string {
	t.Helper()
	m := receiptOnPage.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no receipt code on the page:\n%s", body)
	}
	return strings.ReplaceAll(m[1], " ", "")
}

func validReport() url.Values {
	return url.Values{
		"context":       {"officials"},
		"description":   {"De teamleider laat offertes van zijn zwager voorgaan."},
		"when":          {"sinds maart"},
		"where":         {"Inkoop"},
		"involved":      {"de teamleider Inkoop"},
		"how_known":     {"seen"},
		"reporter_kind": {"employee"},
		"anonymous":     {"1"},
	}
}

func (e *env) reportID(number string) int64 {
	e.t.Helper()
	var id int64
	if err := e.store.DB().QueryRow(`SELECT id FROM reports WHERE number = $1`, number).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

var numberOnPage = regexp.MustCompile(`\d{4}-\d{4}`)

func TestReportFormExplains(t *testing.T) {
	e := newEnv(t, "")
	e.reportingPoint("helmond")
	res := e.do(request{path: "/helmond/report"})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{
		"Binnen 7 dagen", "Binnen 3 maanden", "Alleen de behandelaars van het meldkanaal", "De beheerder van dit systeem",
		"geen IP-adres", "enige weg terug", "kunnen hem u niet opnieuw geven", "Wet bescherming klokkenluiders", "Huis voor Klokkenluiders",
		`enctype="multipart/form-data"`, `type="file"`, `name="attachments" multiple`, `name="description"`,
		`value="officials"`, "Ambtenaren en ingehuurd personeel", `name="how_known"`, `name="reporter_kind"`,
		`<option value="unknown" selected>Zeg ik liever niet</option>`, `name="whistleblower"`, "vermoeden van een misstand",
		`id="f-anonymous-1" name="anonymous" value="1" checked`, `name="name"`, `name="contact"`, `name="notify_email"`,
		"de behandelaars kunnen dit adres zien",
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("form page lacks %q", want)
		}
	}
	// Only channels with a handler: a report elsewhere could be read by nobody.
	if strings.Contains(res.body, `value="mayor"`) {
		t.Error("the form offers a channel without handlers")
	}
	en := e.do(request{path: "/helmond/report", header: map[string]string{"Cookie": "integer_lang=en"}})
	for _, want := range []string{"Within 7 days", "Officials and hired staff", "I would rather not say", "Whistleblowers Authority"} {
		if !strings.Contains(en.body, want) {
			t.Errorf("English form page lacks %q", want)
		}
	}
	// Without any handler the form is not offered at all.
	e.org("huizen")
	res = e.do(request{path: "/huizen/report"})
	if res.StatusCode != http.StatusOK || strings.Contains(res.body, "<form method=\"post\" action=\"/huizen/report\"") ||
		!strings.Contains(res.body, "nog geen behandelaars") {
		t.Errorf("organisation without handlers: status %d, %s", res.StatusCode, res.body)
	}
}

func TestSubmitReportAndMailbox(t *testing.T) {
	e := newEnv(t, "")
	org, h := e.reportingPoint("helmond")
	ctx := context.Background()
	fields := validReport()
	fields.Set("anonymous", "0")
	fields.Set("name", "Joke Jansen")
	fields.Set("contact", "06 12345678")
	fields.Set("whistleblower", "1")
	res := e.postMultipart("/helmond/report", fields, upload{"offerte zwager.pdf", []byte("%PDF-1.4 vertrouwelijk")})
	// Not a PDF that reads: the reporter is told it is stored as sent.
	if !strings.Contains(res.body, "Controleer uw bijlagen") {
		t.Fatalf("no review of a file that cannot be cleaned: %s", res.body)
	}
	res = e.sendReview(res.body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, res.body)
	}
	code := receiptOf(t, res.body)
	number := numberOnPage.FindString(res.body)
	for _, want := range []string{"Uw melding is verstuurd", "alleen nu", "Schrijf de code op", number, "Uiterlijk"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("receipt page lacks %q", want)
		}
	}
	if len(res.Cookies()) > 0 || res.location() != "" {
		t.Errorf("receipt page sets cookies %v or redirects to %q", res.Cookies(), res.location())
	}
	if n := e.countReports(); n != 1 {
		t.Fatalf("%d reports stored", n)
	}
	// The handler reads the report with its attachment; the identity stays sealed.
	id := e.reportID(number)
	rep, err := e.store.OpenReport(ctx, store.UserActor(h.user, "t"), org.ID, id, h.kr)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Content.What != fields.Get("description") || rep.Anonymous || !rep.Whistleblower || !rep.HasIdentity || rep.Identity != nil ||
		rep.ReporterKind != "employee" || rep.Source != "web" {
		t.Errorf("stored report %+v content %+v", rep, rep.Content)
	}
	if atts := rep.Attachments; len(atts) != 1 || atts[0].Name != "offerte zwager.pdf" {
		t.Fatalf("attachments %+v", atts)
	}

	// The mailbox, with the code as typed from a note.
	mb := e.do(request{method: "POST", path: "/helmond/mailbox", form: url.Values{"receipt": {seal4(code)}}})
	if mb.StatusCode != http.StatusOK {
		t.Fatalf("mailbox: status %d: %s", mb.StatusCode, mb.body)
	}
	for _, want := range []string{number, fields.Get("description"), "offerte zwager.pdf", "Ontvangen; de ontvangst is nog niet bevestigd",
		`type="hidden" name="receipt" value="` + code + `"`, "Met mijn naam", "Ja, door u aangegeven"} {
		if !strings.Contains(mb.body, want) {
			t.Errorf("mailbox lacks %q", want)
		}
	}
	if mb.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("mailbox Cache-Control %q", mb.Header.Get("Cache-Control"))
	}

	// A message with a file, through the mailbox form.
	res = e.postMultipart("/helmond/mailbox/message", url.Values{"receipt": {code}, "message": {"Het gebeurde ook in april."}},
		upload{"april.txt", []byte("aanvulling")})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Uw bericht is verstuurd.") ||
		!strings.Contains(res.body, "Het gebeurde ook in april.") || !strings.Contains(res.body, "april.txt") {
		t.Fatalf("message: status %d: %s", res.StatusCode, res.body)
	}
	// An empty message is refused at its field, and nothing is added.
	res = e.postMultipart("/helmond/mailbox/message", url.Values{"receipt": {code}, "message": {"  "}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Schrijf een bericht.") {
		t.Errorf("empty message: status %d", res.StatusCode)
	}

	// The code is nowhere but on the receipt page: not in the logs.
	logs := e.logs.String()
	if strings.Contains(logs, code) || strings.Contains(logs, seal4(code)) || strings.Contains(logs, "Joke") || strings.Contains(logs, "zwager") {
		t.Error("the logs hold the receipt code or the report's content")
	}
}

// seal4 groups a code in fours, as the receipt page shows it.
func seal4(code string) string {
	return code[0:4] + " " + code[4:8] + " " + code[8:12] + " " + code[12:16]
}

func TestWrongReceiptAndThrottling(t *testing.T) {
	e := newEnv(t, "")
	e.reportingPoint("helmond")
	res := e.postMultipart("/helmond/report", validReport())
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	code := receiptOf(t, res.body)
	wrong := []byte(code)
	wrong[15] = '0' + (wrong[15]-'0'+1)%10
	const msg = "Met deze code is geen melding te openen."
	// An unknown code, a malformed one and a wrong one get the same answer.
	for i, typed := range []string{string(wrong), "1234", "0000 0000 0000 0000"} {
		res := e.do(request{method: "POST", path: "/helmond/mailbox", form: url.Values{"receipt": {typed}}})
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.body, msg) || strings.Contains(res.body, typed) {
			t.Errorf("code %d: status %d", i, res.StatusCode)
		}
	}
	// An empty field is no guess: a field message, not counted.
	res = e.do(request{method: "POST", path: "/helmond/mailbox", form: url.Values{"receipt": {""}}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Vul uw ontvangstcode van 16 cijfers in.") {
		t.Errorf("empty code: status %d", res.StatusCode)
	}
	// The sixth wrong code within a minute refuses this client for a
	// while, the right code too (other clients: TestDefect1_*).
	for i := 4; i <= 31; i++ {
		res := e.do(request{method: "POST", path: "/helmond/mailbox/message", form: url.Values{"receipt": {string(wrong)}, "message": {"x"}}})
		want := http.StatusUnauthorized
		if i >= 6 {
			want = http.StatusTooManyRequests
		}
		if res.StatusCode != want {
			t.Fatalf("wrong code %d: status %d, want %d", i, res.StatusCode, want)
		}
		if want == http.StatusTooManyRequests && (res.Header.Get("Retry-After") == "" || !strings.Contains(res.body, "te veel verkeerde codes ingevuld")) {
			t.Fatalf("wrong code %d: Retry-After %q: %s", i, res.Header.Get("Retry-After"), res.body)
		}
	}
	res = e.do(request{method: "POST", path: "/helmond/mailbox", form: url.Values{"receipt": {code}}})
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("right code while blocked: status %d", res.StatusCode)
	}
}

func TestReportBadInput(t *testing.T) {
	e := newEnv(t, "")
	e.reportingPoint("helmond")
	tests := []struct {
		name   string
		edit   func(url.Values)
		files  []upload
		status int
		want   []string
	}{
		{"no description", func(v url.Values) { v.Del("description") }, []upload{{"bewijs.txt", []byte("x")}}, 400,
			[]string{"Beschrijf wat er is gebeurd.", "sinds maart", "Inkoop", "de teamleider Inkoop", "Kies ze opnieuw",
				`id="f-how_known-seen" name="how_known" value="seen" checked`, `<option value="employee" selected>`}},
		{"no channel", func(v url.Values) { v.Del("context") }, nil, 400, []string{"Kies over wie uw melding gaat."}},
		{"channel without handlers", func(v url.Values) { v.Set("context", "mayor") }, nil, 400, []string{"Via dit meldkanaal kunt u nu geen melding doen."}},
		{"named without a name", func(v url.Values) { v.Set("anonymous", "0") }, nil, 400, []string{"Vul uw naam in, of kies voor een anonieme melding."}},
		{"several problems at once", func(v url.Values) {
			v.Del("description")
			v.Set("anonymous", "0")
			v.Set("notify_email", "geen-adres")
			v.Set("how_known", "guessed")
		}, nil, 400, []string{"Beschrijf wat er is gebeurd.", "Vul uw naam in", "Vul een geldig e-mailadres in", "Kies een van de mogelijkheden."}},
		{"too long", func(v url.Values) { v.Set("where", strings.Repeat("x", domain.MaxTextRunes+1)) }, nil, 400, []string{"Deze tekst is te lang."}},
		{"file too big", nil, []upload{{"groot.bin", make([]byte, domain.MaxAttachmentBytes+1)}}, 400,
			[]string{"Het bestand ‘groot.bin’ is groter dan 10 MB.", "De teamleider laat offertes"}},
		{"too many files", nil, manyFiles(domain.MaxAttachments + 1), 400, []string{"Er kunnen hoogstens 10 bijlagen bij een melding."}},
		{"empty file", nil, []upload{{"leeg.txt", nil}}, 400, []string{"Het bestand ‘leeg.txt’ is leeg."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := validReport()
			if tc.edit != nil {
				tc.edit(v)
			}
			res := e.postMultipart("/helmond/report", v, tc.files...)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			for _, want := range append(tc.want, "Uw melding is nog niet verstuurd.") {
				if !strings.Contains(res.body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if receiptOnPage.MatchString(res.body) {
				t.Error("a receipt code on a refused form")
			}
			if n := e.countReports(); n != 0 {
				t.Fatalf("%d reports stored", n)
			}
		})
	}
	// A plain form (no files) works too.
	res := e.do(request{method: "POST", path: "/helmond/report", form: validReport()})
	if res.StatusCode != http.StatusOK || e.countReports() != 1 {
		t.Errorf("urlencoded form: status %d", res.StatusCode)
	}
}

func manyFiles(n int) []upload {
	out := make([]upload, n)
	for i := range out {
		out[i] = upload{fmt.Sprintf("f%d.txt", i), []byte("x")}
	}
	return out
}

// TestReportBodyTooLarge sends more than all attachments together may be.
func TestReportBodyTooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 141 MB")
	}
	e := newEnv(t, "")
	e.reportingPoint("helmond")
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		mw.WriteField("context", "officials")
		mw.WriteField("description", "groot")
		w, _ := mw.CreateFormFile("attachments", "groot.bin")
		chunk := make([]byte, 1<<20)
		// Beyond every file at its largest as the review page holds it
		// (sealed, in base64: a third more).
		for range domain.MaxAttachments*(domain.MaxAttachmentBytes>>20)*4/3 + 8 {
			if _, err := w.Write(chunk); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		mw.Close()
		pw.Close()
	}()
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/helmond/report", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	pr.CloseWithError(io.ErrClosedPipe)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "Uw melding is te groot om te versturen") {
		t.Errorf("status %d: %s", res.StatusCode, b)
	}
	if n := e.countReports(); n != 0 {
		t.Errorf("%d reports stored", n)
	}
}

// TestMailboxShowsHandling follows a report through its handling as the
// reporter sees it: the acknowledgement, the minutes to approve or correct,
// the disclosure of the identity, the feedback and the closing, and never
// a handler's name on a message nor a finding.
func TestMailboxShowsHandling(t *testing.T) {
	e := newEnv(t, "")
	org, h := e.reportingPoint("helmond")
	ctx := context.Background()
	e.store.DB().Exec(`UPDATE users SET display_name = 'Sanne Behandelaar' WHERE id = $1`, h.user.ID)
	custodian := e.user(org, "bewaarder", domain.RoleCustodian)
	e.store.DB().Exec(`UPDATE users SET display_name = 'Bert Bewaarder' WHERE id = $1`, custodian.ID)
	v := validReport()
	v.Set("anonymous", "0")
	v.Set("name", "Joke Jansen")
	res := e.postMultipart("/helmond/report", v)
	code := receiptOf(t, res.body)
	id := e.reportID(numberOnPage.FindString(res.body))
	actor := store.UserActor(h.user, "t")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(e.store.Acknowledge(ctx, actor, org.ID, id, h.kr, "Wij hebben uw melding ontvangen."))
	first, err := e.store.AddMessage(ctx, actor, org.ID, id, h.kr, domain.KindMinutes, "Verslag: de melder belde op 3 maart.")
	must(err)
	second, err := e.store.AddMessage(ctx, actor, org.ID, id, h.kr, domain.KindMinutes, "Verslag: tweede gesprek.")
	must(err)
	open := func() response {
		t.Helper()
		res := e.do(request{method: "POST", path: "/helmond/mailbox", form: url.Values{"receipt": {code}}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("mailbox: status %d", res.StatusCode)
		}
		return res
	}
	mb := open()
	for _, want := range []string{"Meldpunt integriteit", "Wij hebben uw melding ontvangen.", "In behandeling", "op tijd",
		"Verslag: de melder belde op 3 maart.", "wacht op uw reactie", "Verslag goedkeuren", "Correctie versturen"} {
		if !strings.Contains(mb.body, want) {
			t.Errorf("mailbox lacks %q", want)
		}
	}
	if strings.Contains(mb.body, "Sanne") {
		t.Error("the mailbox names the handler")
	}
	minutes := func(id int64, action, correction string) response {
		return e.do(request{method: "POST", path: "/helmond/mailbox/minutes", form: url.Values{
			"receipt": {code}, "message_id": {fmt.Sprint(id)}, "action": {action}, "correction": {correction}}})
	}
	if res := minutes(first, "approve", ""); res.StatusCode != http.StatusOK || !strings.Contains(res.body, "U heeft het verslag goedgekeurd.") ||
		!strings.Contains(res.body, "door u goedgekeurd") {
		t.Errorf("approve: status %d", res.StatusCode)
	}
	if res := minutes(first, "approve", ""); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Op dit verslag heeft u al gereageerd.") {
		t.Errorf("approve twice: status %d: %s", res.StatusCode, res.body)
	}
	if res := minutes(second, "correct", ""); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Schrijf op wat er niet klopt") {
		t.Errorf("empty correction: status %d", res.StatusCode)
	}
	if res := minutes(second, "correct", "Het was het derde gesprek."); res.StatusCode != http.StatusOK ||
		!strings.Contains(res.body, "Uw correctie is verstuurd.") || !strings.Contains(res.body, "Het was het derde gesprek.") {
		t.Errorf("correction: status %d", res.StatusCode)
	}

	// The identity is disclosed after the custodian's approval.
	must(e.store.RequestIdentity(ctx, actor, org.ID, id, h.kr, "Nodig voor het horen van de melder.", "consent"))
	reqs, err := e.store.IdentityRequests(ctx, org.ID)
	must(err)
	// On the ground of consent the reporter says yes first (issue 10, defect 12).
	if res := e.do(request{method: "POST", path: "/helmond/mailbox/consent", form: url.Values{
		"receipt": {code}, "request_id": {fmt.Sprint(reqs[0].ID)}, "answer": {"yes"}}}); res.StatusCode != http.StatusOK {
		t.Fatalf("consent: %d", res.StatusCode)
	}
	must(e.store.DecideIdentity(ctx, store.UserActor(custodian, "c"), org.ID, reqs[0].ID, true, ""))
	mb = open()
	if !regexp.MustCompile(`Uw identiteit is op \d\d-\d\d-\d{4} gedeeld met Sanne Behandelaar.`).MatchString(mb.body) {
		t.Errorf("no disclosure in the mailbox")
	}

	// Neither categories nor outcomes show, open or closed (issue 10,
	// defect 10): the reporter reads the feedback the handler wrote.
	must(e.store.AddAllegation(ctx, actor, org.ID, id, h.kr, "conflict_of_interest", 0))
	mb = open()
	if strings.Contains(mb.body, "Belangenverstrengeling") || strings.Contains(mb.body, "Nog niet bekend") {
		t.Error("the mailbox shows the allegation's category")
	}
	full, err := e.store.OpenReport(ctx, actor, org.ID, id, h.kr)
	must(err)
	must(e.store.SetOutcome(ctx, actor, org.ID, id, full.Allegations[0].ID, h.kr, "substantiated", "geheime notitie"))
	mb = open()
	if strings.Contains(mb.body, "Gegrond") {
		t.Error("an outcome shows before closing")
	}
	_, err = e.store.AddMessage(ctx, actor, org.ID, id, h.kr, domain.KindFeedback, "Uw melding is onderzocht en er zijn stappen gezet.")
	must(err)
	must(e.store.CloseReport(ctx, actor, org.ID, id, h.kr, "Uw melding is afgehandeld."))
	mb = open()
	for _, want := range []string{"Afgesloten", "Uw melding is onderzocht en er zijn stappen gezet.", "terugkoppeling over de beoordeling",
		"Uw melding is afgehandeld.", "u kunt geen berichten meer sturen"} {
		if !strings.Contains(mb.body, want) {
			t.Errorf("closed mailbox lacks %q", want)
		}
	}
	if strings.Contains(mb.body, "Gegrond") || strings.Contains(mb.body, "Belangenverstrengeling") {
		t.Error("closed mailbox shows a finding")
	}
	if strings.Contains(mb.body, "geheime notitie") || strings.Contains(mb.body, `action="/helmond/mailbox/message"`) {
		t.Error("closed mailbox shows the outcome note or the message form")
	}
}

// TestReporterPagesAreClean checks every page of the reporter, in both
// languages: no script, no inline style, nothing from another host.
func TestReporterPagesAreClean(t *testing.T) {
	e := newEnv(t, "")
	e.reportingPoint("helmond")
	attr := regexp.MustCompile(`(?:src|href|action|formaction)="([^"]*)"`)
	for _, lang := range []string{"nl", "en"} {
		cookie := map[string]string{"Cookie": "integer_lang=" + lang}
		ct, body := multipartBody(t, validReport(), upload{"a.txt", []byte("a")})
		receipt := e.send("POST", "/helmond/report", ct, body, cookie)
		code := receiptOf(t, receipt.body)
		bad := validReport()
		bad.Del("description")
		ct, body = multipartBody(t, bad)
		pages := map[string]response{
			"form":        e.do(request{path: "/helmond/report", header: cookie}),
			"receipt":     receipt,
			"bad form":    e.send("POST", "/helmond/report", ct, body, cookie),
			"code form":   e.do(request{path: "/helmond/mailbox", header: cookie}),
			"mailbox":     e.do(request{method: "POST", path: "/helmond/mailbox", form: url.Values{"receipt": {code}}, header: cookie}),
			"wrong code":  e.do(request{method: "POST", path: "/helmond/mailbox", form: url.Values{"receipt": {"12"}}, header: cookie}),
			"no org form": e.do(request{path: "/nowhere/report", header: cookie}),
		}
		for name, res := range pages {
			if strings.Contains(res.body, "<script") || strings.Contains(res.body, "style=") {
				t.Errorf("%s/%s: script or inline style", lang, name)
			}
			for _, m := range attr.FindAllStringSubmatch(res.body, -1) {
				if u := m[1]; !strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "#") || strings.HasPrefix(u, "//") {
					t.Errorf("%s/%s refers to %q", lang, name, u)
				}
			}
			if strings.Contains(res.body, "[reporter.") || strings.Contains(res.body, "[err.") {
				t.Errorf("%s/%s shows a missing message", lang, name)
			}
			if res.Header.Get("Content-Security-Policy") == "" {
				t.Errorf("%s/%s: no CSP", lang, name)
			}
		}
	}
}

// TestReporterMessagesExist checks the labels of every code the reporter's
// pages show and every reporter.* key the code and templates name.
func TestReporterMessagesExist(t *testing.T) {
	cat := i18n.MustLoad()
	families := map[string][]string{
		"reporter.kind.":     domain.Strings(domain.ReporterKinds),
		"reporter.how.":      domain.Strings(domain.HowKnown),
		"reporter.category.": domain.Strings(domain.Categories),
		"reporter.outcome.":  domain.Strings(domain.Outcomes),
		"reporter.state.":    {string(domain.StateReceived), string(domain.StateAcknowledged), string(domain.StateClosed)},
		"reporter.msgkind.":  {string(domain.KindMessage), string(domain.KindMinutes), string(domain.KindSystem), string(domain.KindNote), string(domain.KindFeedback), string(domain.KindCorrection)},
		"reporter.approval.": {"pending", "approved", "corrected"},
		"reporter.deadline.": {string(domain.DeadlineOK), string(domain.DeadlineDueSoon), string(domain.DeadlineOverdue),
			string(domain.DeadlineDone), string(domain.DeadlineDoneLate)},
	}
	for prefix, codes := range families {
		for _, c := range codes {
			if !cat.Has(prefix + c) {
				t.Errorf("no message %s%s", prefix, c)
			}
		}
	}
	key := regexp.MustCompile(`"(reporter\.[a-z0-9_.]*[a-z0-9_])"`)
	files, _ := filepath.Glob("templates/report_*.html")
	more, _ := filepath.Glob("templates/mailbox*.html")
	for _, f := range append(append(files, more...), "reporter.go", "api.go") {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			if !cat.Has(m[1]) {
				t.Errorf("%s names message %q, which the catalogue lacks", f, m[1])
			}
		}
	}
}
