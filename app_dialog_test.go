package main

import (
	"context"
	"errors"
	"testing"

	"github.com/agented/agented/backend/bindings"
	"github.com/agented/agented/backend/secret"
)

// TestPickDirectory: without a window the folder dialog says so; with one, the facade hands back
// what the dialog returned, "" for a cancelled dialog included.
func TestPickDirectory(t *testing.T) {
	a := startApp(t, t.TempDir(), secret.NewMemoryKeyring())
	defer func() { _ = a.Stop(context.Background()) }()
	w := binding[*bindings.WindowAPI](a)
	if _, err := w.PickDirectory("Choose"); !errors.Is(err, errNoWindow) {
		t.Fatalf("before a window: err = %v, want errNoWindow", err)
	}
	failed := errors.New("dialog failed")
	tests := []struct {
		name    string
		answer  string
		err     error
		want    string
		wantErr error
	}{
		{name: "chosen", answer: "/home/me/code/app", want: "/home/me/code/app"},
		{name: "cancelled", answer: ""},
		{name: "dialog error", err: failed, wantErr: failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asked string
			a.AttachDirectoryPicker(func(title string) (string, error) { asked = title; return tt.answer, tt.err })
			got, err := w.PickDirectory("Choose the repository")
			if got != tt.want || !errors.Is(err, tt.wantErr) || asked != "Choose the repository" {
				t.Fatalf("got %q, %v (title %q); want %q, %v", got, err, asked, tt.want, tt.wantErr)
			}
		})
	}
}
