package execution

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// The prompt file is released without touching any path: a file that happens to carry the
// prompt file's name in Agented's working directory is someone else's.
func TestPromptStdinReleaseTouchesNoPath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	bystander := filepath.Join(dir, "agented-prompt")
	if err := os.WriteFile(bystander, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, release, err := promptStdin("a prompt")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	if err != nil || string(got) != "a prompt" {
		t.Fatalf("stdin file reads %q, %v", got, err)
	}
	release()
	if _, err := os.Stat(bystander); err != nil {
		t.Fatalf("releasing the prompt file removed %s: %v", bystander, err)
	}
}
