package main

import (
	"debug/buildinfo"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// headlessName is the file name of the headless build that `make build` puts beside the desktop
// binary. `agented serve` in the desktop build hands over to it (see leanServe): the desktop
// build links GTK and WebKit, whose libraries the dynamic loader maps and relocates before main
// runs, which a server pays for in idle memory (about 50 MB) without ever opening a window.
const headlessName = "agented-headless"

// headlessSibling returns the headless build beside self when it is the same build as this one
// (same version stamp and, where both carry it, the same commit), so that handing over never runs
// an older or newer backend against the same data directory. An empty path with an empty reason
// means there is no sibling; a reason says why an existing one is not used.
func headlessSibling(dir string, own *debug.BuildInfo, version string) (path, reason string) {
	path = filepath.Join(dir, headlessName)
	if _, err := os.Stat(path); err != nil {
		return "", ""
	}
	info, err := buildinfo.ReadFile(path)
	if err != nil {
		return "", fmt.Sprintf("%s is not a Go build of agented: %v", path, err)
	}
	if reason := sameBuild(own, info, version); reason != "" {
		return "", path + " " + reason
	}
	return path, ""
}

// sameBuild says how the build described by sib differs from this one (own, stamped with
// version), or "" when it does not.
func sameBuild(own, sib *debug.BuildInfo, version string) string {
	if sib.Main.Path != own.Main.Path {
		return fmt.Sprintf("is a build of %s, not of %s", sib.Path, own.Path)
	}
	if v := stamped(sib, "main.version", "dev"); v != version {
		return fmt.Sprintf("is version %q, this binary is %q", v, version)
	}
	if a, b := stamped(own, "main.commit", ""), stamped(sib, "main.commit", ""); a != "" && b != "" && a != b {
		return fmt.Sprintf("was built from commit %s, this binary from %s", b, a)
	}
	if a, b := setting(own, "vcs.revision"), setting(sib, "vcs.revision"); a != "" && b != "" && a != b {
		return fmt.Sprintf("was built from commit %s, this binary from %s", b, a)
	}
	return ""
}

// stamped reads the -X name=… the build stamped into a binary's linker flags, or def when the
// build did not stamp it.
func stamped(info *debug.BuildInfo, name, def string) string {
	for _, f := range strings.Fields(setting(info, "-ldflags")) {
		if v, ok := strings.CutPrefix(f, name+"="); ok {
			return v
		}
	}
	return def
}

func setting(info *debug.BuildInfo, key string) string {
	for _, s := range info.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}
