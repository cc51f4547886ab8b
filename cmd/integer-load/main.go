// Command integer-load measures an Integer server from a second process on
// this machine: report submissions through the public API, and page latency
// for a logged-in coordinator. It also seeds a database with many reports.
// It only talks to loopback addresses and stops after -n requests or
// -duration, whichever comes first.
//
//	integer-load seed   -data DIR -org load -reports 100000 -open 0.01
//	integer-load seed   -database postgres://… -org load -orgs 300 -reports 1000000
//	integer-load submit -url http://127.0.0.1:8099 -org load -c 8 -n 300
//	integer-load page   -url http://127.0.0.1:8099 -org load -path /load/reports -c 4 -n 1000
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/integer-nl/integer/internal/auth"
)

const (
	loadUser       = "loadcoordinator"
	loadController = "loadcontroller"
	loadPassword   = "load-test-password-not-secret"
	// loadTOTPSecret is the second factor of the seeded coordinator, so
	// that the page command can log in to `integer serve`. Load databases
	// only: anyone who reads this source can compute its codes.
	loadTOTPSecret = "LOADTESTLOADTESTLOADTESTLOADTEST"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: integer-load seed|submit|page [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "seed":
		err = seed(os.Args[2:])
	case "submit":
		err = submit(os.Args[2:])
	case "page":
		err = page(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "integer-load:", err)
		os.Exit(1)
	}
}

// submit posts anonymous reports to the public API from c workers.
func submit(args []string) error {
	fs := flag.NewFlagSet("submit", flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:8099", "server address (loopback only)")
	slug := fs.String("org", "load", "organisation slug")
	c := fs.Int("c", 8, "concurrent clients")
	n := fs.Int("n", 200, "requests in all")
	d := fs.Duration("duration", 2*time.Minute, "stop after this long")
	fs.Parse(args)
	if err := loopbackOnly(*base); err != nil {
		return err
	}
	body := []byte(`{"context":"officials","description":"Belastingtest: een anonieme melding via de API.","reporter_kind":"employee","anonymous":true}`)
	return run(*c, *n, *d, func(client *http.Client) (int, error) {
		res, err := client.Post(*base+"/api/v1/"+*slug+"/reports", "application/json", bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, nil
	}, http.StatusCreated)
}

// page logs in as the load coordinator (the server must run as a demo, so
// that the login needs no TOTP code) and requests one page from c workers.
func page(args []string) error {
	fs := flag.NewFlagSet("page", flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:8099", "server address (loopback only)")
	slug := fs.String("org", "load", "organisation slug")
	var paths []string
	fs.Func("path", "page to request (default /load/reports); give it more than once to measure several pages in turn after one login; {id} in it is replaced by a random number of -ids for each request", func(p string) error {
		paths = append(paths, p)
		return nil
	})
	ids := fs.String("ids", "", "FIRST-LAST: the numbers {id} in -path takes (the seed prints each organisation's report ids)")
	runs := fs.Int("runs", 1, "measure each page this many times (for a median)")
	user := fs.String("user", loadUser, "the seeded account to log in as: "+loadUser+" or "+loadController+" (the annual report)")
	c := fs.Int("c", 4, "concurrent clients")
	n := fs.Int("n", 500, "requests in all")
	d := fs.Duration("duration", 2*time.Minute, "stop after this long")
	save := fs.String("save", "", "DIR: also write the body of each path's last request there (to compare two servers' pages byte for byte)")
	lang := fs.String("lang", "", "the pages' language (nl, en), as the language switch sets it; default the server's")
	fs.Parse(args)
	if err := loopbackOnly(*base); err != nil {
		return err
	}
	var err error
	if len(paths) == 0 {
		paths = []string{"/load/reports"}
	}
	if *ids != "" && !slices.ContainsFunc(paths, func(p string) bool { return strings.Contains(p, "{id}") }) {
		return errors.New("-ids needs {id} in -path")
	}
	pickers := make([]func() string, len(paths))
	for i, p := range paths {
		if pickers[i], err = pathPicker(p, *ids); err != nil {
			return err
		}
	}
	cookie, err := login(*base, *slug, *user)
	if err != nil {
		return err
	}
	for range *runs {
		for i, pathFor := range pickers {
			fmt.Printf("%s\t", paths[i])
			var mu sync.Mutex
			var last []byte
			err := run(*c, *n, *d, func(client *http.Client) (int, error) {
				req, _ := http.NewRequest(http.MethodGet, *base+pathFor(), nil)
				req.AddCookie(cookie)
				if *lang != "" {
					req.AddCookie(&http.Cookie{Name: "integer_lang", Value: *lang})
				}
				res, err := client.Do(req)
				if err != nil {
					return 0, err
				}
				defer res.Body.Close()
				if *save == "" {
					io.Copy(io.Discard, res.Body)
					return res.StatusCode, nil
				}
				body, err := io.ReadAll(res.Body)
				mu.Lock()
				last = body
				mu.Unlock()
				return res.StatusCode, err
			}, http.StatusOK)
			if err != nil {
				return err
			}
			if *save != "" {
				if err := savePage(*save, paths[i], *lang, last); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// savePage writes a page's body to dir, named after its path and language.
func savePage(dir, path, lang string, body []byte) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	name := strings.Trim(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, strings.ToLower(path)), "_")
	if lang != "" {
		name += "." + lang
	}
	return os.WriteFile(filepath.Join(dir, name+".html"), body, 0o600)
}

// pathPicker returns the path of each request: path itself, or with {id}
// replaced by a random number from ids ("FIRST-LAST").
func pathPicker(path, ids string) (func() string, error) {
	if !strings.Contains(path, "{id}") {
		return func() string { return path }, nil
	}
	var first, last int64
	if _, err := fmt.Sscanf(ids, "%d-%d", &first, &last); err != nil || first < 1 || last < first {
		return nil, fmt.Errorf("-ids %q: want FIRST-LAST, e.g. 1-3334", ids)
	}
	return func() string {
		return strings.ReplaceAll(path, "{id}", strconv.FormatInt(first+rand.Int64N(last-first+1), 10))
	}, nil
}

// login logs in as a seeded account (loadUser, loadController): with the password and then, on a
// server that asks for it, the TOTP code of the secret the seed gave the
// account (a demo server asks none for its demo organisation).
func login(base, slug, username string) (*http.Cookie, error) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(base+"/"+slug+"/login", url.Values{"username": {username}, "password": {loadPassword}})
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	cookie := sessionCookie(res, nil)
	if cookie == nil {
		return nil, fmt.Errorf("login failed: status %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	// Each TOTP step's code counts once, and the server accepts the next
	// step's code too: a second login within the same 30 seconds uses
	// that, a third waits for the next step.
	for try := 0; strings.HasSuffix(loc, "/login/code") && try < 3; try++ {
		if try == 2 {
			time.Sleep(time.Duration(30-time.Now().Unix()%30)*time.Second + time.Second)
		}
		code, err := auth.TOTPCode(loadTOTPSecret, time.Now().Add(time.Duration(min(try, 1))*30*time.Second))
		if err != nil {
			return nil, err
		}
		req, _ := http.NewRequest(http.MethodPost, base+"/"+slug+"/login/code", strings.NewReader(url.Values{"code": {code}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie)
		res, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		res.Body.Close()
		if res.StatusCode == http.StatusSeeOther || res.StatusCode == http.StatusFound {
			cookie, loc = sessionCookie(res, cookie), res.Header.Get("Location")
		}
	}
	if !strings.HasSuffix(loc, "/dashboard") {
		return nil, fmt.Errorf("login led to %q: seed the organisation with this version of integer-load (its coordinator has the load TOTP secret)", loc)
	}
	return cookie, nil
}

// sessionCookie is the session cookie the response sets, else old.
func sessionCookie(res *http.Response, old *http.Cookie) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == "integer_session" {
			return c
		}
	}
	return old
}

// run does n requests (or until d passes) from c workers and prints the
// throughput and latency percentiles.
func run(c, n int, d time.Duration, do func(*http.Client) (int, error), want int) error {
	var next, failed atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range c {
		wg.Go(func() {
			client := &http.Client{Timeout: 30 * time.Second}
			for next.Add(1) <= int64(n) && time.Now().Before(deadline) {
				t := time.Now()
				status, err := do(client)
				if err != nil || status != want {
					failed.Add(1)
					continue
				}
				mu.Lock()
				lat = append(lat, time.Since(t))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(lat) == 0 {
		return errors.New("no request succeeded")
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("%d ok, %d failed in %s: %.1f/s; latency p50 %s, p95 %s, p99 %s, max %s\n",
		len(lat), failed.Load(), elapsed.Round(time.Millisecond), float64(len(lat))/elapsed.Seconds(),
		pct(0.50).Round(time.Microsecond), pct(0.95).Round(time.Microsecond), pct(0.99).Round(time.Microsecond),
		lat[len(lat)-1].Round(time.Microsecond))
	return nil
}

// loopbackOnly refuses any target but this machine.
func loopbackOnly(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%s is not a loopback address: this tool only loads this machine", host)
}
