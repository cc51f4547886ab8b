package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

// pages holds every page template, parsed once per language so that the
// template function t already knows the language: {{t "login.title"}}.
type pages struct {
	byLang map[string]map[string]*template.Template
}

// parsePages parses the layout and partials with each page. It fails when a
// template is broken or names a message key the catalogue lacks, which the
// start-up turns into an error.
func parsePages(cat *i18n.Catalog, a *assets) (*pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var shared, pageFiles []string
	for _, n := range names {
		if base := path.Base(n); base == "layout.html" || strings.HasPrefix(base, "partials") {
			shared = append(shared, n)
		} else {
			pageFiles = append(pageFiles, n)
		}
	}
	p := &pages{byLang: map[string]map[string]*template.Template{}}
	for _, lang := range i18n.Languages {
		p.byLang[lang] = map[string]*template.Template{}
		// The layout and partials are parsed once per language; each page
		// gets a clone of them, sharing their parse trees.
		base, err := template.New("base").Funcs(funcs(cat, lang, a)).ParseFS(templateFS, shared...)
		if err != nil {
			return nil, fmt.Errorf("web: layout and partials: %w", err)
		}
		for _, file := range pageFiles {
			name := strings.TrimSuffix(path.Base(file), ".html")
			t, err := base.Clone()
			if err == nil {
				t, err = t.ParseFS(templateFS, file)
			}
			if err != nil {
				return nil, fmt.Errorf("web: template %s: %w", name, err)
			}
			p.byLang[lang][name] = t
		}
	}
	return p, nil
}

func funcs(cat *i18n.Catalog, lang string, a *assets) template.FuncMap {
	t := func(key string, args ...any) (string, error) {
		if !cat.Has(key) {
			return "", fmt.Errorf("no message %q", key)
		}
		return cat.T(lang, key, args...), nil
	}
	return template.FuncMap{
		"t":     t,
		"asset": a.url,
		"role":  func(r domain.Role) string { return cat.T(lang, "role."+string(r)) },
		"date": func(tm time.Time) string {
			return domain.DateOf(tm).Display()
		},
		"datetime": func(tm time.Time) string {
			if tm.IsZero() {
				return ""
			}
			return tm.In(amsterdam).Format(domain.DisplayLayout + " 15:04:05")
		},
		"euro":  func(cents int64) string { return domain.FormatEuroIn(lang, cents) },
		"euros": func(whole *int64) string { return domain.FormatEuroIn(lang, *whole*100) },
		"field": newField,
		"dict":  dict,
	}
}

// amsterdam is the time zone people read times in (domain.Amsterdam).
var amsterdam = domain.Amsterdam()

// page is what every template receives.
type page struct {
	Lang      string
	Title     string
	Org       *domain.Organisation
	User      *domain.User
	Demo      bool
	Path      string
	RequestID string
	Nav       []navLink
	Data      any
	// Settings is what the organisation set about itself (the name of its
	// HR department); the zero settings outside an organisation.
	Settings domain.OrgSettings
	// Content is the rendered content template, with its error summary.
	Content template.HTML
	Theme   *orgTheme // the organisation's own theme, nil for the example theme
	// NoLanguageSwitch hides the language button: on a page that shows
	// something once (a receipt code), switching would lose it for good.
	NoLanguageSwitch bool
	// Switch is where the language button posts and what it carries: /lang
	// with the page to return to, unless the page data says otherwise.
	Switch languageSwitch
}

// languageSwitch is the form of the language button.
type languageSwitch struct {
	Action string
	Hidden []hiddenField
}

type hiddenField struct{ Name, Value string }

// switchesLanguage is implemented by page data whose address cannot be
// shown again by a GET (the answer to a form post): the language button
// posts where the page can be made again instead.
type switchesLanguage interface {
	LanguageSwitch(org *domain.Organisation) languageSwitch
}

// showOnce is implemented by page data that must not be left by accident.
type showOnce interface{ ShownOnce() bool }

type navLink struct {
	Href, Key string
	Current   bool
}

// render writes a page with the layout, or an internal error when the
// template fails (before anything was written, thanks to the buffer).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	rs := state(r)
	t, ok := s.pages.byLang[rs.lang][name]
	if !ok {
		rs.log.Error("no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p := page{Lang: rs.lang, Title: title, Org: rs.org, Demo: s.cfg.Demo, Path: r.URL.Path, RequestID: rs.id, Data: data}
	if rs.org != nil {
		p.Theme = s.themes[rs.org.Slug]
	}
	if once, ok := data.(showOnce); ok {
		p.NoLanguageSwitch = once.ShownOnce()
	}
	p.Settings = s.orgSettings(r)
	p.Switch = languageSwitch{Action: "/lang", Hidden: []hiddenField{{"next", r.URL.Path}}}
	if sw, ok := data.(switchesLanguage); ok && rs.org != nil {
		p.Switch = sw.LanguageSwitch(rs.org)
	}
	if rs.session != nil && rs.org != nil && rs.session.OrgID == rs.org.ID {
		p.User = rs.user
		if rs.session.State == domain.StateFull {
			p.Nav = s.nav(rs, r.URL.Path)
		}
	}
	content := pageBuffer()
	defer putPageBuffer(content)
	if err := s.renderContent(t, &p, status, content); err != nil {
		rs.log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	buf := pageBuffer()
	defer putPageBuffer(buf)
	p.Content = contentMark
	err := t.ExecuteTemplate(buf, "layout", p)
	before, after, ok := layoutAround(buf.Bytes())
	if err == nil && !ok {
		err = fmt.Errorf("the layout does not hold the content's mark once")
	}
	if err != nil {
		rs.log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages may show confidential data: never keep them in a cache.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(before)
	_, _ = w.Write(content.Bytes())
	_, _ = w.Write(after)
}

// pageBuffers are the buffers pages are rendered into, kept for the next
// page: a report list of 100 rows is about 100 KB, and growing a new
// buffer to that size, for the content and again for the layout around
// it, was a fifth of what a list request allocated (the garbage
// collector's work, which shows in the slowest requests).
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledPage is the largest buffer kept for reuse; a rare larger page
// (an export shown as a page, a long history) leaves its buffer to the
// collector rather than holding its memory.
const maxPooledPage = 1 << 20

func pageBuffer() *bytes.Buffer { return pageBuffers.Get().(*bytes.Buffer) }

func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledPage {
		return
	}
	b.Reset()
	pageBuffers.Put(b)
}

// orgSettings returns the settings of the request's organisation: the zero
// settings outside one, or when they cannot be read (logged; the defaults
// are a safe page).
func (s *Server) orgSettings(r *http.Request) domain.OrgSettings {
	rs := state(r)
	if rs.org == nil {
		return domain.OrgSettings{}
	}
	o, err := s.store.OrgSettings(r.Context(), rs.org.ID)
	if err != nil {
		rs.log.Error("organisation settings", "err", err)
	}
	return o
}

// renderContent renders the page's content for the layout, with the error
// summary when the page names problems; the title of such a page, and of
// any page answering with an error status, starts with "Fout:" ("Error:").
//
// The content is left in content: the layout is rendered around a mark
// (contentMark) and the content written in its place, not printed by
// the layout's {{.Content}}, which passed every page through fmt's
// buffer (grown to the page's size, 100 KB for a report list, and never
// kept for the next) and copied it into the layout's buffer again.
func (s *Server) renderContent(t *template.Template, p *page, status int, content *bytes.Buffer) error {
	if err := t.ExecuteTemplate(content, "content", p); err != nil {
		return err
	}
	if !mayNameProblems(content.Bytes(), p.Data) {
		// The page names no problem: problems and withRefusal below would
		// find none, so the content need not become a string.
		if status >= http.StatusBadRequest {
			p.Title = s.cat.T(p.Lang, "layout.error_title", p.Title)
		}
		return nil
	}
	body, ps := problems(content.String())
	ps = withRefusal(body, ps, p.Data)
	if len(ps) > 0 {
		heading := s.cat.T(p.Lang, "layout.error_summary")
		if sh, ok := p.Data.(summaryHeading); ok {
			heading = sh.SummaryHeading()
		}
		sum, err := renderSummary(t, heading, ps)
		if err != nil {
			return err
		}
		body = withSummary(body, sum)
	}
	if len(ps) > 0 || status >= http.StatusBadRequest {
		p.Title = s.cat.T(p.Lang, "layout.error_title", p.Title)
	}
	content.Reset()
	content.WriteString(body) // the templates' own output
	return nil
}

// contentMark stands in the layout for the page's content (page.Content)
// while the layout is rendered; render writes the content in its place. It
// holds NUL bytes, which no rendered value holds (html/template writes
// U+FFFD for them) and no template's text.
const contentMark template.HTML = "\x00integer-page-content\x00"

// layoutAround returns the rendered layout's parts before and after the
// content's mark; ok is false unless the mark is there exactly once.
func layoutAround(layout []byte) (before, after []byte, ok bool) {
	at := bytes.Index(layout, []byte(contentMark))
	if at < 0 || bytes.LastIndex(layout, []byte(contentMark)) != at {
		return nil, nil, false
	}
	return layout[:at], layout[at+len(contentMark):], true
}

// nav lists the entries of the route table (routes marked inNav) whose rule
// allows the request's login, by their position.
func (s *Server) nav(rs *requestState, current string) []navLink {
	var entries []route
	for _, rt := range s.routes {
		if rt.access.nav.key != "" && rt.access.allows(rs) {
			entries = append(entries, rt)
		}
	}
	slices.SortFunc(entries, func(a, b route) int { return a.access.nav.pos - b.access.nav.pos })
	links := make([]navLink, len(entries))
	for i, rt := range entries {
		_, rel, _ := strings.Cut(rt.pattern, " /{org}/")
		href := s.orgURL(rs.org, rel)
		links[i] = navLink{Href: href, Key: rt.access.nav.key, Current: current == href || strings.HasPrefix(current, href+"/")}
	}
	return links
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
