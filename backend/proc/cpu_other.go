//go:build !linux

package proc

import (
	"errors"
	"time"
)

// TreeCPU is only implemented on Linux; elsewhere a stall is judged by the output alone.
func TreeCPU(int) (time.Duration, error) {
	return 0, errors.ErrUnsupported
}
