package scenario

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"medibus/lang"
)

// TestFrenchFormats: every message format of the readers (a Fail, lang.Errorf or
// lang.New with a literal format, in this package and csvtable) has its French.
func TestFrenchFormats(t *testing.T) {
	var missing []string
	for _, f := range messageFormats(t, ".", "../csvtable") {
		if !lang.Translated(f) {
			missing = append(missing, strconv.Quote(f))
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d formats without French (register them in fr.go):\n%s", len(missing), strings.Join(missing, ",\n"))
	}
}

// messageFormats returns the literal formats of the messages of the packages in dirs.
func messageFormats(t *testing.T, dirs ...string) []string {
	t.Helper()
	var out []string
	seen := map[string]bool{}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				arg := -1
				switch {
				case sel.Sel.Name == "Fail" || sel.Sel.Name == "failf":
					arg = 1
				case sel.Sel.Name == "headerError" || sel.Sel.Name == "pinProblem":
					arg = 1
				case sel.Sel.Name == "Errorf" || sel.Sel.Name == "New":
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "lang" {
						arg = 0
					}
				}
				if arg < 0 || len(call.Args) <= arg {
					return true
				}
				lit, ok := call.Args[arg].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err == nil && !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
				return true
			})
		}
	}
	return out
}
