package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Theme is an organisation's own look on every page of its own (NL Design
// System design tokens): a tokens CSS file of its theme, or a handful of
// values over the example theme, and a logo. Unset values keep the example
// theme's.
type Theme struct {
	// CSSFile is a CSS file of design tokens (an NL Design System theme's
	// "theme.css"), served as it is; CSSClass is the class its rules are
	// under (e.g. "gemeente-x-theme"), put on the page's body.
	CSSFile  string `toml:"css_file"`
	CSSClass string `toml:"css_class"`
	// The handful of values, each a CSS colour as #rgb or #rrggbb.
	ActionColor      string `toml:"action_color"`      // primary buttons' background
	ActionTextColor  string `toml:"action_text_color"` // their text (default white)
	LinkColor        string `toml:"link_color"`
	HeaderBackground string `toml:"header_background"`
	HeaderColor      string `toml:"header_color"`
	// FontFamily is the text's font, a CSS font-family list of fonts the
	// readers have (no web fonts are loaded from elsewhere).
	FontFamily string `toml:"font_family"`
	// LogoFile is an SVG or PNG shown in the page header with the
	// organisation's name as its text alternative.
	LogoFile string `toml:"logo_file"`
}

var (
	hexColour = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	cssClass  = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_-]{0,63}$`)
	fontList  = regexp.MustCompile(`^[a-zA-Z0-9 ,'"-]{1,200}$`)
)

// validateThemes checks each organisation's theme: readable files, colours
// as hex, a class name and a font list that cannot break out of the CSS.
func (c *Config) validateThemes() []error {
	var errs []error
	for slug, t := range c.Theme {
		prefix := "theme." + slug + ": "
		for _, err := range t.check() {
			errs = append(errs, errors.New(prefix+err.Error()))
		}
	}
	return errs
}

func (t Theme) check() []error {
	var errs []error
	colours := map[string]string{"action_color": t.ActionColor, "action_text_color": t.ActionTextColor, "link_color": t.LinkColor,
		"header_background": t.HeaderBackground, "header_color": t.HeaderColor}
	for name, v := range colours {
		if v != "" && !hexColour.MatchString(v) {
			errs = append(errs, fmt.Errorf("%s: %q is not a colour like #1a5f8e", name, v))
		}
	}
	if t.FontFamily != "" && !fontList.MatchString(t.FontFamily) {
		errs = append(errs, fmt.Errorf("font_family: %q is not a list of font names", t.FontFamily))
	}
	if t.CSSFile != "" {
		if !cssClass.MatchString(t.CSSClass) {
			errs = append(errs, fmt.Errorf("css_class: %q is not a class name (give the class the file's rules are under)", t.CSSClass))
		}
		if _, err := os.Stat(t.CSSFile); err != nil {
			errs = append(errs, fmt.Errorf("css_file: %w", err))
		}
	}
	if t.LogoFile != "" {
		switch strings.ToLower(filepath.Ext(t.LogoFile)) {
		case ".svg", ".png":
		default:
			errs = append(errs, fmt.Errorf("logo_file: %q is not .svg or .png", t.LogoFile))
		}
		if _, err := os.Stat(t.LogoFile); err != nil {
			errs = append(errs, fmt.Errorf("logo_file: %w", err))
		}
	}
	return errs
}
