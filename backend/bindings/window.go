package bindings

// WindowAPI lets the UI quit the app, which matters once closing the window only hides it, and
// open the system's folder dialog.
type WindowAPI struct {
	quit        func()
	hideOnClose bool
	pickDir     func(title string) (string, error)
}

// NewWindowAPI returns the facade. quit ends the app as closing the window would without the
// background setting; hideOnClose says whether this window hides on close (fixed at start);
// pickDir opens the folder dialog (an error when there is no window to open it in).
func NewWindowAPI(quit func(), hideOnClose bool, pickDir func(title string) (string, error)) *WindowAPI {
	return &WindowAPI{quit: quit, hideOnClose: hideOnClose, pickDir: pickDir}
}

// PickDirectory opens the system's "choose a folder" dialog and returns the chosen absolute
// path, or "" when the user cancelled it.
func (a *WindowAPI) PickDirectory(title string) (string, error) { return a.pickDir(title) }

// Quit stops the app: runs are stopped as at any shutdown and the window closes.
func (a *WindowAPI) Quit() error {
	a.quit()
	return nil
}

// HidesOnClose reports whether closing the window keeps Agented running. It is decided when the
// window is created, so it can differ from the setting until the next start.
func (a *WindowAPI) HidesOnClose() (bool, error) { return a.hideOnClose, nil }
