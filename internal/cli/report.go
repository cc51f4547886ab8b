package cli

import (
	"bytes"
	"fmt"
	"os"

	"github.com/integer-nl/integer/internal/app"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/report"
)

// reportCmd writes the annual integrity report of an organisation and year,
// computed from the records, as HTML (one file with its stylesheet), PDF,
// XLSX or JSON, to a file (-o) or standard output.
func reportCmd(env *Env, args []string) error {
	f := newUserFlags(env, "report", "")
	year := f.Int("year", 0, "the year of the report (required)")
	format := f.String("format", "json", "html, pdf, xlsx or json")
	out := f.String("o", "", "write to this file instead of standard output")
	suppress := f.Int("suppress", 0, "hide counts from 1 up to N-1 (shown as \"< N\", null in JSON)")
	lang := f.String("lang", env.Lang, "language of the labels: nl or en (the run's language: --lang is read before the command)")
	if err := f.parse(args, 0); err != nil {
		return err
	}
	switch *format {
	case "html", "pdf", "xlsx", "json":
	default:
		fmt.Fprintln(env.Stderr, "integer report: "+env.t("cli.err_report_format", *format))
		return errUsage
	}
	if !domain.YearValid(*year) || *suppress < 0 || *suppress > 100 {
		f.Usage()
		return errUsage
	}
	var pdf *report.PDFEngine
	if *format == "pdf" {
		cfg, err := f.config()
		if err != nil {
			return err
		}
		if pdf = report.NewPDFEngine(cfg.Chromium); !pdf.Available() {
			return report.ErrNoPDFEngine
		}
		defer pdf.Close() // its browser outlives the PDF otherwise
	}
	s, org, err := f.open()
	if err != nil {
		return err
	}
	defer s.Close()
	l := i18n.Supported(*lang)
	r, err := report.Build(env.Context, s, org.ID, *year, report.Options{SuppressBelow: *suppress, Lang: l})
	if err != nil {
		return err
	}
	cat := i18n.MustLoad()
	var b bytes.Buffer
	switch *format {
	case "json":
		j, err := r.JSON()
		if err != nil {
			return err
		}
		b.Write(j)
	case "html":
		err = r.Document(cat, l).WriteHTML(&b, l, cat.T(l, "annual.toc"), app.ReportStylesheet())
	case "pdf":
		err = pdf.Write(env.Context, &b, r.Document(cat, l), cat.T(l, "annual.toc"), cat.T(l, "annual.page_of"), app.ReportStylesheet())
	case "xlsx":
		err = r.Document(cat, l).WriteXLSX(&b)
	}
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = env.Stdout.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o600); err != nil {
		return err
	}
	env.say(env.Stderr, "cli.report_written", org.Slug, *year, *out, b.Len())
	return nil
}
