package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"text/tabwriter"

	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/store"
)

// importMemoryLimit is the soft memory limit of `integer import`.
const importMemoryLimit = 120 << 20

// importCmd imports the register template: CSV files named like the
// template's files, or one XLSX workbook with a sheet per file; all or
// nothing. With --template FILE.xlsx it writes the empty template instead.
// Problems are printed one per line ("people.csv, rij 3, kolom oath_on:
// …", or "registers.xlsx, tabblad people, rij 3, …"), then their number
// ("Niets opgeslagen: 2 fouten"), and exit 1 with nothing stored.
func importCmd(env *Env, args []string) error {
	f := newUserFlags(env, "import", "FILE…")
	template := f.String("template", "", "write the template workbook (XLSX) to this file and stop")
	if err := f.parse(args, -1); err != nil {
		return err
	}
	if *template != "" {
		if f.NArg() != 0 {
			f.Usage()
			return errUsage
		}
		out, err := os.Create(*template)
		if err != nil {
			return err
		}
		if err := register.WriteTemplate(out); err != nil {
			out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
		env.say(env.Stdout, "cli.template_written", *template)
		return nil
	}
	if f.NArg() == 0 {
		f.Usage()
		return errUsage
	}
	if _, set := env.Getenv("GOMEMLIMIT"); !set {
		// What an import of 100,000 reports keeps in use is about 70 MB (the
		// files, their parsed rows, the refs); without a limit the garbage
		// collector lets the heap run to twice that, 240 MB resident. A soft
		// limit makes it collect sooner (174 MB resident, about 10 % more
		// CPU); GOMEMLIMIT overrides it, as for serve.
		debug.SetMemoryLimit(importMemoryLimit)
	}
	files := map[string][]byte{}
	for _, name := range f.Args() {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		files[filepath.Base(name)] = b
	}
	s, org, err := f.open()
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := register.Import(env.Context, s, store.CLI, org.ID, files)
	var problems *register.Problems
	if errors.As(err, &problems) {
		for _, p := range problems.List {
			fmt.Fprintln(env.Stderr, p.Text(catalogue(), env.Lang))
		}
		env.say(env.Stderr, "cli.import_problems", len(problems.List))
		return exitError(1)
	}
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	env.say(tw, "cli.import_columns")
	for _, c := range res.Files {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", c.Source(catalogue(), env.Lang), c.Created, c.Updated, c.Replaced)
	}
	return tw.Flush()
}
