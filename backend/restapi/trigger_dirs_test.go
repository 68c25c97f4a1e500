package restapi

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAddPathRefusesSystemDirsOverREST: linking /, /etc, /proc/self/cwd or a symlink to /etc is
// answered 400 with the reason under "path", and nothing is linked.
func TestAddPathRefusesSystemDirsOverREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tr := e.newTrigger("Dirs")
	toEtc := filepath.Join(t.TempDir(), "etc-link")
	if err := os.Symlink("/etc", toEtc); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ dir, want string }{
		{"/", "/ is the root of the file system"},
		{"/etc", "/etc is a system directory"},
		{"/proc/self/cwd", "/proc/self/cwd is a system directory"},
		{"/tmp/../etc", "/etc is a system directory"},
		{toEtc, toEtc + " resolves to /etc, which is a system directory"},
	}
	for _, tt := range tests {
		var body errorBody
		if code := e.do("POST", "/admin/triggers/"+tr.ID+"/paths", AddPathRequest{Path: tt.dir}, &body); code != http.StatusBadRequest {
			t.Fatalf("%s: status %d, want 400: %+v", tt.dir, code, body)
		}
		if !strings.Contains(body.Fields["path"], tt.want) {
			t.Fatalf("%s: body %+v, want path: ...%s", tt.dir, body, tt.want)
		}
	}
	var paths PathList
	if e.do("GET", "/admin/triggers/"+tr.ID+"/paths", nil, &paths); len(paths.Paths) != 0 {
		t.Fatalf("refused directories were linked: %+v", paths.Paths)
	}
}
