//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/agented/agented/backend/bindings"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/terminal"
)

// TestAppStopEndsTerminals opens a terminal through the bound facade, has its shell start a
// child that ignores the hangup, stops the app, and checks that neither survived.
func TestAppStopEndsTerminals(t *testing.T) {
	// The login shell reads $HOME's profile; the tester's may be slow (version managers).
	t.Setenv("HOME", t.TempDir())
	a := startApp(t, t.TempDir(), secret.NewMemoryKeyring())
	api := binding[*bindings.TerminalAPI](a)
	s, err := api.Start(terminal.StartOptions{Dir: t.TempDir(), Rows: 24, Cols: 80})
	if err != nil {
		_ = a.Stop(context.Background())
		t.Fatal(err)
	}
	if err := api.Write(s.ID, "bash -c 'trap \"\" HUP; exec sleep 1234' & echo CHILD:$((${!}+0))\n"); err != nil {
		t.Fatal(err)
	}
	child := 0
	re := regexp.MustCompile(`CHILD:(\d+)`)
	for deadline := time.Now().Add(20 * time.Second); child == 0; time.Sleep(20 * time.Millisecond) {
		snap, err := api.Snapshot(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m := re.FindStringSubmatch(snap.Data); m != nil {
			child, _ = strconv.Atoi(m[1])
		}
		if time.Now().After(deadline) {
			t.Fatalf("no child pid in %q (%+v)", snap.Data, snap.Session)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := a.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	for _, pid := range []int{s.PID, child} {
		// The shell was reaped by the app; the child, reparented, may linger as a zombie only.
		if err := syscall.Kill(pid, 0); err == nil && !zombie(pid) {
			t.Errorf("process %d outlived the app", pid)
		}
	}
}

func zombie(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true // gone, or no /proc to tell
	}
	i := bytes.LastIndexByte(b, ')')
	return i > 0 && i+2 < len(b) && b[i+2] == 'Z'
}
