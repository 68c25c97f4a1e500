package execution

import (
	"fmt"
	"io"
	"os"
)

// promptStdin returns a regular file holding prompt, positioned at its start, to be a child's
// standard input, and a function that releases it. A file rather than a pipe: codex and opencode
// read stdin to EOF, and a file ends at once without a writer goroutine that a stuck child could
// block, while the kernel hands the whole prompt over without an argument-size limit. Nothing
// else can open it: it is a memfd on Linux, else a 0600 temp file removed as soon as it is open.
func promptStdin(prompt string) (*os.File, func(), error) {
	f, leftover, err := newStdinFile()
	if err != nil {
		return nil, nil, fmt.Errorf("prompt file: %w", err)
	}
	release := func() {
		f.Close()
		if leftover != "" {
			_ = os.Remove(leftover)
		}
	}
	if _, err := io.WriteString(f, prompt); err != nil {
		release()
		return nil, nil, fmt.Errorf("write prompt file: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		release()
		return nil, nil, fmt.Errorf("rewind prompt file: %w", err)
	}
	return f, release, nil
}

// tempStdinFile creates the 0600 temp file and removes its name at once where the system
// allows it; leftover is the path release must still remove (Windows: an open file stays put).
func tempStdinFile() (f *os.File, leftover string, err error) {
	f, err = os.CreateTemp("", "agented-prompt-*")
	if err != nil {
		return nil, "", err
	}
	if os.Remove(f.Name()) != nil {
		leftover = f.Name()
	}
	return f, leftover, nil
}
