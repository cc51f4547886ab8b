// Command pagediff checks that two builds of integer render the demo
// identically: it seeds one demo database with the old binary, serves a copy
// of it with each binary, logs in as every demo account (and as nobody, and as
// a reporter with the demo receipt code), follows every link inside the demo
// organisation in both languages, and compares every response byte for byte.
//
// It is the check behind refactorings that promise "no change of behaviour":
//
//	go build -o /tmp/integer-old ./cmd/integer   # in a checkout of the old commit
//	go build -o /tmp/integer-new ./cmd/integer   # in the changed tree
//	go run ./scripts/pagediff -old /tmp/integer-old -new /tmp/integer-new
//
// Both servers are asked for each page in turn, so what a page shows of the
// clock agrees. What differs between two servers by design is masked before
// comparing: the reporter form's one-time form id, and clock times and session
// references on the audit log (each GET of a report is audited, at the moment
// it happens). It exits 1 when a page differs, naming the page and the first
// differing line; -out keeps every page of both servers for a closer look.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"
)

// accounts are the demo's logins (internal/cli/demo.go); the password is
// "integer-demo-" + username.
var accounts = []string{"coordinator", "adviser", "hr", "clerk", "controller",
	"custodian", "employee", "admin", "auditor", "burgemeester", "griffier"}

// demoReceipt is the demo reporter's receipt code (cli.DemoReceipt).
const demoReceipt = "1234567812345678"

func main() {
	oldBin := flag.String("old", "", "the old integer binary")
	newBin := flag.String("new", "", "the new integer binary")
	out := flag.String("out", "", "directory to keep every fetched page of both servers in (optional)")
	max := flag.Int("max", 2000, "most pages to fetch per account and language")
	flag.Parse()
	if *oldBin == "" || *newBin == "" {
		fmt.Fprintln(os.Stderr, "usage: pagediff -old BINARY -new BINARY [-out DIR]")
		os.Exit(2)
	}
	if err := run(*oldBin, *newBin, *out, *max); err != nil {
		fmt.Fprintln(os.Stderr, "pagediff:", err)
		os.Exit(1)
	}
}

func run(oldBin, newBin, out string, max int) error {
	work, err := os.MkdirTemp("", "pagediff-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	oldDir, newDir := filepath.Join(work, "old"), filepath.Join(work, "new")

	// Seed once, then serve two copies of the same database.
	fmt.Println("seeding the demo with the old binary ...")
	seed, err := start(oldBin, oldDir, freeAddr())
	if err != nil {
		return err
	}
	seed.stop()
	if err := os.MkdirAll(newDir, 0o700); err != nil {
		return err
	}
	if err := exec.Command("cp", "-a", oldDir+"/.", newDir).Run(); err != nil {
		return fmt.Errorf("copy database: %w", err)
	}
	oldSrv, err := start(oldBin, oldDir, freeAddr())
	if err != nil {
		return err
	}
	defer oldSrv.stop()
	newSrv, err := start(newBin, newDir, freeAddr())
	if err != nil {
		return err
	}
	defer newSrv.stop()

	var pages, diffs int
	for _, lang := range []string{"nl", "en"} {
		for _, who := range append([]string{"", "reporter"}, accounts...) {
			o, err := newVisitor(oldSrv.base, lang)
			if err != nil {
				return err
			}
			n, _ := newVisitor(newSrv.base, lang)
			start := []string{"/", "/demo/", "/demo/report", "/demo/mailbox", "/demo/register"}
			switch who {
			case "":
			case "reporter":
				form := url.Values{"receipt": {demoReceipt}}
				if err := bothPost(o, n, "/demo/mailbox", form); err != nil {
					return fmt.Errorf("reporter: %w", err)
				}
				start = nil // the mailbox page is compared by bothPost's caller below
			default:
				form := url.Values{"username": {who}, "password": {"integer-demo-" + who}}
				if err := bothPost(o, n, "/demo/login", form); err != nil {
					return fmt.Errorf("login %s: %w", who, err)
				}
				start = []string{"/demo/dashboard"}
			}
			label := who
			if label == "" {
				label = "anonymous"
			}
			p, d, err := crawl(o, n, label+"/"+lang, start, out, max)
			if err != nil {
				return err
			}
			if who == "reporter" {
				// The mailbox is a POST answer; compare it explicitly.
				form := url.Values{"receipt": {demoReceipt}}
				ob, _, _ := o.post("/demo/mailbox", form)
				nb, _, _ := n.post("/demo/mailbox", form)
				p++
				if d2 := compare("reporter/"+lang+" POST /demo/mailbox", ob, nb, out); d2 {
					d++
				}
			}
			fmt.Printf("%-22s %4d pages, %d differ\n", label+"/"+lang, p, d)
			pages += p
			diffs += d
		}
	}
	fmt.Printf("\n%d pages compared, %d differ\n", pages, diffs)
	if diffs > 0 {
		return fmt.Errorf("%d of %d pages differ", diffs, pages)
	}
	return nil
}

// freeAddr is a loopback address with a port nobody listens on now, so that
// two comparisons can run side by side.
func freeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// server is one running integer demo.
type server struct {
	cmd  *exec.Cmd
	base string
	log  *bytes.Buffer
}

func start(bin, dir, addr string) (*server, error) {
	log := &bytes.Buffer{}
	cmd := exec.Command(bin, "demo", "--addr", addr, "--log-format", "json")
	cmd.Env = append(os.Environ(), "INTEGER_DATA="+dir)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, log: log}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(s.base + "/demo/")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s, nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("%s did not serve the demo within 90 s:\n%s", bin, log)
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// visitor is one browser: a cookie jar against one server.
type visitor struct {
	base   string
	lang   string
	client *http.Client
}

func newVisitor(base, lang string) (*visitor, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	return &visitor{base: base, lang: lang, client: &http.Client{
		Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}, nil
}

// fixedHost is sent as Host to both servers, so absolute links they build
// from the request agree.
const fixedHost = "localhost:8080"

func (v *visitor) do(method, path string, body io.Reader, ctype string) ([]byte, *http.Response, error) {
	req, err := http.NewRequestWithContext(context.Background(), method, v.base+path, body)
	if err != nil {
		return nil, nil, err
	}
	req.Host = fixedHost
	req.AddCookie(&http.Cookie{Name: "integer_lang", Value: v.lang})
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := v.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return b, res, err
}

func (v *visitor) get(path string) ([]byte, *http.Response, error) {
	return v.do("GET", path, nil, "")
}

func (v *visitor) post(path string, form url.Values) ([]byte, *http.Response, error) {
	return v.do("POST", path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

func bothPost(o, n *visitor, path string, form url.Values) error {
	_, ro, err := o.post(path, form)
	if err != nil {
		return err
	}
	_, rn, err := n.post(path, form)
	if err != nil {
		return err
	}
	if ro.StatusCode != rn.StatusCode {
		return fmt.Errorf("POST %s: old %d, new %d", path, ro.StatusCode, rn.StatusCode)
	}
	if ro.StatusCode >= 400 {
		return fmt.Errorf("POST %s: %d", path, ro.StatusCode)
	}
	return nil
}

var (
	hrefRE    = regexp.MustCompile(`(?:href|src)="(/[^"]*)"`)
	formRE    = regexp.MustCompile(`<form method="(get|post)" action="(/[^"]*)"`)
	digitsRE  = regexp.MustCompile(`[0-9]+`)
	postLimit = 3 // empty posts per action pattern (digits folded)
)

// crawl follows every same-site link from start, breadth first, fetching
// each from both servers and comparing.
func crawl(o, n *visitor, label string, start []string, out string, max int) (pages, diffs int, err error) {
	seen := map[string]bool{}
	posted, postsPer := map[string]bool{}, map[string]int{}
	var posts []string
	queue := slices.Clone(start)
	for _, p := range queue {
		seen[p] = true
	}
	for len(queue) > 0 && pages < max {
		p := queue[0]
		queue = queue[1:]
		ob, ro, err := o.get(p)
		if err != nil {
			return pages, diffs, fmt.Errorf("%s GET %s (old): %w", label, p, err)
		}
		nb, rn, err := n.get(p)
		if err != nil {
			return pages, diffs, fmt.Errorf("%s GET %s (new): %w", label, p, err)
		}
		pages++
		head := func(r *http.Response) string {
			return fmt.Sprintf("%d %s %s", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Location"))
		}
		if head(ro) != head(rn) {
			fmt.Printf("DIFF %s GET %s: old %q, new %q\n", label, p, head(ro), head(rn))
			diffs++
			continue
		}
		if compare(label+" GET "+p, ob, nb, out) {
			diffs++
		}
		if !strings.HasPrefix(ro.Header.Get("Content-Type"), "text/html") {
			continue
		}
		links := hrefRE.FindAllSubmatch(ob, -1)
		for _, m := range formRE.FindAllSubmatch(ob, -1) {
			action := strings.ReplaceAll(string(m[2]), "&amp;", "&")
			if string(m[1]) == "get" {
				links = append(links, [][]byte{nil, m[2]})
			} else if !skipPost(action) && !posted[action] && postsPer[digitsRE.ReplaceAllString(action, "N")] < postLimit {
				posted[action] = true
				postsPer[digitsRE.ReplaceAllString(action, "N")]++
				posts = append(posts, action)
			}
		}
		for _, m := range links {
			link := strings.ReplaceAll(string(m[1]), "&amp;", "&")
			if i := strings.IndexByte(link, '#'); i >= 0 {
				link = link[:i]
			}
			if skip(link) || seen[link] {
				continue
			}
			seen[link] = true
			queue = append(queue, link)
		}
	}
	// Then each form once with nothing filled in: what a form answers to
	// missing input (its error messages, at each field) is a page too. Both
	// servers get the same posts in the same order, so where an empty post
	// does change something, both databases change alike.
	for _, p := range posts {
		ob, ro, err := o.post(p, url.Values{})
		if err != nil {
			return pages, diffs, fmt.Errorf("%s POST %s (old): %w", label, p, err)
		}
		nb, rn, err := n.post(p, url.Values{})
		if err != nil {
			return pages, diffs, fmt.Errorf("%s POST %s (new): %w", label, p, err)
		}
		pages++
		if ro.StatusCode != rn.StatusCode || ro.Header.Get("Location") != rn.Header.Get("Location") {
			fmt.Printf("DIFF %s POST %s: old %d %s, new %d %s\n", label, p,
				ro.StatusCode, ro.Header.Get("Location"), rn.StatusCode, rn.Header.Get("Location"))
			diffs++
			continue
		}
		if compare(label+" POST "+p, ob, nb, out) {
			diffs++
		}
	}
	return pages, diffs, nil
}

// skipPost leaves out the forms whose empty post would end the visit or
// remove demo data that later pages show: log out, language, deletions, and
// the account pages, whose answers are new random passwords and codes.
func skipPost(action string) bool {
	path, _, _ := strings.Cut(action, "?")
	return strings.HasSuffix(path, "/logout") || path == "/lang" ||
		strings.HasPrefix(path, "/demo/admin/") || strings.HasPrefix(path, "/demo/account/") ||
		strings.HasSuffix(path, "/delete") || strings.HasSuffix(path, "/mailbox") ||
		!strings.HasPrefix(path, "/demo/")
}

// skip leaves out what is no page of the demo: other hosts' paths (none
// exist), form targets that only take POST, and the endless year and page
// parameters' far ends are bounded by max; and the TOTP enrolment page.
func skip(link string) bool {
	path, _, _ := strings.Cut(link, "?")
	switch {
	case link == "" || link == "/":
		return true
	case strings.HasPrefix(path, "/static/"), path == "/favicon.ico":
		return false
	case strings.HasSuffix(path, "/logout"), path == "/lang":
		return true
	case strings.HasSuffix(path, "/enrol"):
		return true // a new TOTP secret on every visit, by design
	}
	return !strings.HasPrefix(path, "/demo/") && !strings.HasPrefix(path, "/api/")
}

var masks = []*regexp.Regexp{
	regexp.MustCompile(`name="form_id" value="[^"]*"`),
	regexp.MustCompile(`\b\d{1,2}:\d{2}(:\d{2})?\b`),   // clock times: each GET of a report is audited when it happens
	regexp.MustCompile(`session [A-Za-z0-9_-]{6,}`),    // session references in the audit log
	regexp.MustCompile(`[0-9a-f]{64}`),                 // audit chain hashes, which cover those times
	regexp.MustCompile(`<code>[0-9a-f]{12,16}</code>`), // request IDs (error pages), session references (audit log)
}

// compare reports whether a and b differ after masking, printing the first
// differing line.
func compare(what string, a, b []byte, out string) bool {
	if out != "" {
		name := strings.NewReplacer("/", "_", "?", "_", "&", "_", " ", "_").Replace(what)
		_ = os.MkdirAll(filepath.Join(out, "old"), 0o755)
		_ = os.MkdirAll(filepath.Join(out, "new"), 0o755)
		_ = os.WriteFile(filepath.Join(out, "old", name), a, 0o644)
		_ = os.WriteFile(filepath.Join(out, "new", name), b, 0o644)
	}
	if bytes.Equal(a, b) {
		return false
	}
	ma, mb := a, b
	for _, re := range masks {
		ma = re.ReplaceAll(ma, []byte("·"))
		mb = re.ReplaceAll(mb, []byte("·"))
	}
	if bytes.Equal(ma, mb) {
		return false
	}
	la, lb := strings.Split(string(ma), "\n"), strings.Split(string(mb), "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			fmt.Printf("DIFF %s line %d\n  old: %s\n  new: %s\n", what, i+1, clip(x), clip(y))
			return true
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
