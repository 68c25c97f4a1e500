package db

import (
	"database/sql"
	"errors"
	"strings"
)

// Sentinel errors that domain packages branch on with errors.Is, so no caller has to know the
// driver's error strings.
var (
	ErrNotFound   = errors.New("not found")
	ErrDuplicate  = errors.New("already exists")
	ErrConstraint = errors.New("constraint violated")
)

// WrapError maps driver errors onto the sentinels, keeping the original for the message.
func WrapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"):
		return errors.Join(ErrDuplicate, err)
	case strings.Contains(msg, "constraint failed"):
		return errors.Join(ErrConstraint, err)
	}
	return err
}
