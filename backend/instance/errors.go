package instance

import "errors"

// ErrHeld matches (errors.Is) the *HeldError of a data directory another process owns.
var ErrHeld = errors.New("data directory in use by another process")

// errWouldBlock is what tryLock returns when another process holds the lock.
var errWouldBlock = errors.New("lock held elsewhere")
