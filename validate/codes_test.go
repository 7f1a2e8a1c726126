package validate

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestCodes: each code of codes.go is one distinct kebab-case string with its line of
// documentation, and every violation the checker records names its code by one of
// those constants, never by a string literal.
func TestCodes(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "codes.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	names := map[string]bool{}
	values := map[string]string{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, sp := range gd.Specs {
			vs := sp.(*ast.ValueSpec)
			name := vs.Names[0].Name
			v, _ := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
			names[name] = true
			if !strings.HasPrefix(name, "Code") || !kebab.MatchString(v) {
				t.Errorf("%s = %q: want a Code… name and a kebab-case code", name, v)
			}
			if other, ok := values[v]; ok {
				t.Errorf("%s and %s are both %q", name, other, v)
			}
			values[v] = name
			if vs.Comment == nil || !strings.Contains(vs.Comment.Text(), "rule") {
				t.Errorf("%s: no line saying which rule and what is wrong", name)
			}
		}
	}
	if len(values) < 50 {
		t.Fatalf("only %d codes read from codes.go", len(values))
	}
	recorders := map[string]int{"add": 1, "addAt": 1, "addDay": 1, "overbooked": 1, "missingRoles": 3}
	files, _ := filepath.Glob("*.go")
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") || path == "codes.go" {
			continue
		}
		gf, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(gf, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			i, known := recorders[sel.Sel.Name]
			if !known || len(call.Args) <= i {
				return true
			}
			if id, ok := call.Args[i].(*ast.Ident); !ok || !(names[id.Name] || id.Name == "code") {
				t.Errorf("%s: %s records a code that is not a constant of codes.go", fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}
