package agent

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Feeding whole reads must give exactly the outcome of calling Line per line, whatever the read
// boundaries: every fixture of every backend, read in blocks of 1, 3 and all lines.
func TestFeedEqualsLine(t *testing.T) {
	t.Parallel()
	for _, backend := range Backends {
		paths, _ := fs.Glob(os.DirFS(filepath.Join("testdata", backend)), "*")
		names := map[string]bool{}
		for _, p := range paths {
			names[strings.TrimSuffix(strings.TrimSuffix(p, ".jsonl"), ".stderr")] = true
		}
		for name := range names {
			for _, per := range []int{1, 3, 1 << 20} {
				t.Run(backend+"/"+name, func(t *testing.T) {
					t.Parallel()
					lines := fixtureLines(t, backend, name)
					clock := func() time.Time { return testNow }
					want, got := newParser(backend, clock), newParser(backend, clock)
					for _, l := range lines {
						want.Line(l.Seq, l.Stream, l.Text)
					}
					for i := 0; i < len(lines); {
						// A block never mixes streams, as a read never does.
						j := i
						var data []byte
						for j < len(lines) && j-i < per && lines[j].Stream == lines[i].Stream {
							data = append(append(data, lines[j].Text...), '\n')
							j++
						}
						Feed(got, lines[i].Seq, lines[i].Stream, data)
						i = j
					}
					for _, code := range []int{0, 1, -1} {
						if w, g := want.Finish(code), got.Finish(code); !reflect.DeepEqual(w, g) {
							t.Fatalf("exit %d, %d lines per read:\nLine %+v %+v\nFeed %+v %+v", code, per, w, w.Failure, g, g.Failure)
						}
					}
				})
			}
		}
	}
}

func TestHasClaudeErrorKey(t *testing.T) {
	t.Parallel()
	long := strings.Repeat(`{"type":"text","text":"lorem \"error\": ipsum"},`, 50)
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"the key", `{"uuid":"a1","error":"rate_limit"}`, true},
		{"no key", `{"type":"assistant","message":{}}`, false},
		{"a key starting like it", `{"errors":"x","error_status":429}`, false},
		{"after near misses", `{"err":1,"erro":"x","error" :"y","error":"rate_limit"}`, true},
		{"escaped inside a string", `{"text":"say \"error\":\"x\""}`, false},
		{"cut at the end", `{"a":1,"error":`, false},
		{"only the start", `"err`, false},
		{"after a long line", long + `"error":"overloaded"}`, true},
		{"a long line without", long, false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := hasClaudeErrorKey([]byte(tt.data)); got != tt.want {
				t.Fatalf("hasClaudeErrorKey(%.60q) = %v, want %v", tt.data, got, tt.want)
			}
			if want := strings.Contains(tt.data, string(claudeErrorKey)); want != tt.want {
				t.Fatalf("case is wrong: strings.Contains says %v", want)
			}
		})
	}
}
