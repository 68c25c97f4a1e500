package instance

import (
	"crypto/sha256"
	"encoding/hex"
)

// UniqueID names the desktop single-instance lock of a data directory: a second window on the
// same directory hands over to the first, while a window on another directory opens normally
// (each directory has its own lock file, so both may run).
func UniqueID(dataDir string) string {
	sum := sha256.Sum256([]byte(dataDir))
	return "dev.agented.app." + hex.EncodeToString(sum[:8])
}
