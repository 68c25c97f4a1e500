package events

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"sort"
	"strconv"
	"testing"
)

// TestNamesMirroredInFrontend keeps backend/events/names.go and frontend/src/constants/events.ts
// identical: same identifiers, same strings.
func TestNamesMirroredInFrontend(t *testing.T) {
	t.Parallel()
	goNames := map[string]string{}
	f, err := parser.ParseFile(token.NewFileSet(), "names.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, n := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					continue
				}
				v, _ := strconv.Unquote(lit.Value)
				goNames[n.Name] = v
			}
		}
	}
	src, err := os.ReadFile("../../frontend/src/constants/events.ts")
	if err != nil {
		t.Fatal(err)
	}
	tsNames := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\s+(\w+): '([^']*)',`).FindAllStringSubmatch(string(src), -1) {
		tsNames[m[1]] = m[2]
	}
	if len(goNames) == 0 {
		t.Fatal("no Go event names parsed")
	}
	for k, v := range goNames {
		if tsNames[k] != v {
			t.Errorf("%s: Go %q, TS %q", k, v, tsNames[k])
		}
	}
	for k := range tsNames {
		if _, ok := goNames[k]; !ok {
			t.Errorf("%s is in events.ts but not in names.go", k)
		}
	}
	nameRe := regexp.MustCompile(`^[a-z]+:[a-z]+(:)?$`)
	keys := make([]string, 0, len(goNames))
	for k := range goNames {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !nameRe.MatchString(goNames[k]) {
			t.Errorf("%s = %q is not domain:verb[:]", k, goNames[k])
		}
	}
}
