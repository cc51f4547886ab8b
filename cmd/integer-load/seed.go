package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/keys"
	"github.com/integer-nl/integer/internal/store"
)

const loadAdviser = "loadadviser"

// seedOptions are the seed command's flags.
type seedOptions struct {
	dsn, keyFile string
	slug         string
	orgs         int
	reports      int
	years        int
	open         float64
	batch        int
	workers      int
	registers    bool
}

// seed fills a database with generated organisations and records: reports
// with their allegations, outcomes, measures, messages and timelines, and
// the other registers in proportion, through the store's bulk writers
// (store.SeedReports, store.SeedRegisterRecords). Each organisation gets
// the coordinator the page command logs in as, handler of the channel
// "officials", an adviser and a controller (who reads the annual report).
func seed(args []string) error {
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	data := fs.String("data", "", "SQLite data directory")
	database := fs.String("database", "", "PostgreSQL URL (as integer's --database)")
	var o seedOptions
	fs.StringVar(&o.keyFile, "audit-key", "", "the audit key file (default: audit.key in -data), as the server's audit_key_file")
	fs.StringVar(&o.slug, "org", "load", "organisation slug; with -orgs N > 1 the slugs are load001 … loadN")
	fs.IntVar(&o.orgs, "orgs", 1, "number of organisations")
	fs.IntVar(&o.reports, "reports", 100000, "number of reports in all, spread evenly over the organisations")
	fs.IntVar(&o.years, "years", 15, "the reports are received evenly over this many years up to now")
	fs.Float64Var(&o.open, "open", 0.01, "share of reports left open (the newest; reports younger than their 55 days of handling are open too)")
	fs.IntVar(&o.batch, "batch", 10000, "reports per transaction")
	fs.IntVar(&o.workers, "workers", 2, "organisations seeded at once (PostgreSQL; SQLite has one writer)")
	fs.BoolVar(&o.registers, "registers", true, "also fill the other registers (people, outside activities, gifts, aggression, activities, advice, adviser cases)")
	fs.Parse(args)
	o.dsn = *database
	if o.dsn == "" {
		if *data == "" {
			return fmt.Errorf("seed: give -data DIR or -database URL")
		}
		o.dsn = filepath.Join(*data, "integer.db")
	}
	if o.keyFile == "" && *data != "" {
		o.keyFile = filepath.Join(*data, "audit.key")
	}
	if o.orgs < 1 || o.reports < o.orgs || o.years < 1 || o.batch < 1 || o.open < 0 || o.open > 1 {
		return fmt.Errorf("seed: need -orgs ≥ 1, -reports ≥ -orgs, -years ≥ 1, -batch ≥ 1 and 0 ≤ -open ≤ 1")
	}
	start := time.Now()
	if err := runSeed(context.Background(), o, os.Stderr); err != nil {
		return err
	}
	fmt.Printf("seeded %d reports over %d organisations in %s\n", o.reports, o.orgs, time.Since(start).Round(time.Second))
	return nil
}

// runSeed is the seed command without its flags (the test calls it).
func runSeed(ctx context.Context, o seedOptions, log io.Writer) error {
	s, err := store.Open(ctx, o.dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	if o.keyFile != "" {
		// The seeded entries join the server's keyed chain.
		if err := s.UseAuditKey(ctx, o.keyFile); err != nil {
			return err
		}
	}
	// One hash of the load password for every account: each would cost an
	// argon2id computation of 64 MiB otherwise. The private keys still
	// need one each (keys.Unlock), which the workers share.
	hash, err := auth.HashPassword(auth.DefaultParams, loadPassword)
	if err != nil {
		return err
	}
	workers := o.workers
	if s.Engine() == store.SQLite || workers < 1 {
		workers = 1
	}
	to := time.Now().UTC().Truncate(time.Second)
	from := to.AddDate(-o.years, 0, 0)
	var mu sync.Mutex
	var firstErr error
	var done, seeded int
	next := make(chan int)
	var wg sync.WaitGroup
	t0 := time.Now()
	for range workers {
		wg.Go(func() {
			for k := range next {
				n := o.reports / o.orgs
				if k < o.reports%o.orgs {
					n++
				}
				slug := o.slug
				if o.orgs > 1 {
					slug = fmt.Sprintf("%s%03d", o.slug, k+1)
				}
				err := seedOrg(ctx, s, slug, hash, n, from, to, o, log)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("%s: %w", slug, err)
				}
				done++
				seeded += n
				if done%10 == 0 || done == o.orgs {
					fmt.Fprintf(log, "%d of %d organisations, %d reports (%.0f/s)\n", done, o.orgs, seeded, float64(seeded)/time.Since(t0).Seconds())
				}
				mu.Unlock()
			}
		})
	}
	for k := range o.orgs {
		mu.Lock()
		failed := firstErr != nil
		mu.Unlock()
		if failed {
			break
		}
		next <- k
	}
	close(next)
	wg.Wait()
	return firstErr
}

// seedOrg makes (or finds) the organisation with its coordinator and
// adviser, then writes its n reports in batches and its registers.
func seedOrg(ctx context.Context, s *store.Store, slug, hash string, n int, from, to time.Time, o seedOptions, log io.Writer) error {
	org, err := s.OrganisationBySlug(ctx, slug)
	if domain.IsNotFound(err) {
		org = &domain.Organisation{Slug: slug, Name: "Gemeente Belasting " + slug}
		err = s.CreateOrganisation(ctx, store.CLI, org)
	}
	if err != nil {
		return err
	}
	actor, channelID, err := loadHandler(ctx, s, org, hash)
	if err != nil {
		return err
	}
	key, err := s.NewSeedKey(ctx, org.ID, channelID)
	if err != nil {
		return err
	}
	var firstID, lastID int64
	open := 0
	for first := 0; first < n; first += o.batch {
		b := store.SeedBatch{ChannelID: channelID, Handler: actor, Key: key, First: first, Count: min(o.batch, n-first),
			Total: n, From: from, To: to, OpenShare: o.open}
		got, err := s.SeedReports(ctx, actor, org.ID, b)
		if err != nil {
			return err
		}
		if first == 0 {
			firstID = got.FirstID
		}
		lastID, open = got.LastID, open+got.Open
	}
	gaps := ""
	if lastID-firstID+1 != int64(n) {
		gaps = " (not consecutive: other writers took ids in between)"
	}
	fmt.Fprintf(log, "%s: %d reports, %d open, ids %d-%d%s\n", slug, n, open, firstID, lastID, gaps)
	if !o.registers {
		return nil
	}
	adviser, err := loadAccount(ctx, s, org, loadAdviser, hash, domain.RoleAdviser)
	if err != nil {
		return err
	}
	if _, err := loadAccount(ctx, s, org, loadController, hash, domain.RoleController); err != nil {
		return err
	}
	// Per 100 reports: what a municipality's registers hold beside them.
	per := func(k int) int { return max(1, n*k/100) }
	return s.SeedRegisterRecords(ctx, actor, org.ID, store.SeedRegisters{
		People: per(30), OutsideActivities: per(10), Gifts: per(20), Aggression: per(15),
		Activities: per(3), AdviceRequests: per(10), AdviserCases: per(5), AdviserID: adviser.ID,
		From: from, To: to,
	})
}

// loadAccount makes (or finds) an account with the load password.
func loadAccount(ctx context.Context, s *store.Store, org *domain.Organisation, username, hash string, role domain.Role) (*domain.User, error) {
	u, err := s.UserByUsername(ctx, org.ID, username)
	if domain.IsNotFound(err) {
		u = &domain.User{OrgID: org.ID, Username: username, PasswordHash: hash, TOTPSecret: loadTOTPSecret, Roles: []domain.Role{role}}
		err = s.CreateUser(ctx, store.CLI.In(org.ID), u)
	}
	return u, err
}

// loadHandler makes (or finds) the coordinator the load runs log in as,
// with their key, as handler of the channel "officials".
func loadHandler(ctx context.Context, s *store.Store, org *domain.Organisation, hash string) (store.Actor, int64, error) {
	u, err := loadAccount(ctx, s, org, loadUser, hash, domain.RoleCoordinator)
	if err != nil {
		return store.Actor{}, 0, err
	}
	if _, err := keys.New(s, auth.DefaultParams, seedSlots).Unlock(ctx, store.CLI.In(org.ID), u, loadPassword); err != nil {
		return store.Actor{}, 0, err
	}
	ch, err := s.ChannelByCode(ctx, org.ID, "officials")
	if err != nil {
		return store.Actor{}, 0, err
	}
	if !slices.Contains(ch.Handlers, u.ID) {
		if err := s.SetChannelHandlers(ctx, store.CLI.In(org.ID), org.ID, ch.ID, append(ch.Handlers, u.ID)); err != nil {
			return store.Actor{}, 0, err
		}
	}
	return store.UserActor(u, "load"), ch.ID, nil
}

// seedSlots bound the argon2id computations of the seeding workers.
var seedSlots = keys.NewSlots()
