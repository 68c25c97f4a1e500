package secret

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors of the secret store.
var (
	ErrNotFound    = errors.New("secret not set")
	ErrUnavailable = errors.New("keyring unavailable")
	ErrInvalid     = errors.New("invalid secret")
	// ErrSetByEnv means the secret's environment variable is set: it beats the keyring, so a
	// stored value would never be used.
	ErrSetByEnv = errors.New("set in the environment")
)

// maxValueLen keeps a pasted file or log from being stored as a key by mistake.
const maxValueLen = 16 << 10

// ValidateValue rejects values that cannot be a key: empty, multi-line or huge.
func ValidateValue(v string) error {
	switch {
	case strings.TrimSpace(v) == "":
		return fmt.Errorf("%w: value is empty", ErrInvalid)
	case strings.ContainsAny(v, "\r\n\x00"):
		return fmt.Errorf("%w: value must be a single line", ErrInvalid)
	case len(v) > maxValueLen:
		return fmt.Errorf("%w: value is longer than %d bytes", ErrInvalid, maxValueLen)
	}
	return nil
}

func sortStrings(s []string) { sort.Strings(s) }
