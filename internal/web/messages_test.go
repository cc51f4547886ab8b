package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
)

// TestEveryMessageKeyExists reads the templates and the Go sources for the
// message keys they name and checks each is in the catalogue, so a missing
// text fails here rather than on a page nobody tested.
func TestEveryMessageKeyExists(t *testing.T) {
	cat := i18n.MustLoad()
	templateKeys := []*regexp.Regexp{
		regexp.MustCompile(`\{\{\s*t\s+"([a-z0-9_.]+)"`),
		regexp.MustCompile(`"desc=([a-z0-9_.]+)"`),
		regexp.MustCompile(`\(field \S+ "[a-z_]+" "([a-z0-9_.]+)"`),
	}
	goKey := regexp.MustCompile(`"((?:err|error|users|account|audit|recovery|enrol|code|login|home|orghome|dashboard|nav|layout|role)\.[a-z0-9_]+)"`)
	notKeys := map[string]bool{"layout.html": true, "audit.read": true, "audit.verify": true,
		"audit.checkpoint": true, "audit.key_created": true, "audit.key": true} // audit actions and the key file's name
	check := func(file, key string) {
		if strings.HasSuffix(key, "_") { // the start of a family checked below
			return
		}
		if !notKeys[key] && !cat.Has(key) {
			t.Errorf("%s names message %q, which the catalogue lacks", file, key)
		}
	}
	fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if d.IsDir() {
			return nil
		}
		b, _ := fs.ReadFile(templateFS, p)
		for _, re := range templateKeys {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				check(p, m[1])
			}
		}
		return nil
	})
	// Keys built at run time: one per error code, audit break and role.
	for code := range statusFor {
		check("statusFor", "error."+code)
	}
	for _, k := range []string{"audit.reason_changed", "audit.reason_missing", "audit.reason_cut", "audit.reason_rewritten", "account.done_password", "account.done_elsewhere",
		"users.done_roles", "users.done_password", "users.done_2fa", "users.done_disabled", "users.done_enabled"} {
		check("families", k)
	}
	for _, r := range domain.AllRoles {
		check("domain.AllRoles", "role."+string(r))
	}
	for _, dir := range []string{".", "../store", "../domain", "../auth"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			b, _ := os.ReadFile(f)
			for _, m := range goKey.FindAllStringSubmatch(string(b), -1) {
				check(f, m[1])
			}
		}
	}
}
