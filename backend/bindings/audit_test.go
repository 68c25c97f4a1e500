package bindings

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readPrefixes start the names of facade methods that change nothing. Any other exported
// method is taken to change something and must record it: a new method is audited unless its
// name says it only reads.
var readPrefixes = []string{
	"Get", "List", "Status", "Settings", "Info", "Preview", "Placeholders", "Backends", "History", "Search",
	"Transcript", "Lines", "Dashboard", "Kinds", "OSSwitches", "Cooldowns", "Report", "Budgets", "Prices",
	"AllowedRoots", "Example", "State", "NextFireTimes", "Upcoming", "Actions", "Actors", "HidesOnClose",
	"Templates", "Guides", "Board", "Document", "Polls", "GitHubSettings", "Snapshot",
	"WorkDir", "Products", "Workspace",
}

// notChanges are methods that change nothing worth recording, and why.
var notChanges = map[string]string{
	"AgentCLIAPI.Detect":      "looks for the CLIs again; stores only what it found",
	"UpdateAPI.Check":         "reads the release feed; downloads and changes nothing",
	"WindowAPI.Quit":          "closes the window",
	"WindowAPI.PickDirectory": "opens the folder dialog; the chosen path only goes back to the caller",
	"PlanningAPI.Watch":       "subscribes the window to planning file changes",
	"PlanningAPI.Unwatch":     "ends that subscription",
	"TerminalAPI.Start":       "opens an interactive shell: what is typed into it is not a change to Agented",
	"TerminalAPI.Write":       "keystrokes into a terminal",
	"TerminalAPI.Resize":      "a terminal's size",
	"TerminalAPI.Close":       "ends a terminal session",
}

// Every exported facade method that changes something calls record, recordErr or a Recorder's
// Record, so what the window changes is in the audit log like what the API changes. The source is
// read rather than each method called, so the rule holds for methods added later too.
func TestEveryChangingBindingIsAudited(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() {
				continue
			}
			recv := receiverName(fn)
			if !strings.HasSuffix(recv, "API") {
				continue
			}
			name := recv + "." + fn.Name.Name
			if _, ok := notChanges[name]; ok || reads(fn.Name.Name) {
				continue
			}
			checked++
			if !records(fn.Body) {
				t.Errorf("%s (%s) changes something but does not record it: wrap the change in record or recordErr, "+
					"or, if it only reads, give it a reading name", name, fset.Position(fn.Pos()))
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d changing methods found: the source walk is broken", checked)
	}
}

func reads(name string) bool {
	for _, p := range readPrefixes {
		if name == p || strings.HasPrefix(name, p) && !strings.HasPrefix(name, "Set") {
			return true
		}
	}
	return false
}

func receiverName(fn *ast.FuncDecl) string {
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func records(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		switch f := call.Fun.(type) {
		case *ast.Ident:
			found = found || f.Name == "record" || f.Name == "recordErr"
		case *ast.IndexExpr: // record[T](...)
			if id, ok := f.X.(*ast.Ident); ok {
				found = found || id.Name == "record"
			}
		case *ast.SelectorExpr:
			found = found || f.Sel.Name == "Record" || f.Sel.Name == "change"
		}
		return !found
	})
	return found
}
