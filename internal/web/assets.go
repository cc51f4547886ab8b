package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assets serves the embedded static files under content-hashed URLs
// (/static/{hash}/{path}), so browsers may cache them for a year and still
// never use a stale one after an upgrade.
type assets struct {
	files  fs.FS
	hashes map[string]string // path → short content hash
}

func loadAssets() (*assets, error) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	a := &assets{files: sub, hashes: map[string]string{}}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hashes[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	return a, err
}

// url returns the hashed URL of a static file; it panics on a missing file,
// which the template check at start-up turns into a start-up failure.
func (a *assets) url(name string) string {
	h, ok := a.hashes[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + h + "/" + name
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("path")
	hash, ok := s.assets.hashes[name]
	if !ok || strings.Contains(name, "..") {
		return s.notFound(w, r)
	}
	b, err := fs.ReadFile(s.assets.files, name)
	if err != nil {
		return s.notFound(w, r)
	}
	if r.PathValue("hash") == hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	_, err = w.Write(b)
	return err
}

// favicon sends browsers that ask for /favicon.ico by habit to the icon the
// pages link to.
func (s *Server) favicon(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.Redirect(w, r, s.assets.url("favicon.svg"), http.StatusMovedPermanently)
	return nil
}
