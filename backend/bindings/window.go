package bindings

// WindowAPI lets the UI quit the app, which matters once closing the window only hides it.
type WindowAPI struct {
	quit        func()
	hideOnClose bool
}

// NewWindowAPI returns the facade. quit ends the app as closing the window would without the
// background setting; hideOnClose says whether this window hides on close (fixed at start).
func NewWindowAPI(quit func(), hideOnClose bool) *WindowAPI {
	return &WindowAPI{quit: quit, hideOnClose: hideOnClose}
}

// Quit stops the app: runs are stopped as at any shutdown and the window closes.
func (a *WindowAPI) Quit() error {
	a.quit()
	return nil
}

// HidesOnClose reports whether closing the window keeps Agented running. It is decided when the
// window is created, so it can differ from the setting until the next start.
func (a *WindowAPI) HidesOnClose() (bool, error) { return a.hideOnClose, nil }
