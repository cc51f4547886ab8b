package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/integer-nl/integer/"

// importedOnlyBy names the packages at the top, each with the one package
// that may import it: the binary hands over to cli, cli to app, app (the
// wiring) builds web. Below them nothing imports a door or the wiring, so
// the arrows point one way, from the door to the data.
var importedOnlyBy = map[string]string{
	"internal/web": "internal/app",
	"internal/app": "internal/cli",
	"internal/cli": "cmd/integer",
}

// onlyIn names what one package alone may use: a package's exported name
// (through its import) and the package directory allowed to use it.
var onlyIn = []struct {
	pkg, name, where, why string
}{
	{"internal/seal", "ReceiptKeys", "internal/meldpunt", "derives a receipt code: the use cases of package meldpunt do that, in the argon2id slots"},
	{"internal/store", "Receipt", "internal/meldpunt", "is what a receipt code unlocks: reports are filed and mailboxes opened through meldpunt's use cases, which alone hold one"},
}

// TestLayers reads every non-test Go file of the module and fails when a
// package other than app, the wiring, imports web (or another than cli
// imports app, or than the binary imports cli), or when a step that
// belongs to a use case of the application layer (deriving a receipt code,
// filing a report or opening a mailbox with one) is taken outside it.
func TestLayers(t *testing.T) {
	root := filepath.Join("..", "..")
	files := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		files++
		checkLayers(t, p, filepath.ToSlash(filepath.Dir(rel)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("read only %d Go files from %s: not the module", files, root)
	}
}

// checkLayers checks one file of the package in directory dir (relative to
// the module's root).
func checkLayers(t *testing.T, file, dir string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{} // local name → package directory, for the module's imports
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		pkg, ok := strings.CutPrefix(p, module)
		if !ok {
			continue
		}
		if by, ok := importedOnlyBy[pkg]; ok && dir != by {
			t.Errorf("%s imports %s: only %s may; the use cases belong in the application layer", file, path.Base(pkg), by)
		}
		local := path.Base(pkg)
		if imp.Name != nil {
			local = imp.Name.Name
		}
		names[local] = pkg
	}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		for _, rule := range onlyIn {
			if names[x.Name] == rule.pkg && sel.Sel.Name == rule.name && dir != rule.where {
				t.Errorf("%s uses %s.%s, which %s", file, path.Base(rule.pkg), rule.name, rule.why)
			}
		}
		return true
	})
}
