package medibus_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// goFile is a parsed non-test Go file of the module, with its package directory.
type goFile struct {
	path, dir string
	fset      *token.FileSet
	f         *ast.File
}

func moduleFiles(t *testing.T) []goFile {
	t.Helper()
	var out []goFile
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		out = append(out, goFile{path: path, dir: filepath.ToSlash(filepath.Dir(path)), fset: fset, f: f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFunctionLength: no function over 80 lines outside tests (ARCHITECTURE.md).
func TestFunctionLength(t *testing.T) {
	for _, gf := range moduleFiles(t) {
		for _, d := range gf.f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			if n := gf.fset.Position(fn.Body.Rbrace).Line - gf.fset.Position(fn.Pos()).Line + 1; n > 80 {
				t.Errorf("%s: func %s is %d lines long; cut it along its data (at most 80)", gf.path, fn.Name.Name, n)
			}
		}
	}
}

// TestImports holds the import rules of ARCHITECTURE.md.
func TestImports(t *testing.T) {
	forbidden := []struct {
		from, to, why string
	}{
		{"scheduler", "medibus/store", "the planner never reads databases"},
		{"scheduler", "medibus/server", "the planner knows nothing of HTTP"},
		{"scheduler", "medibus/validate", "the planner must not share the validator's checks"},
		{"validate", "medibus/scheduler", "a planner bug must not hide in a shared check"},
		{"validate", "medibus/store", "the validator checks values, not storage"},
		{"routing", "medibus/scenario", "the travel model is below the scenarios"},
		{"routing", "medibus/engine", "routing is the travel model only"},
		{"medibus", "medibus/", "the root package holds only domain types"},
		{"store", "medibus/scheduler", "storage stores what it is given"},
		{"planning", "medibus/store", "planning declares the store it needs"},
	}
	for _, gf := range moduleFiles(t) {
		pkg := gf.dir
		if pkg == "." {
			pkg = "medibus"
		}
		for _, imp := range gf.f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "medibus/engine") && !strings.HasPrefix(pkg, "engine") && gf.path != filepath.FromSlash("cli/bench.go") {
				t.Errorf("%s imports %s: only cli/bench.go may use the engine wing", gf.path, path)
			}
			if path == "medibus/config" && pkg != "cli" {
				t.Errorf("%s imports medibus/config: only the commands read the configuration", gf.path)
			}
			for _, f := range forbidden {
				if (pkg == f.from || strings.HasPrefix(pkg, f.from+"/")) && strings.HasPrefix(path, f.to) {
					t.Errorf("%s imports %s: %s", gf.path, path, f.why)
				}
			}
		}
	}
}

// TestOneTravelModel: outside routing itself, only the configuration builds a travel
// model, so that the planner, the figures, the validator and the server share one.
func TestOneTravelModel(t *testing.T) {
	for _, gf := range moduleFiles(t) {
		if strings.HasPrefix(gf.dir, "routing") || gf.path == filepath.FromSlash("config/travel.go") {
			continue
		}
		ast.Inspect(gf.f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && (sel.Sel.Name == "NewGreatCircle" || sel.Sel.Name == "NewGreatCircleOnLand" || sel.Sel.Name == "NewRoad") {
				t.Errorf("%s: %s builds a travel model; take the run's routing.Model instead", gf.fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}
