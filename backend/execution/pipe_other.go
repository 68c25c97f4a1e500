//go:build !linux

package execution

import "os"

// growPipe is a no-op where pipe buffers cannot be sized.
func growPipe(*os.File) {}
