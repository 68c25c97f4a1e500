//go:build !desktop && !dev && !bindings

package main

// hasWindow is false in a plain `go build` (`make build-headless`): without cgo, GTK and WebKit
// such a binary only serves headless, which is what a server wants. It also starts without those
// libraries installed, and idles in far less memory, since the dynamic loader maps no GTK or
// WebKit pages into it.
const hasWindow = false
