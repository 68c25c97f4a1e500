//go:build !unix

package main

import "os"

// crash exits abnormally where signals to self are not available.
func crash() {
	out.Flush()
	os.Exit(134)
}
