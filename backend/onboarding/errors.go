package onboarding

import "errors"

// Sentinel errors of the first-run guide.
var (
	ErrUnknownTemplate = errors.New("unknown trigger template")
	ErrNoCLI           = errors.New("no AI CLI found")
)
