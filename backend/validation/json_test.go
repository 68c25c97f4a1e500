package validation

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestJSONTypeMessage(t *testing.T) {
	t.Parallel()
	type target struct {
		MaxTurns int             `json:"maxTurns"`
		Small    int8            `json:"small"`
		Count    uint            `json:"count"`
		Ratio    float64         `json:"ratio"`
		Name     string          `json:"name"`
		On       bool            `json:"on"`
		Tags     []string        `json:"tags"`
		Env      struct{}        `json:"env"`
		Opt      *int            `json:"opt"`
		Nested   struct{ N int } `json:"nested"`
	}
	tests := []struct{ body, field, want string }{
		{`{"maxTurns":600.5}`, "maxTurns", "must be a whole number, not 600.5"},
		{`{"maxTurns":"600"}`, "maxTurns", "must be a whole number, not a string"},
		{`{"maxTurns":true}`, "maxTurns", "must be a whole number, not true or false"},
		{`{"maxTurns":1e30}`, "maxTurns", "is out of range: 1e30"},
		{`{"small":300}`, "small", "is out of range: 300"},
		{`{"count":-1}`, "count", "must not be negative, not -1"},
		{`{"opt":2.5}`, "opt", "must be a whole number, not 2.5"},
		{`{"ratio":"1"}`, "ratio", "must be a number, not a string"},
		{`{"name":5}`, "name", "must be a string, not a number"},
		{`{"name":{}}`, "name", "must be a string, not an object"},
		{`{"on":"yes"}`, "on", "must be true or false, not a string"},
		{`{"tags":"a"}`, "tags", "must be an array, not a string"},
		{`{"tags":[1]}`, "tags", "must be a string, not a number"},
		{`{"maxTurns":1e999}`, "maxTurns", "is out of range: 1e999"},
		{`{"env":[]}`, "env", "must be an object, not an array"},
		{`{"nested":{"N":0.5}}`, "nested.N", "must be a whole number, not 0.5"},
		{`[1]`, "", "must be an object, not an array"},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			t.Parallel()
			var dst target
			err := json.Unmarshal([]byte(tt.body), &dst)
			var typ *json.UnmarshalTypeError
			if !errors.As(err, &typ) {
				t.Fatalf("err %v is not a type error", err)
			}
			if typ.Field != tt.field {
				t.Errorf("field %q, want %q", typ.Field, tt.field)
			}
			if got := JSONTypeMessage(typ); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIsJSONMediaType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ct   string
		want bool
	}{
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"Application/JSON", true},
		{"application/vnd.github+json", true},
		{"", false},
		{"text/plain", false},
		{"application/x-www-form-urlencoded", false},
		{"application/jsonp", false},
		{"application/json;;", false},
	}
	for _, tt := range tests {
		if got := IsJSONMediaType(tt.ct); got != tt.want {
			t.Errorf("IsJSONMediaType(%q) = %v, want %v", tt.ct, got, tt.want)
		}
	}
}
