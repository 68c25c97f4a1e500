package main

import (
	"encoding/json"
	"os"
	"strings"

	"github.com/godbus/dbus/v5"
	"github.com/wailsapp/wails/v2/pkg/options"

	"github.com/agented/agented/backend/instance"
)

// showFirst asks the desktop instance that owns dataDir to show its window, with the D-Bus call
// Wails' single-instance lock answers (its OnSecondInstanceLaunch shows the window). Making the
// call here, instead of through a second wails.Run, spares this process a webview and lets it
// exit 0: Wails ends a second instance with status 1 even when the hand-over worked.
func showFirst(dataDir string) error {
	id := "wails_app_" + strings.NewReplacer("-", "_", ".", "_").Replace(instance.UniqueID(dataDir))
	name, path := "org."+id+".SingleInstance", dbus.ObjectPath("/org/"+id+"/SingleInstance")
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return err
	}
	defer conn.Close()
	wd, _ := os.Getwd()
	msg, err := json.Marshal(options.SecondInstanceData{Args: os.Args[1:], WorkingDirectory: wd})
	if err != nil {
		return err
	}
	return conn.Object(name, path).Call(name+".SendMessage", 0, string(msg)).Store()
}
