// Command agented is the Agented desktop app; `agented serve` runs the same backend headless.
package main

import (
	"embed"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/agented/agented/backend/proc"
)

//go:embed all:frontend/dist
var assets embed.FS

// version, commit and buildDate are stamped at build time with -ldflags "-X main.version=…"
// (the Makefile's LDFLAGS); a plain `go build` leaves them as below.
var (
	version   = "dev"
	commit    = "unknown"
	buildDate = "unknown"
)

func main() {
	// First, before any secret is read: the CLIs Agented runs share its user, and must not be able
	// to read its environment or memory through /proc. App.Start logs the outcome as well.
	if err := proc.DenyInspection(); err != nil {
		fmt.Fprintln(os.Stderr, "agented: warning: could not make the process non-dumpable; runs can read its environment:", err)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if bindingsMode {
		return desktop(AppOptions{Mode: modeDesktop, Version: version, Commit: commit, BuildDate: buildDate}, stderr)
	}
	if len(args) > 0 && args[0] == "serve" {
		return serve(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("agented", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory (default $AGENTED_HOME, else the OS config dir + /Agented)")
	showVersion := fs.Bool("version", false, "print the version and exit")
	hidden := fs.Bool("hidden", false, "start with the window hidden (start at login uses it); opening Agented again shows it")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage:\n  agented [--data-dir DIR] [--hidden]  open the desktop app\n  agented serve [flags]           run headless (see agented serve --help)\n  agented --version\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *showVersion {
		fmt.Fprintf(stdout, "agented %s (commit %s, built %s)\n", version, commit, buildDate)
		return 0
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "agented: unknown command %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	if !hasDisplay() {
		fmt.Fprintln(stderr, "agented: no display found (DISPLAY and WAYLAND_DISPLAY are unset); starting `agented serve` instead")
		return serve([]string{"--data-dir", *dataDir}, stdout, stderr)
	}
	if !hasWindow {
		fmt.Fprintln(stderr, "agented: this build has no window (built without GTK/WebKit); starting `agented serve` instead")
		return serve([]string{"--data-dir", *dataDir}, stdout, stderr)
	}
	return desktop(AppOptions{DataDir: *dataDir, Mode: modeDesktop, Version: version, Commit: commit, BuildDate: buildDate, Hidden: *hidden}, stderr)
}

// hasDisplay reports whether a window can be opened. Only Linux/BSD desktops can lack one.
func hasDisplay() bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}
