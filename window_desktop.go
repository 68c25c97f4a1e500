//go:build desktop || dev || bindings

package main

// hasWindow is true in the builds Wails makes (`make build`, `wails dev`, binding generation),
// which link GTK and WebKit and can open the window.
const hasWindow = true
