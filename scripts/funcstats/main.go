// Command funcstats prints the median and p90 function length (lines, non-test Go
// files) and each package's share of non-test code lines.
//
// Usage: go run ./scripts/funcstats [DIR]; it measured issue 9 before and after.
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	var lens []int
	pkgLines := map[string]int{}
	total := 0
	fset := token.NewFileSet()
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return nil
		}
		n := fset.File(f.Pos()).LineCount()
		pkgLines[filepath.Dir(p)] += n
		total += n
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				lens = append(lens, fset.Position(fd.End()).Line-fset.Position(fd.Pos()).Line+1)
			}
		}
		return nil
	})
	sort.Ints(lens)
	fmt.Printf("functions %d median %d p90 %d\n", len(lens), lens[len(lens)/2], lens[len(lens)*9/10])
	type kv struct {
		k string
		v int
	}
	var kvs []kv
	for k, v := range pkgLines {
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].v > kvs[j].v })
	for _, e := range kvs[:5] {
		fmt.Printf("%-30s %6d %5.1f%%\n", e.k, e.v, 100*float64(e.v)/float64(total))
	}
	fmt.Println("total", total)
}
