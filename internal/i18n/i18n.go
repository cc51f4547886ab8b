// Package i18n holds every text of the interface in message catalogues, one
// TOML file per language, so that handlers and templates name messages by key
// and never carry text. Dutch is the first language, English the second.
package i18n

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"reflect"
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
	msgs map[string]map[string]message
}

// message is one catalogue entry. A plain text is written as a string and
// kept in other. A text about a number is written as a table with its two
// forms, `{ one = "%d melding", other = "%d meldingen" }`: one for exactly 1,
// other for every other number (the CLDR plural rule of both Dutch and
// English), so no page needs "melding(en)".
type message struct {
	one, other string
	plural     bool
}

// Load reads the embedded catalogues. It fails when a language lacks a key
// that another has, or a plural message lacks one of its forms, so a missing
// translation stops the server at start-up, not a person in front of a page.
func Load() (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]message{}}
	for _, lang := range Languages {
		m, err := loadLang(lang)
		if err != nil {
			return nil, err
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

// loadLang merges the catalogue files of one language.
func loadLang(lang string) (map[string]message, error) {
	m := map[string]message{}
	names, err := fs.Glob(files, lang+"/*.toml")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		part := map[string]any{}
		if _, err := toml.DecodeFS(files, name, &part); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q is defined twice", name, k)
			}
			msg, err := parseMessage(v)
			if err != nil {
				return nil, fmt.Errorf("i18n: %s: key %q: %w", name, k, err)
			}
			m[k] = msg
		}
	}
	return m, nil
}

// parseMessage reads a catalogue value: a string, or a table of exactly the
// forms one and other, both non-empty strings.
func parseMessage(v any) (message, error) {
	switch v := v.(type) {
	case string:
		return message{other: v}, nil
	case map[string]any:
		one, _ := v["one"].(string)
		other, _ := v["other"].(string)
		if one == "" || other == "" || len(v) != 2 {
			return message{}, errors.New(`a plural message has exactly the forms "one" and "other", both text`)
		}
		return message{one: one, other: other, plural: true}, nil
	default:
		return message{}, fmt.Errorf("a message is a text or a table of plural forms, not %T", v)
	}
}

// MustLoad is Load for program start and tests, panicking on error.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

func difference(a, b map[string]message) []string {
	var out []string
	for k := range a {
		if _, ok := b[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// T returns the message for key in lang, formatted with args (fmt verbs). A
// plural message takes its form from the count, which is the first integer
// among args (not counting Localized ones, such as amounts): the form one
// for 1, other for any other number (and when there is no integer). An unknown language falls back to Dutch; an unknown key
// shows as [key], which the catalogue tests keep from ever reaching a user.
func (c *Catalog) T(lang, key string, args ...any) string {
	m, ok := c.msgs[lang]
	if !ok {
		m = c.msgs[Default]
	}
	msg, ok := m[key]
	if !ok {
		return "[" + key + "]"
	}
	args = localize(lang, args)
	text := msg.other
	if msg.plural {
		if n, ok := count(args); ok && n == 1 {
			text = msg.one
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(text, args...)
	}
	return text
}

// Localized is a message argument written differently per language, such
// as an amount (domain.Euro): T writes it with In before formatting, so an
// error made where the reader's language is unknown still reads right.
type Localized interface {
	In(lang string) string
}

// localize replaces each Localized argument by its text in lang.
func localize(lang string, args []any) []any {
	var out []any
	for i, a := range args {
		if l, ok := a.(Localized); ok {
			if out == nil {
				out = slices.Clone(args)
			}
			out[i] = l.In(lang)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// count returns the first integer among args.
func count(args []any) (int64, bool) {
	for _, a := range args {
		v := reflect.ValueOf(a)
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return v.Int(), true
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			return int64(v.Uint()), true
		}
	}
	return 0, false
}

// Forms returns every text of key in lang: the one text, or a plural
// message's two forms. For tests that read what a catalogue says.
func (c *Catalog) Forms(lang, key string) []string {
	msg, ok := c.msgs[lang][key]
	switch {
	case !ok:
		return nil
	case msg.plural:
		return []string{msg.one, msg.other}
	default:
		return []string{msg.other}
	}
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
