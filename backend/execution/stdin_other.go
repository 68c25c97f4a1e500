//go:build !linux

package execution

import "os"

// newStdinFile is a temp file where there is no memfd.
func newStdinFile() (*os.File, string, error) { return tempStdinFile() }
