package terminal

import "unicode/utf8"

// completeUTF8 returns the length of b's longest prefix that does not end inside a UTF-8
// character: the bytes after it are the start of a character whose rest has not been read yet.
// Invalid bytes count as complete, so they are passed on (and shown as such) rather than held.
func completeUTF8(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		c := b[i]
		if !utf8.RuneStart(c) {
			continue
		}
		need := 1 // ASCII, or a byte no character starts with
		switch {
		case c >= 0xF8:
		case c >= 0xF0:
			need = 4
		case c >= 0xE0:
			need = 3
		case c >= 0xC0:
			need = 2
		}
		if len(b)-i < need {
			return i
		}
		return len(b)
	}
	return len(b)
}
