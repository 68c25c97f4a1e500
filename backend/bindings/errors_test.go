package bindings_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/agented/agented/backend/bindings"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/validation"
)

// wire is FormatError's result as the UI receives it: through JSON.
func wire(t *testing.T, err error) map[string]any {
	t.Helper()
	raw, mErr := json.Marshal(bindings.FormatError(err))
	if mErr != nil {
		t.Fatal(mErr)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFormatError(t *testing.T) {
	t.Parallel()
	tricky := validation.New("trigger")
	tricky.Add("githubEvents", "must look like pull_request:opened,synchronize;push")
	tricky.Add("name", "must not be empty; pick one: any")
	tests := []struct {
		name string
		err  error
		want map[string]any
	}{
		{
			name: "plain error", err: errors.New("database is locked"),
			want: map[string]any{"message": "database is locked"},
		},
		{
			name: "field messages with ; and :", err: tricky,
			want: map[string]any{"message": tricky.Error(), "subject": "trigger", "fields": map[string]any{
				"githubEvents": "must look like pull_request:opened,synchronize;push",
				"name":         "must not be empty; pick one: any",
			}},
		},
		{
			name: "wrapped validation error", err: fmt.Errorf("save: %w", tricky),
			want: map[string]any{"message": "save: " + tricky.Error(), "subject": "trigger", "fields": map[string]any{
				"githubEvents": "must look like pull_request:opened,synchronize;push",
				"name":         "must not be empty; pick one: any",
			}},
		},
		{
			name: "validation error without fields", err: &validation.Errors{Subject: "settings", Fields: map[string]string{}},
			want: map[string]any{"message": "invalid settings: "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := wire(t, tt.err); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("payload = %#v\nwant      %#v", got, tt.want)
			}
		})
	}
}

// The trigger service's own refusal of a bad GitHub event list reaches the UI whole: its text
// has a ";" and ":" that a parser of the error string used to cut.
func TestFormatErrorKeepsTriggerMessageWhole(t *testing.T) {
	t.Parallel()
	svc := trigger.New(trigger.Deps{DB: testutil.OpenDB(t), Emitter: &events.Recorder{}, Log: logging.Discard()})
	_, err := svc.Create(context.Background(), trigger.Trigger{
		Name: "gh", PromptTemplate: "p", BackendType: "claude", TriggerSource: trigger.SourceGitHub, GitHubEvents: "not an event list!",
	})
	if err == nil {
		t.Fatal("a malformed event list was accepted")
	}
	fields, _ := wire(t, err)["fields"].(map[string]any)
	if got := fields["githubEvents"]; got != "must look like pull_request:opened,synchronize;push" {
		t.Fatalf("githubEvents message = %v (all fields %v, error %v)", got, fields, err)
	}
}
