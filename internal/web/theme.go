package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
)

// An organisation's own theme ([theme.SLUG]): its tokens CSS file and the
// handful of values, served as one stylesheet at /{org}/theme.css after the
// example theme and the component CSS, and its logo at /{org}/logo. The
// pages of the organisation link them; the default stays the example theme.
// Both are read at start and served from memory with a hash in their URL.

// orgTheme is what the layout needs of an organisation's theme.
type orgTheme struct {
	Class    string // classes for the body: "org-theme" and the file's class
	CSSURL   string
	LogoURL  string
	css      []byte
	logo     []byte
	logoType string
}

// loadThemes reads every organisation's theme files and builds its
// stylesheet; the configuration was validated (config.Theme).
func loadThemes(themes map[string]config.Theme) (map[string]*orgTheme, error) {
	out := map[string]*orgTheme{}
	for slug, t := range themes {
		ot := &orgTheme{Class: "org-theme"}
		var css strings.Builder
		if t.CSSFile != "" {
			b, err := os.ReadFile(t.CSSFile)
			if err != nil {
				return nil, fmt.Errorf("web: theme %s: %w", slug, err)
			}
			css.Write(b)
			css.WriteString("\n")
			ot.Class += " " + t.CSSClass
		}
		css.WriteString(themeValues(t))
		ot.css = []byte(css.String())
		ot.CSSURL = "/" + slug + "/theme.css?v=" + shortHash(ot.css)
		if t.LogoFile != "" {
			b, err := os.ReadFile(t.LogoFile)
			if err != nil {
				return nil, fmt.Errorf("web: theme %s: %w", slug, err)
			}
			ot.logo, ot.logoType = b, "image/png"
			if strings.EqualFold(filepath.Ext(t.LogoFile), ".svg") {
				ot.logoType = "image/svg+xml"
			}
			ot.LogoURL = "/" + slug + "/logo?v=" + shortHash(b)
		}
		out[slug] = ot
	}
	return out, nil
}

// themeValues turns the handful of values into the design tokens the
// example theme and the Utrecht components read.
func themeValues(t config.Theme) string {
	var b strings.Builder
	set := func(value string, names ...string) {
		if value == "" {
			return
		}
		for _, n := range names {
			fmt.Fprintf(&b, "  %s: %s;\n", n, value)
		}
	}
	b.WriteString("body.org-theme {\n")
	set(t.ActionColor, "--basis-color-action-1-inverse-bg-default", "--utrecht-button-primary-action-background-color",
		"--utrecht-button-primary-action-border-color", "--utrecht-button-primary-action-hover-background-color",
		"--utrecht-button-primary-action-hover-border-color", "--utrecht-button-primary-action-active-background-color",
		"--utrecht-button-primary-action-focus-background-color", "--utrecht-button-secondary-action-color",
		"--utrecht-button-secondary-action-border-color")
	action := t.ActionTextColor
	if action == "" && t.ActionColor != "" {
		action = "#ffffff"
	}
	set(action, "--utrecht-button-primary-action-color", "--utrecht-button-primary-action-hover-color",
		"--utrecht-button-primary-action-active-color", "--utrecht-button-primary-action-focus-color")
	set(t.LinkColor, "--utrecht-link-color", "--utrecht-link-hover-color", "--utrecht-link-visited-color",
		"--utrecht-link-active-color", "--basis-color-action-2-color-default", "--utrecht-link-button-color")
	set(t.FontFamily, "--basis-text-font-family-default", "--basis-heading-font-family", "--utrecht-document-font-family")
	b.WriteString("}\n")
	if t.HeaderBackground != "" || t.HeaderColor != "" {
		b.WriteString("body.org-theme .utrecht-page-header {\n")
		set(t.HeaderBackground, "--utrecht-page-header-background-color", "--utrecht-page-header-content-background-color", "background-color")
		set(t.HeaderColor, "--utrecht-page-header-color", "--utrecht-page-header-content-color", "--utrecht-link-color",
			"--utrecht-link-hover-color", "--utrecht-link-visited-color", "--utrecht-link-button-color", "color",
			"--utrecht-button-secondary-action-color", "--utrecht-button-secondary-action-border-color",
			"--utrecht-button-secondary-action-hover-color", "--utrecht-button-secondary-action-hover-border-color")
		if t.HeaderBackground != "" {
			set(t.HeaderBackground, "--utrecht-button-secondary-action-background-color", "--utrecht-button-secondary-action-hover-background-color")
		}
		b.WriteString("}\n")
	}
	return b.String()
}

func shortHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:6])
}

// themeCSS serves the organisation's theme stylesheet; 404 without one.
func (s *Server) themeCSS(w http.ResponseWriter, r *http.Request) error {
	t := s.themes[state(r).org.Slug]
	if t == nil {
		return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
	}
	serveThemeFile(w, "text/css; charset=utf-8", t.css)
	return nil
}

// themeLogo serves the organisation's logo; 404 without one.
func (s *Server) themeLogo(w http.ResponseWriter, r *http.Request) error {
	t := s.themes[state(r).org.Slug]
	if t == nil || t.logo == nil {
		return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
	}
	serveThemeFile(w, t.logoType, t.logo)
	return nil
}

func serveThemeFile(w http.ResponseWriter, ctype string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable") // the URL carries the content's hash
	_, _ = w.Write(b)
}
