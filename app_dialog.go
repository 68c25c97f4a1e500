package main

import "errors"

// directoryPicker opens the system's "choose a folder" dialog over the window and returns the
// chosen path, or "" when the user cancelled.
type directoryPicker func(title string) (string, error)

// errNoWindow: `agented serve`, or a page opened outside the app window, has no dialog to show.
var errNoWindow = errors.New("no app window to open a folder dialog in; type the path instead")

// AttachDirectoryPicker is called by the desktop window once it exists; until then (and in serve
// mode) pickDirectory says there is no window.
func (a *App) AttachDirectoryPicker(p directoryPicker) { a.pickDir.Store(&p) }

func (a *App) pickDirectory(title string) (string, error) {
	p := a.pickDir.Load()
	if p == nil {
		return "", errNoWindow
	}
	return (*p)(title)
}
