package web_test

import (
	"encoding/json"
	"mime"
	"net/http"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
)

// TestDefect_APINotFoundIsHTML: an unknown path under /api/ answered the
// HTML "page not found", which an API client cannot read. It answers a
// problem document (RFC 9457) in JSON, in the client's language.
func TestDefect_APINotFoundIsHTML(t *testing.T) {
	e := newEnv(t, "")
	e.org("helmond")
	for _, tc := range []struct{ method, path string }{
		{"GET", "/api/"},
		{"GET", "/api/v2/helmond/reports"},
		{"GET", "/api/v1/helmond/unknown"},
		{"DELETE", "/api/v1/helmond/reports"},
		{"GET", "/api/v1/openapi.yaml"},
	} {
		res := e.send(tc.method, tc.path, "", nil, map[string]string{"Accept-Language": "en"})
		mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
		if mt != "application/problem+json" {
			t.Errorf("%s %s: Content-Type %q, want application/problem+json", tc.method, tc.path, res.Header.Get("Content-Type"))
			continue
		}
		var p struct {
			Type   string `json:"type"`
			Title  string `json:"title"`
			Status int    `json:"status"`
			Detail string `json:"detail"`
			Error  struct {
				Code string `json:"code"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(res.body), &p); err != nil {
			t.Errorf("%s %s: %v in %q", tc.method, tc.path, err, res.body)
			continue
		}
		if p.Status != res.StatusCode || p.Type == "" || p.Title == "" || p.Detail == "" || p.Error.Code == "" {
			t.Errorf("%s %s: %d %+v", tc.method, tc.path, res.StatusCode, p)
		}
		switch tc.method {
		case "GET":
			if res.StatusCode != http.StatusNotFound || p.Error.Code != "not_found" {
				t.Errorf("%s %s: %d %+v, want 404 not_found", tc.method, tc.path, res.StatusCode, p)
			}
		default:
			if res.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(res.Header.Get("Allow"), "POST") {
				t.Errorf("%s %s: %d Allow %q, want 405 with Allow: POST", tc.method, tc.path, res.StatusCode, res.Header.Get("Allow"))
			}
		}
	}
	// The pages still answer the HTML page.
	if res := e.do(request{path: "/helmond/nothing-here"}); res.StatusCode != 404 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("a page's 404: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

// TestDefect_MetricsTakenForOrganisation: /metrics answered a redirect to
// /metrics/, taken for an organisation's home; /readyz likewise. Every
// fixed top-level path is a reserved name that no organisation can take,
// and /metrics without a token configured is simply not there.
func TestDefect_MetricsTakenForOrganisation(t *testing.T) {
	e := newEnv(t, "")
	for _, path := range []string{"/metrics", "/readyz"} {
		res := e.do(request{path: path})
		if res.StatusCode >= 300 && res.StatusCode < 400 {
			t.Errorf("GET %s: redirect to %q", path, res.location())
		}
	}
	if res := e.do(request{path: "/metrics"}); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /metrics without a metrics token: %d, want 404", res.StatusCode)
	}
	for _, p := range e.srv.RoutePatterns() {
		_, path, _ := strings.Cut(p, " ")
		first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
		if first == "" || strings.HasPrefix(first, "{") {
			continue
		}
		o := domain.Organisation{Slug: first, Name: "Gemeente " + first}
		if err := o.Check(); err == nil {
			t.Errorf("route %q: an organisation can be named %q", p, first)
		}
	}
}

// TestReadyz: /readyz answers 200 only when the database answers and has
// every migration of this binary; /healthz only says the process is up.
func TestReadyz(t *testing.T) {
	e := newEnv(t, "")
	if res := e.do(request{path: "/readyz"}); res.StatusCode != 200 {
		t.Fatalf("readyz: %d %s", res.StatusCode, res.body)
	}
	// One migration fewer than the binary knows: not ready.
	if _, err := e.store.DB().Exec(`DELETE FROM goose_db_version WHERE version_id = (SELECT MAX(version_id) FROM goose_db_version)`); err != nil {
		t.Fatal(err)
	}
	if res := e.do(request{path: "/readyz"}); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz behind on migrations: %d", res.StatusCode)
	}
	e.store.Close()
	if res := e.do(request{path: "/readyz"}); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz without database: %d", res.StatusCode)
	}
}

// TestDefect_OpenAPIIncomplete: the OpenAPI file had no operationId, no
// licence, no security on the public register, and no 4XX for every answer
// the server gives, so generated clients and linters stumbled
// (`@redocly/cli lint` in .ci/run checks the rest).
func TestDefect_OpenAPIIncomplete(t *testing.T) {
	e := newEnv(t, "")
	res := e.do(request{path: "/api/v1/openapi.json"})
	var doc struct {
		Info struct {
			License struct{ Name string } `json:"license"`
		} `json:"info"`
		Paths map[string]map[string]struct {
			OperationID string                     `json:"operationId"`
			Security    *[]map[string][]string     `json:"security"`
			Responses   map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(res.body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Info.License.Name == "" {
		t.Error("no licence")
	}
	seen := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if op.OperationID == "" || seen[op.OperationID] {
				t.Errorf("%s %s: operationId %q missing or twice", method, path, op.OperationID)
			}
			seen[op.OperationID] = true
			if op.Security == nil {
				t.Errorf("%s %s: no security (public operations say security: [])", method, path)
			}
			if !strings.HasPrefix(path, "/api/") {
				continue
			}
			has4xx := false
			for code := range op.Responses {
				has4xx = has4xx || strings.HasPrefix(code, "4")
			}
			if !has4xx {
				t.Errorf("%s %s: no 4XX response", method, path)
			}
		}
	}
	if doc.Paths["/readyz"]["get"].OperationID == "" {
		t.Error("/readyz is not described")
	}
}
