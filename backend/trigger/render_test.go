package trigger

import (
	"reflect"
	"testing"
)

func TestRender(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, tmpl, skill string
		v                 Values
		want              string
		unknown           []string
	}{
		{"basic", "Review {paths}: {message}", "", Values{"paths": "/a, /b", "message": "hi"}, "Review /a, /b: hi", nil},
		{"single pass", "{message} / {paths}", "", Values{"message": "{paths} {pr_title}", "paths": "/x"}, "{paths} {pr_title} / /x", nil},
		{"known without value is empty", "PR {pr_url}!", "", Values{}, "PR !", nil},
		{"unknown kept and listed once", "{foo} {bar} {foo}", "", Values{}, "{foo} {bar} {foo}", []string{"{foo}", "{bar}"}},
		{"not a placeholder", "{ spaced } {a-b} {}", "", Values{}, "{ spaced } {a-b} {}", nil},
		{"skill prefixed", "{pr_url}", "/pr-review", Values{"pr_url": "u"}, "/pr-review u", nil},
		{"skill not doubled", "/pr-review {pr_url}", "/pr-review", Values{"pr_url": "u"}, "/pr-review u", nil},
		{"bot_id legacy", "{bot_id}", "", Values{"bot_id": "trig-1"}, "trig-1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, unknown := Render(tt.tmpl, tt.skill, tt.v)
			if got != tt.want || !reflect.DeepEqual(unknown, tt.unknown) {
				t.Fatalf("Render = %q %v, want %q %v", got, unknown, tt.want, tt.unknown)
			}
		})
	}
}

func TestPreviewValuesDefaults(t *testing.T) {
	t.Parallel()
	v := PreviewValues("", Sample{Message: "custom"})
	if v["message"] != "custom" || v["pr_url"] == "" || v["trigger_id"] != "trig-preview" {
		t.Fatalf("values = %v", v)
	}
}
