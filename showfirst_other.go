//go:build !linux

package main

import "errors"

// showFirst leaves the hand-over to Wails where it does not go through D-Bus (see handOver).
func showFirst(string) error { return errors.ErrUnsupported }
