package settings

import (
	"context"
	"errors"
	"testing"

	"github.com/agented/agented/backend/validation"
)

// fakeLogin records what StartAtLogin asked of the OS entry.
type fakeLogin struct {
	calls []bool
	err   error
}

func (f *fakeLogin) Set(enabled bool) error {
	f.calls = append(f.calls, enabled)
	return f.err
}

func TestStartAtLoginWritesTheEntry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		steps     []bool // StartAtLogin of each successive update
		err       error
		wantCalls []bool
		wantSaved bool
		wantField bool
	}{
		{"on writes it", []bool{true}, nil, []bool{true}, true, false},
		{"on then off removes it", []bool{true, false}, nil, []bool{true, false}, false, false},
		{"unchanged does not touch it", []bool{false, false}, nil, nil, false, false},
		{"a failing entry is the field's error and nothing is saved", []bool{true}, errors.New("read-only file system"), []bool{true}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newTestService(t)
			li := &fakeLogin{err: tt.err}
			s.WithLoginItem(li)
			var err error
			for _, on := range tt.steps {
				in := s.Get()
				in.StartAtLogin = on
				_, err = s.Update(context.Background(), in)
			}
			var fe *validation.Errors
			if got := errors.As(err, &fe) && fe.Fields["startAtLogin"] != ""; got != tt.wantField {
				t.Fatalf("err = %v, want a startAtLogin error: %v", err, tt.wantField)
			}
			if len(li.calls) != len(tt.wantCalls) {
				t.Fatalf("calls = %v, want %v", li.calls, tt.wantCalls)
			}
			for i := range li.calls {
				if li.calls[i] != tt.wantCalls[i] {
					t.Fatalf("calls = %v, want %v", li.calls, tt.wantCalls)
				}
			}
			if s.Get().StartAtLogin != tt.wantSaved {
				t.Fatalf("saved StartAtLogin = %v", s.Get().StartAtLogin)
			}
		})
	}
}

func TestSyncLoginItemOnlyWhenOn(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	li := &fakeLogin{}
	s.WithLoginItem(li)
	s.SyncLoginItem()
	if len(li.calls) != 0 {
		t.Fatalf("synced while off: %v", li.calls)
	}
	in := s.Get()
	in.StartAtLogin = true
	if _, err := s.Update(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	s.SyncLoginItem()
	if len(li.calls) != 2 || !li.calls[1] {
		t.Fatalf("calls = %v", li.calls)
	}
}
