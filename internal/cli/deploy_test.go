package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/dbtest"
)

// TestSystemdUnitVerifies checks deploy/integer.service with systemd's own
// checker: every directive known and well-formed, the command executable.
// The command is pointed at an executable of this test run, as the real one
// is installed at /usr/local/bin only on a server. The arguments it passes
// are then parsed by the serve command's own flags.
func TestSystemdUnitVerifies(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		dbtest.SkipOrFail(t, "the unit file test needs systemd-analyze (Debian: apt-get install systemd); skipping")
		return
	}
	unit, err := os.ReadFile("../../deploy/integer.service")
	if err != nil {
		t.Fatal(err)
	}
	const installed = "/usr/local/bin/integer"
	var args []string
	for _, line := range strings.Split(string(unit), "\n") {
		if cmd, ok := strings.CutPrefix(line, "ExecStart="); ok {
			fields := strings.Fields(cmd)
			if len(fields) == 0 || fields[0] != installed {
				t.Fatalf("ExecStart runs %q, want %s as docs/deploy.md installs it", cmd, installed)
			}
			args = fields[1:]
		}
	}
	if len(args) == 0 || args[0] != "serve" {
		t.Fatalf("the unit does not run `integer serve`: %q", args)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "integer.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(unit), installed, self)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", "--man=no", path).CombinedOutput()
	// verify also reports on units the unit names (network-online.target,
	// postgresql.service) that a test machine may lack; only lines about
	// this unit count.
	var problems []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.Contains(line, "integer.service") {
			problems = append(problems, line)
		}
	}
	if len(problems) > 0 {
		t.Errorf("systemd-analyze verify (%v):\n%s", err, strings.Join(problems, "\n"))
	}

	// The serve command accepts the unit's flags: with a configuration
	// file that does not exist it says so, not that a flag is unknown.
	serveArgs := append([]string{}, args...)
	for i, a := range serveArgs {
		if a == "--config" && i+1 < len(serveArgs) {
			serveArgs[i+1] = filepath.Join(dir, "missing.toml")
		}
	}
	r := run(t, nil, serveArgs...)
	if r.code != 1 || !strings.Contains(r.stderr, "missing.toml") {
		t.Errorf("integer %s: exit %d, want 1 about the missing file\n%s", strings.Join(serveArgs, " "), r.code, r.stderr)
	}
}
