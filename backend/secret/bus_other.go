//go:build !linux

package secret

// SessionBusCheck is only needed on Linux; other platforms' keyrings need no session bus.
func SessionBusCheck() error { return nil }
