package main

import (
	"debug/buildinfo"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// The desktop build's `serve` hands over to the headless build beside it only when that file is
// the same build of agented; make test-desktop checks the hand-over itself on the real binaries.
func TestHeadlessSibling(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t) // stamped v0.0.0-test
	own, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	gofmt := filepath.Join(strings.TrimSpace(string(goroot)), "bin", "gofmt")
	cases := []struct {
		name    string
		sibling string // copied in as agented-headless: "" for none, "script" for a shell script
		version string // this binary's version
		use     bool
		reason  string
	}{
		{name: "no sibling", version: "v0.0.0-test"},
		{name: "same build", sibling: bin, version: "v0.0.0-test", use: true},
		{name: "other version", sibling: bin, version: "v0.2.0", reason: `is version "v0.0.0-test", this binary is "v0.2.0"`},
		{name: "not a Go program", sibling: "script", version: "v0.0.0-test", reason: "is not a Go build of agented"},
		{name: "another Go program", sibling: gofmt, version: "v0.0.0-test",
			reason: "is a build of cmd/gofmt, not of github.com/agented/agented"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			want := filepath.Join(dir, headlessName)
			switch tc.sibling {
			case "":
			case "script":
				if err := os.WriteFile(want, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
					t.Fatal(err)
				}
			default:
				if out, err := exec.Command("cp", tc.sibling, want).CombinedOutput(); err != nil {
					t.Fatalf("cp: %v %s", err, out)
				}
			}
			path, reason := headlessSibling(dir, own, tc.version)
			if tc.use && path != want || !tc.use && path != "" {
				t.Fatalf("path = %q, want it used: %v (reason %q)", path, tc.use, reason)
			}
			if tc.reason == "" && reason != "" || !strings.Contains(reason, tc.reason) {
				t.Fatalf("reason = %q, want it to contain %q", reason, tc.reason)
			}
		})
	}
}

func TestSameBuild(t *testing.T) {
	t.Parallel()
	build := func(path, ldflags, rev string) *debug.BuildInfo {
		info := &debug.BuildInfo{Path: path, Main: debug.Module{Path: path}}
		if ldflags != "" {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: "-ldflags", Value: ldflags})
		}
		if rev != "" {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: "vcs.revision", Value: rev})
		}
		return info
	}
	const mod = "github.com/agented/agented"
	own := build(mod, "-X main.version=v1.2.3 -X main.commit=dddd", "aaaa")
	cases := []struct {
		name    string
		sib     *debug.BuildInfo
		version string
		want    string
	}{
		{"identical", build(mod, "-X main.version=v1.2.3", "aaaa"), "v1.2.3", ""},
		{"other linker flags, same stamp", build(mod, "-s -w -X main.version=v1.2.3", "aaaa"), "v1.2.3", ""},
		{"no commit on one side", build(mod, "-X main.version=v1.2.3", ""), "v1.2.3", ""},
		{"unstamped sibling", build(mod, "", "aaaa"), "v1.2.3", `is version "dev", this binary is "v1.2.3"`},
		{"both unstamped", build(mod, "", "aaaa"), "dev", ""},
		{"other commit", build(mod, "-X main.version=v1.2.3", "bbbb"), "v1.2.3", "was built from commit bbbb, this binary from aaaa"},
		{"other stamped commit", build(mod, "-X main.version=v1.2.3 -X main.commit=cccc", ""), "v1.2.3", "was built from commit cccc, this binary from dddd"},
		{"other module", build("example.com/x", "-X main.version=v1.2.3", "aaaa"), "v1.2.3", "is a build of example.com/x, not of github.com/agented/agented"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := sameBuild(own, tc.sib, tc.version)
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Fatalf("sameBuild = %q, want %q", got, tc.want)
			}
		})
	}
}
