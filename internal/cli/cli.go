// Package cli is the integer command: it parses the subcommands and their
// flags and hands over to the app, the store and the web server.
package cli

import (
	"cmp"
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
	"sync"
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
	// Lang is the language of every message and error of the run: Dutch
	// unless the command line says --lang en (Run sets it).
	Lang string
}

// t returns the catalogue's message in the run's language.
func (env *Env) t(key string, args ...any) string {
	lang := env.Lang
	if lang == "" {
		lang = i18n.Default
	}
	return catalogue().T(lang, key, args...)
}

// say writes the message in the run's language as one line.
func (env *Env) say(w io.Writer, key string, args ...any) {
	fmt.Fprintln(w, env.t(key, args...))
}

// catalogue is the message catalogue, loaded once.
var catalogue = sync.OnceValue(i18n.MustLoad)

type command struct {
	name string // its summary is the message cli.cmd.<name, with _ for spaces>
	run  func(env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", serve},
		{"demo", demo},
		{"migrate", migrate},
		{"org add", orgAdd},
		{"org list", orgList},
		{"user add", userAdd},
		{"user list", userList},
		{"user passwd", userPasswd},
		{"user reset-2fa", userResetTwoFactor},
		{"user disable", userDisable},
		{"import", importCmd},
		{"report", reportCmd},
		{"audit verify", auditVerify},
		{"audit checkpoint", auditCheckpoint},
		{"backup", backupCmd},
		{"restore", restoreCmd},
		{"version", version},
	}
}

// summaryKey names the command's one-line description in the catalogue.
func (c command) summaryKey() string { return "cli.cmd." + strings.ReplaceAll(c.name, " ", "_") }

// takeLang removes --lang LANG (or --lang=LANG, -lang) from anywhere in
// args and returns the rest with the language ("" when not given).
func takeLang(args []string) (rest []string, lang string, given bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--lang" || a == "-lang":
			given = true
			if i+1 < len(args) {
				lang = args[i+1]
				i++
			}
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "-lang="):
			given, lang = true, a[strings.Index(a, "=")+1:]
		default:
			rest = append(rest, a)
		}
	}
	return rest, lang, given
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
	args, lang, given := takeLang(args)
	env.Lang = i18n.Default
	if given {
		if env.Lang = i18n.Supported(lang); env.Lang == "" {
			env.Lang = i18n.Default
			fmt.Fprintln(env.Stderr, "integer: "+env.t("cli.lang_unknown", lang))
			return 2
		}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env, env.Stdout)
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
	fmt.Fprintln(env.Stderr, "integer: "+env.t("cli.unknown_command", strings.Join(args, " ")))
	fmt.Fprintln(env.Stderr)
	usage(env, env.Stderr)
	return 2
}

var errUsage = errors.New("usage")

// exitError carries a specific exit code.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// describe turns an error into a message for the operator: domain errors in
// the run's language, others as they are.
func describe(env *Env, err error) string {
	if e := domain.AsError(err); e != nil {
		msg := env.t(e.Key, e.Args...)
		if e.Field != "" {
			return e.Field + ": " + msg
		}
		return msg
	}
	return err.Error()
}

func usage(env *Env, w io.Writer) {
	env.say(w, "cli.usage_title")
	fmt.Fprintln(w)
	env.say(w, "cli.usage_line")
	fmt.Fprintln(w)
	env.say(w, "cli.usage_commands")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-16s %s\n", c.name, env.t(c.summaryKey()))
	}
	fmt.Fprintln(w)
	env.say(w, "cli.usage_storage")
	names := config.EnvNames()
	sort.Slice(names, func(i, j int) bool { return names[i][0] < names[j][0] })
	for _, n := range names {
		env.say(w, "cli.usage_env", n[0], n[1])
	}
	env.say(w, "cli.usage_override")
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
		env.say(env.Stderr, "cli.usage_flags", name, argsHelp)
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

// commitStamp and dateStamp may be set at link time
// (-ldflags "-X github.com/integer-nl/integer/internal/cli.commitStamp=…"),
// for a build outside a git clone (a source archive, a git worktree, whose
// .git file the Go tool does not recognise); the build information wins.
var commitStamp, dateStamp string

func version(env *Env, args []string) error {
	v := versionOf(readBuildInfo())
	v.Commit, v.Date = cmp.Or(v.Commit, commitStamp), cmp.Or(v.Date, dateStamp)
	fmt.Fprintln(env.Stdout, "integer", v.Version)
	unknown := env.t("cli.version_unknown")
	commit := cmp.Or(v.Commit, unknown)
	if v.Modified {
		commit += " " + env.t("cli.version_modified")
	}
	env.say(env.Stdout, "cli.version_commit", commit)
	env.say(env.Stdout, "cli.version_date", cmp.Or(v.Date, unknown))
	env.say(env.Stdout, "cli.version_go", cmp.Or(v.Go, unknown))
	return nil
}

// buildVersion is what the build information says about the binary.
type buildVersion struct {
	Version  string // the module version, or "devel"
	Commit   string // vcs.revision: the commit built from ("" when not stamped)
	Modified bool   // vcs.modified: the work tree had changes
	Date     string // vcs.time: the commit's time, RFC 3339 (a reproducible build date)
	Go       string // the Go release that built it
}

func readBuildInfo() *debug.BuildInfo {
	info, _ := debug.ReadBuildInfo()
	return info
}

// versionOf reads the version, the commit and its date from the build
// information (nil: none). The Go tool stamps the vcs.* settings when it
// builds in a git work tree with -buildvcs=true (its default unless GOFLAGS
// says otherwise); see docs/deploy.md.
func versionOf(info *debug.BuildInfo) buildVersion {
	v := buildVersion{Version: "devel"}
	if info == nil {
		return v
	}
	v.Go = info.GoVersion
	if info.Main.Version != "" && info.Main.Version != "(devel)" {
		v.Version = info.Main.Version
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.Date = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// Version is the module version the binary was built from, or "devel".
func Version() string { return versionOf(readBuildInfo()).Version }
