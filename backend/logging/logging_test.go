package logging

import (
	"bufio"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/internal/testutil"
)

func readLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		out = append(out, m)
	}
	return out
}

func TestFileLoggerWithComponentAndContext(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "logs")
	l, err := New(Options{Dir: dir, Level: slog.LevelInfo})
	if err != nil {
		t.Fatal(err)
	}
	log := Component(l.Logger, "settings")
	ctx := WithAttrs(context.Background(), slog.String("request_id", "req-1"))
	ctx = WithAttrs(ctx, slog.String("execution_id", "exec-1"))
	log.InfoContext(ctx, "saved", "key", "theme")
	log.Debug("hidden below info")
	log.Info("no context")
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	lines := readLines(t, filepath.Join(dir, FileName))
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2", len(lines))
	}
	first := lines[0]
	for k, want := range map[string]string{"msg": "saved", "component": "settings", "request_id": "req-1", "execution_id": "exec-1", "key": "theme", "level": "INFO"} {
		if first[k] != want {
			t.Errorf("%s = %v, want %q", k, first[k], want)
		}
	}
	if _, ok := lines[1]["request_id"]; ok {
		t.Error("request_id leaked onto a line logged without the context")
	}
}

func TestRotation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l, err := New(Options{Dir: dir, MaxSizeMB: 1, MaxBackups: 2})
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 1024)
	for range 3000 { // ~3 MB through a 1 MB file
		l.Info("fill", "pad", big)
	}
	_ = l.Close()
	// Rotated files are gzipped in the background; wait for that so the temp dir can be removed.
	var entries []os.DirEntry
	testutil.Eventually(t, 10*time.Second, func() bool {
		entries, _ = os.ReadDir(dir)
		for _, e := range entries {
			if e.Name() != FileName && !strings.HasSuffix(e.Name(), ".gz") {
				return false
			}
		}
		return true
	}, "rotated files are still being compressed: %v", entries)
	if len(entries) < 2 {
		t.Fatalf("no rotation happened: %d files", len(entries))
	}
	for _, e := range entries {
		if e.Name() != FileName && !strings.HasSuffix(e.Name(), ".gz") {
			t.Errorf("rotated file %s was not compressed", e.Name())
		}
	}
	fi, _ := os.Stat(filepath.Join(dir, FileName))
	if fi.Size() > 1<<20+4096 {
		t.Fatalf("active file is %d bytes, over the 1 MB limit", fi.Size())
	}
}
