package report_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

func TestMain(m *testing.M) {
	os.Exit(func() int {
		defer dbtest.StopPrivateServer()
		defer report.CloseTestPDF()
		return m.Run()
	}())
}

// forEachEngine runs the test on a fresh SQLite file and a fresh PostgreSQL
// database.
func forEachEngine(t *testing.T, test func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "integer.db")
			if engine == "postgres" {
				dsn = dbtest.PostgresURL(t)
			}
			s, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			test(t, s)
		})
	}
}

func mustOrg(t testing.TB, s *store.Store, slug string) *domain.Organisation {
	t.Helper()
	o := &domain.Organisation{Slug: slug, Name: "Gemeente " + strings.ToUpper(slug[:1]) + slug[1:]}
	if err := s.CreateOrganisation(context.Background(), store.CLI, o); err != nil {
		t.Fatalf("create organisation: %v", err)
	}
	return o
}

var trendStep = regexp.MustCompile(`^(\w+)\[(\d+)\]$`)

// lookup follows a dotted path into decoded JSON the way
// ../shared/tools/check-report does: a step "trend[2011]" picks the entry of
// a list of {year, count} objects whose year is 2011 and gives its count.
func lookup(doc any, path string) (any, bool) {
	cur := doc
	for _, part := range strings.Split(path, ".") {
		key, idx := part, -1
		if m := trendStep.FindStringSubmatch(part); m != nil {
			key = m[1]
			idx, _ = strconv.Atoi(m[2])
		}
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[key]; !ok {
			return nil, false
		}
		if idx >= 0 {
			list, _ := cur.([]any)
			found := false
			for _, e := range list {
				m, _ := e.(map[string]any)
				if y, ok := m["year"].(float64); ok && int(y) == idx {
					if c, ok := m["count"]; ok {
						cur = c
					} else if v, ok := m["value"]; ok {
						cur = v
					} else {
						cur = m
					}
					found = true
					break
				}
			}
			if !found {
				return nil, false
			}
		}
	}
	return cur, true
}

// checkExpected compares every path of the expected file with the report's
// JSON; an absent path is only right when zero is expected.
func checkExpected(t *testing.T, reportJSON []byte, expectedFile string) {
	t.Helper()
	var doc any
	if err := json.Unmarshal(reportJSON, &doc); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(expectedFile)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]float64
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("no expected figures")
	}
	for path, w := range want {
		got, ok := lookup(doc, path)
		if !ok {
			if w != 0 {
				t.Errorf("missing %s (want %v)", path, w)
			}
			continue
		}
		g, isNum := got.(float64)
		if !isNum || g != w {
			t.Errorf("%s: got %v, want %v", path, got, w)
		}
	}
}

// fixedNow is the moment the test reports are generated.
var fixedNow = time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC)
