//go:build darwin

package autostart

import (
	"encoding/xml"
	"errors"
	"path/filepath"
	"strings"
)

// label names the LaunchAgent; launchd keys agents by it.
const label = "dev.agented.app"

// Path is ~/Library/LaunchAgents/dev.agented.app.plist.
func (e *Entry) Path() (string, error) {
	home := e.getenv("HOME")
	if home == "" {
		return "", errors.New("HOME is not set")
	}
	return filepath.Join(home, "Library", "LaunchAgents", label+".plist"), nil
}

func (e *Entry) install() error { return e.writeEntry(e.plist()) }

// plist is the agent: run the program once at login (RunAtLoad), not kept alive, so quitting
// Agented is respected until the next login.
func (e *Entry) plist() string {
	var args strings.Builder
	for _, a := range append([]string{e.exe}, e.args...) {
		args.WriteString("\t\t<string>")
		_ = xml.EscapeText(&args, []byte(a))
		args.WriteString("</string>\n")
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + label + `</string>
	<key>ProgramArguments</key>
	<array>
` + args.String() + `	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>ProcessType</key>
	<string>Interactive</string>
</dict>
</plist>
`
}
