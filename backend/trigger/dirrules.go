package trigger

// Directories a trigger may never be linked to, per operating system, in the normalized form of
// normPath (forward slashes; lower case where the file system ignores case; no Windows volume).
// A run works in its linked directories with an AI CLI that may edit files or run commands
// without asking, so linking the file system root, the OS's own directories or the kernel's
// pseudo file systems would hand the whole machine to it. A rule's path may hold a glob
// (path.Match) in its last segment, as in /lib*.
type dirRule struct {
	path    string
	subtree bool // refuse everything below it too; otherwise only the directory itself
}

// unixRules apply to Linux and the BSDs, and to macOS next to darwinRules.
var unixRules = []dirRule{
	{path: "/"},
	{path: "/proc", subtree: true}, // /proc/self/cwd, /proc/<pid>/root: other processes' views
	{path: "/sys", subtree: true},
	{path: "/dev", subtree: true},
	{path: "/etc", subtree: true},
	{path: "/boot", subtree: true},
	{path: "/bin", subtree: true},
	{path: "/sbin", subtree: true},
	{path: "/lib*", subtree: true}, // lib, lib32, lib64, libx32, libexec
	{path: "/run", subtree: true},
	{path: "/snap", subtree: true},
	{path: "/lost+found", subtree: true},
	// /usr itself and what the package manager owns in it; /usr/local/src and the like are the
	// user's and may be linked.
	{path: "/usr"},
	{path: "/usr/bin", subtree: true},
	{path: "/usr/sbin", subtree: true},
	{path: "/usr/lib*", subtree: true},
	{path: "/usr/include", subtree: true},
	{path: "/usr/share", subtree: true},
	{path: "/usr/src", subtree: true},
	{path: "/usr/local"},
	{path: "/usr/local/bin", subtree: true},
	{path: "/usr/local/sbin", subtree: true},
	{path: "/usr/local/lib*", subtree: true},
	{path: "/usr/local/etc", subtree: true},
	// /var itself and its system state; /var/www and the like may be linked.
	{path: "/var"},
	{path: "/var/lib", subtree: true},
	{path: "/var/log", subtree: true},
	{path: "/var/cache", subtree: true},
	{path: "/var/spool", subtree: true},
	{path: "/var/mail", subtree: true},
	{path: "/var/db", subtree: true},
	{path: "/var/backups", subtree: true},
	{path: "/var/run", subtree: true},
	{path: "/var/lock", subtree: true},
	// The parents of every user's files.
	{path: "/home"},
	{path: "/root"},
	{path: "/mnt"},
	{path: "/media"},
}

// darwinRules are macOS's own directories (paths are compared in lower case: APFS ignores case
// by default). /etc, /var and /tmp are symlinks into /private, so the resolved forms are here.
var darwinRules = []dirRule{
	{path: "/system", subtree: true},
	{path: "/library", subtree: true},
	{path: "/applications", subtree: true},
	{path: "/cores", subtree: true},
	{path: "/network", subtree: true},
	{path: "/users"},
	{path: "/volumes"},
	{path: "/private"},
	{path: "/private/etc", subtree: true},
	{path: "/private/var"},
	{path: "/private/var/db", subtree: true},
	{path: "/private/var/root", subtree: true},
	{path: "/private/var/log", subtree: true},
	{path: "/private/var/run", subtree: true},
	{path: "/opt/homebrew"},
}

// windowsRules hold on every drive (the volume is stripped before matching): C:\, C:\Windows,
// C:\Program Files... compared in lower case.
var windowsRules = []dirRule{
	{path: "/"},
	{path: "/windows", subtree: true},
	{path: "/program files", subtree: true},
	{path: "/program files (x86)", subtree: true},
	{path: "/programdata", subtree: true},
	{path: "/$recycle.bin", subtree: true},
	{path: "/system volume information", subtree: true},
	{path: "/recovery", subtree: true},
	{path: "/boot", subtree: true},
	{path: "/users"},
}

// homeSecrets are directories under the user's home that hold credentials or the OS's per-user
// state, relative to the home directory in normPath form.
var homeSecrets = map[string][]string{
	"unix":    {"/.ssh", "/.gnupg", "/.aws"},
	"darwin":  {"/.ssh", "/.gnupg", "/.aws", "/library"},
	"windows": {"/.ssh", "/.gnupg", "/.aws", "/appdata"},
}

// systemRules returns the rules of goos (runtime.GOOS).
func systemRules(goos string) []dirRule {
	switch goos {
	case "windows":
		return windowsRules
	case "darwin", "ios":
		return append(append([]dirRule{}, unixRules...), darwinRules...)
	}
	return unixRules
}

func homeSecretDirs(goos string) []string {
	switch goos {
	case "windows", "darwin":
		return homeSecrets[goos]
	}
	return homeSecrets["unix"]
}

// foldsCase reports whether goos's usual file system ignores case.
func foldsCase(goos string) bool { return goos == "windows" || goos == "darwin" || goos == "ios" }
