// Package i18n holds every text of the interface in message catalogues, one
// TOML file per language, so that handlers and templates name messages by key
// and never carry text. Dutch is the first language, English the second.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Dutch and English are the interface languages; Dutch is the default.
const (
	Dutch   = "nl"
	English = "en"
	Default = Dutch
)

// Languages lists the supported languages, the default first.
var Languages = []string{Dutch, English}

// Each language has a folder of catalogue files, one per area of the
// interface (core.toml, reporting.toml, ...), merged at load.
//
//go:embed nl/*.toml en/*.toml
var files embed.FS

// Catalog maps message keys to texts per language.
type Catalog struct {
	msgs map[string]map[string]string
}

// Load reads the embedded catalogues. It fails when a language lacks a key
// that another has, so a missing translation stops the server at start-up,
// not a person in front of a page.
func Load() (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	for _, lang := range Languages {
		m := map[string]string{}
		names, err := fs.Glob(files, lang+"/*.toml")
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			part := map[string]string{}
			if _, err := toml.DecodeFS(files, name, &part); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", name, err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("i18n: %s: key %q is defined twice", name, k)
				}
				m[k] = v
			}
		}
		c.msgs[lang] = m
	}
	for _, lang := range Languages[1:] {
		if missing := difference(c.msgs[Default], c.msgs[lang]); len(missing) > 0 {
			return nil, fmt.Errorf("i18n: %s/ lacks %s", lang, strings.Join(missing, ", "))
		}
		if extra := difference(c.msgs[lang], c.msgs[Default]); len(extra) > 0 {
			return nil, fmt.Errorf("i18n: %s/ has keys %s/ lacks: %s", lang, Default, strings.Join(extra, ", "))
		}
	}
	return c, nil
}

// MustLoad is Load for program start and tests, panicking on error.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

func difference(a, b map[string]string) []string {
	var out []string
	for k := range a {
		if _, ok := b[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// T returns the message for key in lang, formatted with args (fmt verbs). An
// unknown language falls back to Dutch; an unknown key shows as [key], which
// the catalogue tests keep from ever reaching a user.
func (c *Catalog) T(lang, key string, args ...any) string {
	m, ok := c.msgs[lang]
	if !ok {
		m = c.msgs[Default]
	}
	msg, ok := m[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// Has reports whether the catalogue has key.
func (c *Catalog) Has(key string) bool {
	_, ok := c.msgs[Default][key]
	return ok
}

// Keys lists every key, sorted.
func (c *Catalog) Keys() []string {
	return slices.Sorted(maps.Keys(c.msgs[Default]))
}

// Supported returns lang when it is a supported language, else "".
func Supported(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if slices.Contains(Languages, lang) {
		return lang
	}
	return ""
}

// Negotiate picks the language: a supported explicit choice (the cookie) wins;
// then the first supported language in the Accept-Language header; else Dutch.
func Negotiate(choice, acceptLanguage string) string {
	if l := Supported(choice); l != "" {
		return l
	}
	for part := range strings.SplitSeq(acceptLanguage, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(tag, "-")
		if l := Supported(base); l != "" {
			return l
		}
	}
	return Default
}
