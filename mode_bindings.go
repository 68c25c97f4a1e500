//go:build bindings

package main

// bindingsMode is true when `wails generate module` builds this program only to read the bound
// methods; then nothing may touch the user's data directory.
const bindingsMode = true
