package project

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
)

// BenchmarkCloneHTTP clones the 2,000-commit fixture over loopback HTTP (git http-backend)
// with go-git, as a project clone does (progress parsed), and with the git CLI, alternating,
// and reports the median of each and their ratio (target ≤ 1.5).
func BenchmarkCloneHTTP(b *testing.B) {
	srv := newGitServer(b, fixtureRoot, "", 0)
	url := srv.URL + "/src.git"
	var gogit, cli []time.Duration
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		start := time.Now()
		w := newProgressWriter(CloneProgress{ProjectID: "bench", Op: "clone"}, func(CloneProgress) {})
		if _, err := git.PlainCloneContext(context.Background(), filepath.Join(dir, "gogit"), false, &git.CloneOptions{URL: url, Progress: w}); err != nil {
			b.Fatal(err)
		}
		gogit = append(gogit, time.Since(start))

		start = time.Now()
		cmd := exec.Command("git", "clone", "--quiet", url, filepath.Join(dir, "cli"))
		cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git clone: %v\n%s", err, out)
		}
		cli = append(cli, time.Since(start))
	}
	g, c := median(gogit), median(cli)
	b.ReportMetric(float64(g.Milliseconds()), "gogit-ms")
	b.ReportMetric(float64(c.Milliseconds()), "git-ms")
	b.ReportMetric(float64(g)/float64(c), "ratio")
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
