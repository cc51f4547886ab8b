// Command integer-load measures an Integer server from a second process on
// this machine: report submissions through the public API, and page latency
// for a logged-in coordinator. It also seeds a database with many reports.
// It only talks to loopback addresses and stops after -n requests or
// -duration, whichever comes first.
//
//	integer-load seed   -data DIR -org load -reports 100000 -open 0.01
//	integer-load submit -url http://127.0.0.1:8099 -org load -c 8 -n 300
//	integer-load page   -url http://127.0.0.1:8099 -org load -path /load/reports -c 4 -n 1000
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/keys"
	"github.com/integer-nl/integer/internal/meldpunt"
	"github.com/integer-nl/integer/internal/store"
)

const (
	loadUser     = "loadcoordinator"
	loadPassword = "load-test-password-not-secret"
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

// seed fills a database with reports: a small share open, the rest closed,
// spread over the past years. Receipts use cheap argon2 parameters (the
// dashboard does not derive them); everything else is as in production.
func seed(args []string) error {
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	data := fs.String("data", "", "SQLite data directory")
	database := fs.String("database", "", "PostgreSQL URL")
	keyFile := fs.String("audit-key", "", "the audit key file (default: audit.key in -data), as the server's audit_key_file")
	slug := fs.String("org", "load", "organisation slug")
	n := fs.Int("reports", 100000, "number of reports")
	openShare := fs.Float64("open", 0.01, "share of reports left open")
	fs.Parse(args)
	dsn := *database
	if dsn == "" {
		dsn = filepath.Join(*data, "integer.db")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	if *keyFile == "" {
		*keyFile = filepath.Join(*data, "audit.key")
	}
	// The seeded entries join the server's keyed chain.
	if err := s.UseAuditKey(ctx, *keyFile); err != nil {
		return err
	}
	org, err := s.OrganisationBySlug(ctx, *slug)
	if domain.IsNotFound(err) {
		org = &domain.Organisation{Slug: *slug, Name: "Gemeente Belasting"}
		err = s.CreateOrganisation(ctx, store.CLI, org)
	}
	if err != nil {
		return err
	}
	kr, actor, err := loadHandler(ctx, s, org)
	if err != nil {
		return err
	}
	// Cheap argon2 parameters for the receipts, and no e-mail notices.
	reports := meldpunt.New(s, meldpunt.Options{Params: auth.TestParams})
	start := time.Now()
	realNow := s.Now
	for i := range *n {
		at := realNow().Add(-time.Duration(i) * 90 * time.Minute) // about 15 years for 100,000
		s.Now = func() time.Time { return at }
		sub, err := reports.Submit(ctx, meldpunt.Submission{Org: org, By: store.Reporter, Code: fmt.Sprintf("%016d", i),
			Report: domain.NewReport{Channel: "officials", Anonymous: true,
				ReporterKind: domain.ReporterKinds[i%len(domain.ReporterKinds)],
				Content:      domain.ReportContent{What: fmt.Sprintf("Melding %d voor de belastingtest.", i)}}})
		if err != nil {
			return err
		}
		r := sub.Report
		if float64(i%1000) >= *openShare*1000 {
			if err := closeReport(ctx, s, actor, org.ID, r.ID, kr, i); err != nil {
				return err
			}
		}
		if i%5000 == 4999 {
			fmt.Fprintf(os.Stderr, "%d reports (%.0f/s)\n", i+1, float64(i+1)/time.Since(start).Seconds())
		}
	}
	s.Now = realNow
	fmt.Printf("seeded %d reports in %s\n", *n, time.Since(start).Round(time.Second))
	return nil
}

func closeReport(ctx context.Context, s *store.Store, a store.Actor, orgID, id int64, kr store.Keyring, i int) error {
	if err := s.Acknowledge(ctx, a, orgID, id, kr, "Ontvangen."); err != nil {
		return err
	}
	if err := s.AddAllegation(ctx, a, orgID, id, kr, domain.Categories[i%len(domain.Categories)], 0); err != nil {
		return err
	}
	r, err := s.OpenReport(ctx, a, orgID, id, kr)
	if err != nil {
		return err
	}
	outcome, to := domain.Outcomes[i%len(domain.Outcomes)], domain.Referral("")
	if outcome == domain.OutcomeReferred {
		to = domain.ReferralPolice // a referred allegation names where it went
	}
	var stop domain.StopReason
	if outcome == domain.OutcomeDiscontinued {
		stop = domain.StopInsufficientInformation // a discontinued investigation says why
	}
	if err := s.SetOutcomeWith(ctx, a, orgID, id, r.Allegations[0].ID, kr, store.OutcomeChange{Outcome: outcome, ReferredTo: to, StopReason: stop}); err != nil {
		return err
	}
	if _, err := s.AddMessage(ctx, a, orgID, id, kr, domain.KindFeedback, "Uw melding is beoordeeld en afgehandeld."); err != nil {
		return err
	}
	return s.CloseReport(ctx, a, orgID, id, kr, "Afgehandeld.")
}

// loadHandler makes (or finds) the coordinator the load runs log in as.
func loadHandler(ctx context.Context, s *store.Store, org *domain.Organisation) (store.Keyring, store.Actor, error) {
	u, err := s.UserByUsername(ctx, org.ID, loadUser)
	if domain.IsNotFound(err) {
		hash, herr := auth.HashPassword(auth.DefaultParams, loadPassword)
		if herr != nil {
			return store.Keyring{}, store.Actor{}, herr
		}
		u = &domain.User{OrgID: org.ID, Username: loadUser, PasswordHash: hash, Roles: []domain.Role{domain.RoleCoordinator}}
		err = s.CreateUser(ctx, store.CLI.In(org.ID), u)
	}
	if err != nil {
		return store.Keyring{}, store.Actor{}, err
	}
	identity, err := keys.New(s, auth.DefaultParams, keys.NewSlots()).Unlock(ctx, store.CLI.In(org.ID), u, loadPassword)
	if err != nil {
		return store.Keyring{}, store.Actor{}, err
	}
	ch, err := s.ChannelByCode(ctx, org.ID, "officials")
	if err != nil {
		return store.Keyring{}, store.Actor{}, err
	}
	if !slices.Contains(ch.Handlers, u.ID) {
		if err := s.SetChannelHandlers(ctx, store.CLI.In(org.ID), org.ID, ch.ID, append(ch.Handlers, u.ID)); err != nil {
			return store.Keyring{}, store.Actor{}, err
		}
	}
	return store.Keyring{UserID: u.ID, Identity: identity}, store.UserActor(u, "load"), nil
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
	path := fs.String("path", "/load/reports", "page to request")
	c := fs.Int("c", 4, "concurrent clients")
	n := fs.Int("n", 500, "requests in all")
	d := fs.Duration("duration", 2*time.Minute, "stop after this long")
	fs.Parse(args)
	if err := loopbackOnly(*base); err != nil {
		return err
	}
	cookie, err := login(*base, *slug)
	if err != nil {
		return err
	}
	return run(*c, *n, *d, func(client *http.Client) (int, error) {
		req, _ := http.NewRequest(http.MethodGet, *base+*path, nil)
		req.AddCookie(cookie)
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, nil
	}, http.StatusOK)
}

func login(base, slug string) (*http.Cookie, error) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(base+"/"+slug+"/login", url.Values{"username": {loadUser}, "password": {loadPassword}})
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "integer_session" {
			if loc := res.Header.Get("Location"); !strings.HasSuffix(loc, "/dashboard") {
				return nil, fmt.Errorf("login led to %q: run the server as a demo (integer demo --data DIR) so it needs no TOTP code", loc)
			}
			return c, nil
		}
	}
	return nil, fmt.Errorf("login failed: status %d", res.StatusCode)
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
