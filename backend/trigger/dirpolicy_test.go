package trigger

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDirRules checks the tables of every OS by path alone (no file system), so the macOS and
// Windows rules are exercised on any machine.
func TestDirRules(t *testing.T) {
	t.Parallel()
	policies := map[string]*DirPolicy{
		"linux": NewDirPolicy(DirConfig{GOOS: "linux", Home: "/home/me", DataDir: "/home/me/.config/Agented",
			ProjectsDir: "/home/me/.config/Agented/projects"}),
		"darwin": NewDirPolicy(DirConfig{GOOS: "darwin", Home: "/Users/me", DataDir: "/Users/me/Library/Application Support/Agented"}),
		"windows": NewDirPolicy(DirConfig{GOOS: "windows", Home: `C:\Users\me`, DataDir: `C:\Users\me\AppData\Roaming\Agented`,
			ProjectsDir: `C:\Users\me\AppData\Roaming\Agented\projects`}),
	}
	tests := []struct {
		goos, dir string
		want      string // part of the reason, "" = allowed
	}{
		{"linux", "/", "root of the file system"},
		{"linux", "/etc", "system directory"},
		{"linux", "/etc/ssh", "system directory"},
		{"linux", "/proc", "system directory"},
		{"linux", "/proc/self/cwd", "system directory"},
		{"linux", "/proc/1/root", "system directory"},
		{"linux", "/sys/kernel", "system directory"},
		{"linux", "/dev/shm", "system directory"},
		{"linux", "/boot", "system directory"},
		{"linux", "/bin", "system directory"},
		{"linux", "/sbin", "system directory"},
		{"linux", "/lib", "system directory"},
		{"linux", "/lib64/x", "system directory"},
		{"linux", "/libx32", "system directory"},
		{"linux", "/usr", "system directory"},
		{"linux", "/usr/bin", "system directory"},
		{"linux", "/usr/lib/x86_64-linux-gnu", "system directory"},
		{"linux", "/usr/libexec", "system directory"},
		{"linux", "/usr/sbin", "system directory"},
		{"linux", "/usr/share/doc", "system directory"},
		{"linux", "/usr/local", "system directory"},
		{"linux", "/usr/local/bin", "system directory"},
		{"linux", "/usr/local/src", ""},
		{"linux", "/usr/local/src/app", ""},
		{"linux", "/var", "system directory"},
		{"linux", "/var/lib/postgresql", "system directory"},
		{"linux", "/var/log", "system directory"},
		{"linux", "/var/www/site", ""},
		{"linux", "/run/user/1000", "system directory"},
		{"linux", "/home", "system directory"},
		{"linux", "/home/me", "your home directory"},
		{"linux", "/home/me/src/app", ""},
		{"linux", "/home/me/.ssh", "credentials"},
		{"linux", "/home/me/.ssh/keys", "credentials"},
		{"linux", "/home/me/.sshd-notes", ""},
		{"linux", "/home/other/src", ""},
		{"linux", "/home/me/.config", "contains Agented's data directory"},
		{"linux", "/home/me/.config/Agented", "inside Agented's data directory"},
		{"linux", "/home/me/.config/Agented/logs", "inside Agented's data directory"},
		{"linux", "/home/me/.config/Agented/projects", "inside Agented's data directory"},
		{"linux", "/home/me/.config/Agented/projects/web", ""},
		{"linux", "/home/me/.config/AgentedOther", ""},
		{"linux", "/srv/app", ""},
		{"linux", "/opt/work", ""},
		{"linux", "/tmp/build", ""},
		{"linux", "/Library", ""},
		{"darwin", "/", "root of the file system"},
		{"darwin", "/System/Library", "system directory"},
		{"darwin", "/SYSTEM", "system directory"},
		{"darwin", "/Library/Keychains", "system directory"},
		{"darwin", "/Applications/Xcode.app", "system directory"},
		{"darwin", "/private/etc", "system directory"},
		{"darwin", "/private/var", "system directory"},
		{"darwin", "/private/var/folders/x/T/build", ""},
		{"darwin", "/Users", "system directory"},
		{"darwin", "/Users/me", "your home directory"},
		{"darwin", "/users/ME", "your home directory"},
		{"darwin", "/Users/me/Library/Keychains", "credentials or system settings"},
		{"darwin", "/Users/me/src/app", ""},
		{"darwin", "/usr/bin", "system directory"},
		{"darwin", "/usr/local/src", ""},
		{"windows", `C:\`, "root of the file system"},
		{"windows", `D:\`, "root of the file system"},
		{"windows", `C:\Windows`, "system directory"},
		{"windows", `c:\windows\system32`, "system directory"},
		{"windows", `C:\Program Files\App`, "system directory"},
		{"windows", `C:\Program Files (x86)`, "system directory"},
		{"windows", `C:\ProgramData\x`, "system directory"},
		{"windows", `C:\Users`, "system directory"},
		{"windows", `C:\Users\me`, "your home directory"},
		{"windows", `C:\Users\me\AppData\Local`, "credentials or system settings"},
		{"windows", `C:\Users\me\src\app`, ""},
		{"windows", `C:/Users/me/src/app`, ""},
		{"windows", `D:\work\app`, ""},
		{"windows", `D:\Users\me`, ""},
		{"windows", `\\server\share`, "root of the file system"},
		{"windows", `\\server\share\proj`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.goos+" "+tt.dir, func(t *testing.T) {
			t.Parallel()
			got := policies[tt.goos].refused(tt.dir)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Fatalf("refused(%q) = %q, want %q", tt.dir, got, tt.want)
			}
		})
	}
}

// TestDirPolicyCheck links real directories and symlinks made in t.TempDir.
func TestDirPolicyCheck(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	mk := func(parts ...string) string {
		p := filepath.Join(append([]string{base}, parts...)...)
		if err := os.MkdirAll(p, 0o700); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := func(target string, name string) string {
		p := filepath.Join(base, name)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	home := mk("home")
	work := mk("home", "src", "app")
	data := mk("home", "data")
	mk("home", "data", "projects", "web")
	other := mk("elsewhere")
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var roots []string
	p := NewDirPolicy(DirConfig{Home: home, DataDir: data, ProjectsDir: filepath.Join(data, "projects"),
		AllowedRoots: func() []string { return roots }})

	tests := []struct {
		name  string
		dir   string
		roots []string
		want  string // part of the error, "" = allowed
	}{
		{"project dir", work, nil, ""},
		{"trailing slash and dots", work + "/../app/", nil, ""},
		{"root", "/", nil, "/ is the root of the file system"},
		{"etc", "/etc", nil, "/etc is a system directory"},
		{"dot-dot to etc", filepath.Join(base, "..", "..", "..", "..", "..", "..", "..", "..", "etc"), nil, "/etc is a system directory"},
		{"tmp dot-dot etc", "/tmp/../etc", nil, "/etc is a system directory"},
		{"proc self cwd", "/proc/self/cwd", nil, "/proc/self/cwd is a system directory"},
		{"symlink to etc", link("/etc", "to-etc"), nil, "resolves to /etc, which is a system directory"},
		{"symlink to root", link("/", "to-root"), nil, "resolves to /, which is the root of the file system"},
		{"symlink to proc self", link("/proc/self", "to-proc"), nil, "which is a system directory"},
		{"symlink chain to usr bin", link(link("/usr/bin", "to-usr-bin"), "to-link"), nil, "resolves to /usr/bin"},
		{"home itself", home, nil, "is your home directory"},
		{"symlink to home", link(home, "to-home"), nil, "is your home directory"},
		{"data dir", data, nil, "inside Agented's data directory"},
		{"symlink into data dir", link(filepath.Join(data), "to-data"), nil, "inside Agented's data directory"},
		{"project clone in data dir", filepath.Join(data, "projects", "web"), nil, ""},
		{"relative", "src/app", nil, "is not an absolute path"},
		{"missing", filepath.Join(base, "nope"), nil, "does not exist"},
		{"file", file, nil, "is not a directory"},
		{"inside a root", work, []string{filepath.Join(home, "src")}, ""},
		{"a root itself", work, []string{work}, ""},
		{"outside the roots", other, []string{filepath.Join(home, "src"), "/srv"}, "is outside the allowed roots set in Settings (" + filepath.Join(home, "src") + ", /srv)"},
		{"symlink in a root pointing out", link(other, "in-root"), []string{base}, ""},
		{"symlink in a root pointing out of it", link(other, "escape"), []string{filepath.Join(home, "src")}, "outside the allowed roots"},
		{"root given through a symlink", work, []string{link(filepath.Join(home, "src"), "src-link")}, ""},
		{"roots do not lift the system rules", "/etc", []string{"/"}, "is a system directory"},
	}
	for _, tt := range tests {
		// Sequential: the cases share roots.
		t.Run(tt.name, func(t *testing.T) {
			roots = tt.roots
			real, err := p.Check(tt.dir)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Check(%q): %v", tt.dir, err)
				}
				if want, _ := filepath.EvalSymlinks(tt.dir); real != want {
					t.Fatalf("Check(%q) = %q, want the resolved %q", tt.dir, real, want)
				}
				return
			}
			if !errors.Is(err, ErrBadPath) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check(%q) = %v, want an error containing %q", tt.dir, err, tt.want)
			}
		})
	}
}

// TestAddPathRefusesSystemDirs goes through the service and real SQLite: nothing refused is
// stored.
func TestAddPathRefusesSystemDirs(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	tr, err := s.Create(ctx, valid("dirs", "claude"))
	if err != nil {
		t.Fatal(err)
	}
	toEtc := filepath.Join(t.TempDir(), "etc-link")
	if err := os.Symlink("/etc", toEtc); err != nil {
		t.Fatal(err)
	}
	home, _ := os.UserHomeDir()
	for _, dir := range []string{"/", "/etc", "/proc/self/cwd", "/tmp/../etc", toEtc, "/usr", "/var", home} {
		if _, err := s.AddPath(ctx, tr.ID, dir); !errors.Is(err, ErrBadPath) {
			t.Errorf("AddPath(%q) = %v, want refused", dir, err)
		}
	}
	if got, _ := s.Get(ctx, tr.ID); len(got.Paths) != 0 {
		t.Fatalf("refused paths stored: %+v", got.Paths)
	}
	ok := t.TempDir()
	if got, err := s.AddPath(ctx, tr.ID, ok); err != nil || len(got.Paths) != 1 {
		t.Fatalf("AddPath(%q) = %+v, %v", ok, got.Paths, err)
	}
}
