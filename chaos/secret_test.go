//go:build unix

package chaos

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestChildReadsServerEnviron starts a run whose CLI walks up its ancestors and prints every
// /proc/<pid>/environ it can read. The API key the server was started with must not appear in
// anything the server stores (the data directory, byte for byte) or serves (the run, its lines,
// its transcript, the list). Two ways: as nobody, the server's own user, the CLI must not be
// able to read the server's environment at all; as root, which may read any process, the
// CLI does read it, and what it printed must be redacted before it is stored or served.
func TestChildReadsServerEnviron(t *testing.T) {
	t.Parallel()
	needRoot(t, "run the server as nobody")
	for _, tt := range []struct {
		name     string
		uid      int
		mustRead bool // the CLI must see the environ, or the case proves nothing about redaction
	}{
		{"as nobody", nobody, false},
		{"as root", 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			environCase(t, tt.uid, tt.mustRead)
		})
	}
}

func environCase(t *testing.T, uid int, mustRead bool) {
	s := startServer(t, serverOpts{uid: uid, cliDir: bins.spyCLI})
	trig := s.createTrigger(map[string]any{"promptTemplate": "show me your parent's secrets [spy:wait] {message}"})
	id := s.runTrigger(trig, "now")
	// The CLI waits before it prints, so the stream below carries its lines live.
	stream := s.stream(id)
	ex := s.waitFinished(id, time.Minute)
	tried(t, "a CLI (as uid %d, like the server) reading /proc/<ancestor>/environ of server pid %d and printing it", uid, s.pid())

	lines := s.lines(ex.ID)
	var reports []string
	for _, l := range lines {
		if strings.HasPrefix(l.Text, "procspy: ") {
			reports = append(reports, strings.TrimPrefix(l.Text, "procspy: "))
		}
	}
	if !strings.Contains(strings.Join(reports, "\n"), fmt.Sprintf("pid %d", s.pid())) {
		s.failf("the CLI never got to the server's pid %d (it reported %q); the case proves nothing", s.pid(), reports)
	}
	if read := fmt.Sprintf("environ of pid %d:", s.pid()); mustRead && !strings.Contains(strings.Join(reports, "\n"), read) {
		s.failf("as root the CLI could not read the server's environ (it reported %q); the case proves nothing about redaction", reports)
	}
	var printed []string // the lines where the CLI printed the key's variable
	for _, l := range lines {
		if strings.HasPrefix(l.Text, "AGENTED_API_KEY=") {
			printed = append(printed, l.Text)
		}
	}
	if mustRead && len(printed) == 0 {
		s.failf("as root the CLI printed no AGENTED_API_KEY line; the case proves nothing about redaction")
	}
	served := map[string][]byte{}
	for _, path := range []string{
		"/admin/executions/" + ex.ID,
		"/admin/executions/" + ex.ID + "/lines?limit=5000",
		"/admin/executions/" + ex.ID + "/transcript?limit=5000",
		"/admin/executions?limit=50",
	} {
		code, _, body := s.adminRaw("GET", path, nil)
		if code != 200 {
			s.failf("GET %s = %d %.300s", path, code, body)
		}
		served[path] = body
	}
	if !bytes.Contains(stream, []byte("procspy: ")) {
		s.failf("the live stream carried none of the CLI's lines:\n%.2000s", stream)
	}
	served["/admin/executions/"+id+"/stream"] = stream
	for path, body := range served {
		if bytes.Contains(body, []byte(apiKey)) {
			s.failf("GET %s serves the API key; the CLI reported: %q", path, reports)
		}
	}
	var storedIn []string
	err := filepath.WalkDir(s.opts.home, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(raw, []byte(apiKey)) {
			storedIn = append(storedIn, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(storedIn) > 0 {
		s.failf("the API key is stored in %v; the CLI reported: %q", storedIn, reports)
	}
	survived(t, "the run (%s, %d lines) served (detail, lines, transcript, list, live stream) and stored no trace of the key; the CLI reported %q; its AGENTED_API_KEY lines read %q",
		ex.Status, len(lines), reports, printed)
}
