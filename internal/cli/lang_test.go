package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDefect_CommandLineInOneLanguage: the command line answered in English
// ("created organisation …") and gave its errors in Dutch. Each run now
// speaks one language, for messages and errors alike: Dutch unless
// --lang en (issue 12, point 15).
func TestDefect_CommandLineInOneLanguage(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		lang                  []string
		created, taken, usage string
		foreign               []string
	}{
		{nil, "organisatie helmond (Gemeente Helmond) aangemaakt", "De naam helmond is al in gebruik.", "Opdrachten:",
			[]string{"created", "taken", "Commands:", "no database"}},
		{[]string{"--lang", "en"}, "created organisation helmond (Gemeente Helmond)", "The name helmond is taken.", "Commands:",
			[]string{"aangemaakt", "al in gebruik", "Opdrachten:", "geen database"}},
	} {
		data := filepath.Join(dir, "data"+strings.Join(tc.lang, ""))
		cmd := func(args ...string) result {
			return runAsTyped(t, nil, append(append([]string{}, tc.lang...), args...)...)
		}
		outputs := []result{
			cmd("org", "add", "--data", data, "helmond", "Gemeente", "Helmond"),
			cmd("org", "add", "--data", data, "helmond", "Nog", "een", "keer"),
			cmd("help"),
			cmd("org", "list", "--data", filepath.Join(dir, "typo")),
		}
		if r := outputs[0]; r.code != 0 || !strings.Contains(r.stdout, tc.created) {
			t.Errorf("%v org add: %+v", tc.lang, r)
		}
		if r := outputs[1]; r.code != 1 || !strings.Contains(r.stderr, tc.taken) {
			t.Errorf("%v org add twice: %+v", tc.lang, r)
		}
		if r := outputs[2]; r.code != 0 || !strings.Contains(r.stdout, tc.usage) {
			t.Errorf("%v help: %+v", tc.lang, r)
		}
		for _, r := range outputs {
			for _, f := range tc.foreign {
				if strings.Contains(r.stdout+r.stderr, f) {
					t.Errorf("%v: the run mixes in %q:\n%s%s", tc.lang, f, r.stdout, r.stderr)
				}
			}
		}
	}
	if r := runAsTyped(t, nil, "--lang", "de", "version"); r.code != 2 || !strings.Contains(r.stderr, "onbekende taal") {
		t.Errorf("--lang de: %+v", r)
	}
	if r := runAsTyped(t, nil, "org", "list", "--data", filepath.Join(dir, "typo")); r.code != 1 || !strings.Contains(r.stderr, "geen database in") {
		t.Errorf("missing database in Dutch: %+v", r)
	}
}
