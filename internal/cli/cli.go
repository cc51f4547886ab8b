// Package cli is the integer command: it parses the subcommands and their
// flags and hands over to the app, the store and the web server.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
)

// Env is what a command may use of its surroundings, so tests can run
// commands without touching the real process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) (string, bool)
	// Context ends when the command should stop (SIGINT, SIGTERM).
	Context context.Context
}

type command struct {
	name    string
	summary string
	run     func(env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the server (SQLite in --data, or PostgreSQL with --database)", serve},
		{"demo", "run a demo organisation with fictional data on http://localhost:8080", demo},
		{"migrate", "bring the database schema up to date (--status: only show the version)", migrate},
		{"org add", "create an organisation: org add SLUG NAME", orgAdd},
		{"org list", "list the organisations", orgList},
		{"user add", "create a staff account: user add --org SLUG --roles ROLE[,ROLE] USERNAME", userAdd},
		{"user list", "list the accounts of an organisation: user list --org SLUG", userList},
		{"user passwd", "set a new password (generated, or read from stdin with --stdin)", userPasswd},
		{"user reset-2fa", "remove an account's two-factor setup; it enrols again at the next login", userResetTwoFactor},
		{"user disable", "disable an account and end its sessions (--enable undoes it)", userDisable},
		{"import", "import the register template (CSV files or one XLSX workbook): import --org SLUG FILE…", importCmd},
		{"report", "the annual integrity report: report --org SLUG --year YYYY --format html|pdf|xlsx|json [-o FILE]", reportCmd},
		{"audit verify", "check the audit log's keyed hash chain (--checkpoint FILE: and against a checkpoint); exits 1 and names the first broken entry", auditVerify},
		{"audit checkpoint", "print a signed checkpoint of the audit log's head, to keep outside the server (--org SLUG)", auditCheckpoint},
		{"version", "print the version", version},
	}
}

// Main runs the command line and returns the exit code.
func Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.LookupEnv, Context: ctx}
	return Run(env, args)
}

// Run runs one command line in env and returns the exit code: 0 on success,
// 1 when the command failed, 2 for a usage error.
func Run(env *Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stdout)
		return 0
	}
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) < len(words) || strings.Join(args[:len(words)], " ") != c.name {
			continue
		}
		err := c.run(env, args[len(words):])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		}
		var ex exitError
		if errors.As(err, &ex) {
			return int(ex) // the command has said why
		}
		fmt.Fprintln(env.Stderr, "integer "+c.name+": "+describe(env, err))
		return 1
	}
	fmt.Fprintf(env.Stderr, "integer: unknown command %q\n\n", strings.Join(args, " "))
	usage(env.Stderr)
	return 2
}

var errUsage = errors.New("usage")

// exitError carries a specific exit code.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// describe turns an error into a message for the operator: domain errors in
// the language of LANG (Dutch or English), others as they are.
func describe(env *Env, err error) string {
	if e := domain.AsError(err); e != nil {
		lang, _ := env.Getenv("LANG")
		msg := i18n.MustLoad().T(i18n.Negotiate("", strings.ReplaceAll(lang, "_", "-")), e.Key, e.Args...)
		if e.Field != "" {
			return e.Field + ": " + msg
		}
		return msg
	}
	return err.Error()
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "integer: integrity management for Dutch public organisations")
	fmt.Fprintln(w, "\nUsage: integer COMMAND [flags] [arguments]   (integer COMMAND -h for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-16s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery command that uses the database takes --data DIR (SQLite, the default)")
	fmt.Fprintln(w, "or --database postgres://... . Settings may also come from a TOML file")
	fmt.Fprintln(w, "(--config FILE or INTEGER_CONFIG) and from these environment variables:")
	names := config.EnvNames()
	sort.Slice(names, func(i, j int) bool { return names[i][0] < names[j][0] })
	for _, n := range names {
		fmt.Fprintf(w, "  %-28s (file key: %s)\n", n[0], n[1])
	}
	fmt.Fprintln(w, "Flags override variables, variables override the file.")
}

// flags is a command's flag set with the storage flags every database
// command shares.
type flags struct {
	*flag.FlagSet
	env        *Env
	configFile string
	data       string
	database   string
	positional []string
}

// NArg, Arg and Args give the positional arguments, wherever they stood.
func (f *flags) NArg() int        { return len(f.positional) }
func (f *flags) Arg(i int) string { return f.positional[i] }
func (f *flags) Args() []string   { return f.positional }

func newFlags(env *Env, name, argsHelp string) *flags {
	f := &flags{FlagSet: flag.NewFlagSet("integer "+name, flag.ContinueOnError), env: env}
	f.SetOutput(env.Stderr)
	f.StringVar(&f.configFile, "config", "", "TOML configuration file (env INTEGER_CONFIG)")
	f.StringVar(&f.data, "data", "", "data directory for the embedded SQLite database (env INTEGER_DATA)")
	f.StringVar(&f.database, "database", "", "PostgreSQL URL postgres://user@host/db (env INTEGER_DATABASE)")
	f.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: integer %s [flags] %s\n", name, argsHelp)
		f.PrintDefaults()
	}
	return f
}

// parse parses args, flags before, between or after the positional
// arguments, and requires exactly n positional arguments (n < 0: any).
func (f *flags) parse(args []string, n int) error {
	var positional []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return errUsage
		}
		rest := f.FlagSet.Args()
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	f.positional = positional
	if n >= 0 && len(positional) != n {
		f.Usage()
		return errUsage
	}
	return nil
}

// config loads the file and the environment, then applies the flags given.
func (f *flags) config() (config.Config, error) {
	file := f.configFile
	if file == "" {
		file, _ = f.env.Getenv("INTEGER_CONFIG")
	}
	cfg, err := config.Load(file, f.env.Getenv)
	if err != nil {
		return cfg, err
	}
	f.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "data":
			cfg.DataDir = f.data
		case "database":
			cfg.DatabaseURL = f.database
		}
	})
	return cfg, nil
}

func version(env *Env, args []string) error {
	fmt.Fprintln(env.Stdout, "integer", Version())
	return nil
}

// Version is the module version the binary was built from, or "devel".
func Version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}
