//go:build !unix

package main

import "io"

// leanServe does nothing where a process cannot replace itself (Windows): serve runs in this
// binary.
func leanServe([]string, io.Writer) {}
