package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/integer-nl/integer/internal/app"
	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/web"
)

// DemoSlug is the demo organisation's slug.
const DemoSlug = "demo"

// demoAccount is one demo login; every name is fictional.
type demoAccount struct {
	username, name string
	roles          []domain.Role
}

var demoAccounts = []demoAccount{
	{"coordinator", "Sanne de Vries", []domain.Role{domain.RoleCoordinator}},
	{"adviser", "Karim El Amrani", []domain.Role{domain.RoleAdviser}},
	{"hr", "Petra Jansen", []domain.Role{domain.RoleHR}},
	{"clerk", "Thomas Bakker", []domain.Role{domain.RoleClerk}},
	{"controller", "Ingrid Visser", []domain.Role{domain.RoleController}},
	{"custodian", "Marco Smit", []domain.Role{domain.RoleCustodian}},
	{"employee", "Fatima Yilmaz", []domain.Role{domain.RoleEmployee}},
	{"admin", "Joost Mulder", []domain.Role{domain.RoleAdmin}},
	{"auditor", "Eva de Boer", []domain.Role{domain.RoleAuditor}},
}

// demoPassword is the password of a demo account: printed at start, known to
// all, which is why demo servers show a banner and hold only fictional data.
func demoPassword(username string) string { return "integer-demo-" + username }

func demo(env *Env, args []string) error {
	f := newServerFlags(env, "demo")
	fresh := f.Bool("fresh", false, "start again from an empty demo database")
	if err := f.parse(args, 0); err != nil {
		return err
	}
	cfg, err := f.config()
	if err != nil {
		return err
	}
	if !isSet(f.flags, "data") && !envSet(env, "INTEGER_DATA") {
		cfg.DataDir = demoDir()
	}
	if f.addr == "" {
		if !envSet(env, "INTEGER_ADDR") {
			cfg.Addr = "localhost:8080" // a demo listens on this machine only
		}
	}
	if f.logFormat == "" {
		cfg.LogFormat = "text"
	}
	cfg.Demo = true
	if *fresh && cfg.DatabaseURL == "" {
		if err := os.RemoveAll(cfg.DataDir); err != nil {
			return err
		}
	}
	return runServer(env, cfg, web.Options{}, func(a *app.App) error {
		created, err := SeedDemo(env.Context, a.Store, auth.DefaultParams)
		if err != nil {
			return err
		}
		printDemo(env, a, created)
		return nil
	})
}

func isSet(f *flags, name string) bool {
	set := false
	f.Visit(func(fl *flag.Flag) { set = set || fl.Name == name })
	return set
}

// SeedDemo creates the demo organisation and its accounts unless they exist,
// and reports whether it created them.
func SeedDemo(ctx context.Context, s *store.Store, params auth.Params) (bool, error) {
	if _, err := s.OrganisationBySlug(ctx, DemoSlug); err == nil {
		return false, nil
	} else if !domain.IsNotFound(err) {
		return false, err
	}
	org := &domain.Organisation{Slug: DemoSlug, Name: "Gemeente Voorbeeldstad"}
	if err := s.CreateOrganisation(ctx, store.CLI, org); err != nil {
		return false, err
	}
	for _, a := range demoAccounts {
		hash, err := auth.HashPassword(params, demoPassword(a.username))
		if err != nil {
			return false, err
		}
		u := &domain.User{OrgID: org.ID, Username: a.username, DisplayName: a.name,
			Email: a.username + "@voorbeeldstad.example", PasswordHash: hash, Roles: a.roles}
		if err := s.CreateUser(ctx, store.CLI.In(org.ID), u); err != nil {
			return false, err
		}
	}
	return true, nil
}

func printDemo(env *Env, a *app.App, created bool) {
	w := env.Stdout
	where := a.Config.DataDir
	if a.Config.DatabaseURL != "" {
		where = "PostgreSQL"
	}
	state := "kept from an earlier run (--fresh starts again)"
	if created {
		state = "new"
	}
	fmt.Fprintf(w, "\nInteger demo: http://%s/%s/\n", displayAddr(a.Config.Addr), DemoSlug)
	fmt.Fprintf(w, "data: %s (%s)\n\n", where, state)
	fmt.Fprintln(w, "Demo accounts (two-factor authentication is skipped in the demo only):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  ROLE\tUSERNAME\tPASSWORD")
	for _, acc := range demoAccounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", acc.roles[0], acc.username, demoPassword(acc.username))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nStop with Ctrl+C.")
}

func displayAddr(addr string) string {
	if len(addr) > 0 && addr[0] == ':' {
		return "localhost" + addr
	}
	return addr
}

func envSet(env *Env, name string) bool {
	_, ok := env.Getenv(name)
	return ok
}
