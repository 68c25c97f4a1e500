package proc

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// nobody is the unprivileged user the helpers run as: root reads any process's environ whatever
// its dumpable flag, so only an unprivileged reader shows what DenyInspection changes.
const nobody = 65534

const helperSecret = "helper-secret-5f0c2e9a71"

// TestDenyInspectionHidesEnviron runs this test binary again as an unprivileged helper holding a
// secret in its environment; the helper starts `cat /proc/<its pid>/environ` as the same user.
// Without DenyInspection the child prints the secret, with it the child is refused.
func TestDenyInspectionHidesEnviron(t *testing.T) {
	if mode := os.Getenv("PROC_HARDEN_HELPER"); mode != "" {
		helperMain(mode)
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to start the helper as an unprivileged user")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The helper runs as nobody: it needs a copy of the binary it can reach and execute.
	dir, err := os.MkdirTemp("", "proc-harden-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "helper")
	if err := copyFile(self, bin); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		mode       string
		wantSecret bool
	}{
		{"dumpable (the default): the child reads the secret", "keep", true},
		{"non-dumpable: the child is refused", "deny", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, "-test.run=^TestDenyInspectionHidesEnviron$")
			cmd.Dir = dir
			cmd.Env = []string{"PROC_HARDEN_HELPER=" + tt.mode, "HELPER_SECRET=" + helperSecret, "PATH=/usr/bin:/bin"}
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
			out, _ := cmd.CombinedOutput()
			got := string(out)
			if !strings.Contains(got, "helper ran") {
				t.Fatalf("helper did not run:\n%s", got)
			}
			if has := strings.Contains(got, helperSecret); has != tt.wantSecret {
				t.Fatalf("child output holds the secret = %v, want %v:\n%s", has, tt.wantSecret, got)
			}
			if !tt.wantSecret && !strings.Contains(got, "Permission denied") {
				t.Fatalf("child was not refused:\n%s", got)
			}
		})
	}
}

// helperMain is the unprivileged helper: it optionally denies inspection, then lets a child of
// the same user try to read its environment.
func helperMain(mode string) {
	if mode == "deny" {
		if err := DenyInspection(); err != nil {
			fmt.Println("deny inspection:", err)
		}
		if ok, err := Inspectable(); ok || err != nil {
			fmt.Println("still inspectable:", ok, err)
		}
	}
	out, err := exec.Command("cat", fmt.Sprintf("/proc/%d/environ", os.Getpid())).CombinedOutput()
	fmt.Printf("helper ran as uid %d: %s (err %v)\n", os.Getuid(), strings.ReplaceAll(string(out), "\x00", " "), err)
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
