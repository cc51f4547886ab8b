package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestDefect_VersionWithoutCommit: `integer version` printed "integer devel"
// and nothing else, so an administrator could not tell which commit runs.
// It prints the version, the commit and its date from the build
// information, and says plainly when a field is not in it.
func TestDefect_VersionWithoutCommit(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		want buildVersion
	}{
		{"release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"},
			Settings: settings("vcs.revision", "0123456789abcdef0123456789abcdef01234567", "vcs.time", "2026-12-01T10:00:00Z", "vcs.modified", "false")},
			buildVersion{Version: "v1.4.0", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-12-01T10:00:00Z", Go: "go1.26.8"}},
		{"a work tree with changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: settings("vcs.revision", "abc", "vcs.time", "2026-12-01T10:00:00Z", "vcs.modified", "true")},
			buildVersion{Version: "devel", Commit: "abc", Modified: true, Date: "2026-12-01T10:00:00Z", Go: "go1.26.8"}},
		{"built without VCS stamping", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			buildVersion{Version: "devel", Go: "go1.26.8"}},
		{"no build information", nil, buildVersion{Version: "devel"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionOf(tt.info); got != tt.want {
				t.Errorf("versionOf = %+v, want %+v", got, tt.want)
			}
		})
	}

	r := run(t, nil, "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "integer ") || !strings.Contains(r.stdout, "commit") || !strings.Contains(r.stdout, "go1.") {
		t.Errorf("integer version: exit %d, %q", r.code, r.stdout)
	}
}

// TestVersionOfARealBuild builds the binary from this work tree with VCS
// stamping and checks that `integer version` names the commit git names.
func TestVersionOfARealBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not in a git work tree: %v", err)
	}
	top, _ := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	args := []string{"build", "-buildvcs=true"}
	if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err == nil && !fi.IsDir() {
		// A linked worktree: the Go tool stamps only a real clone, so the
		// build stamps the commit as docs/deploy.md says for such builds.
		args = append(args, "-ldflags", "-X github.com/integer-nl/integer/internal/cli.commitStamp="+strings.TrimSpace(string(head)))
	}
	bin := filepath.Join(t.TempDir(), "integer")
	build := exec.Command("go", append(args, "-o", bin, "github.com/integer-nl/integer/cmd/integer")...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--lang", "en", "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), strings.TrimSpace(string(head))) {
		t.Errorf("integer version = %q, want commit %s", out, head)
	}
}
