package webhook

import (
	"encoding/json"
	"testing"
)

func mustDecode(t testing.TB, s string) any {
	t.Helper()
	v, err := DecodeJSON([]byte(s))
	if err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return v
}

func TestMatches(t *testing.T) {
	t.Parallel()
	doc := `{
		"event": {"type": "deploy", "env": {"name": "prod"}},
		"items": [{"id": 1}, {"id": 2, "tags": ["a", "b"]}],
		"count": 4, "ratio": 4.0, "str4": "4", "flag": true, "off": false, "nothing": null,
		"big": 12345678901234567891, "neg": -0, "exp": 4e0, "str": "hello world",
		"obj": {"b": 2, "a": [1, 2.0]}
	}`
	tests := []struct {
		name, path, value string
		want              bool
	}{
		{"nested string", "event.type", "deploy", true},
		{"nested string quoted", "event.type", `"deploy"`, true},
		{"deeper", "event.env.name", "prod", true},
		{"string mismatch", "event.type", "Deploy", false},
		{"array index", "items.1.id", "2", true},
		{"array in array", "items.1.tags.0", "a", true},
		{"index out of range", "items.5.id", "2", false},
		{"non-numeric index", "items.x.id", "2", false},
		{"signed index", "items.+1.id", "2", false},
		{"index into object", "event.0", "deploy", false},
		{"int equals int", "count", "4", true},
		{"int equals float", "count", "4.0", true},
		{"float equals int", "ratio", "4", true},
		{"exponent", "exp", "4", true},
		{"number is not string", "count", `"4"`, false},
		{"string is not number", "str4", "4", false},
		{"string equals quoted", "str4", `"4"`, true},
		{"number mismatch", "count", "5", false},
		{"negative zero", "neg", "0", true},
		{"bool true", "flag", "true", true},
		{"bool not string", "flag", `"true"`, false},
		{"bool false", "off", "false", true},
		{"bool mismatch", "off", "true", false},
		{"null matches null", "nothing", "null", true},
		{"null is not string", "nothing", "None", false},
		{"missing path never matches", "absent", "null", false},
		{"missing nested path", "event.absent.deeper", "x", false},
		{"big int exact", "big", "12345678901234567891", true},
		{"big int off by one", "big", "12345678901234567890", false},
		{"plain text with space", "str", "hello world", true},
		{"object by value", "obj", `{"a":[1,2],"b":2.0}`, true},
		{"object mismatch", "obj", `{"a":[2,1],"b":2}`, false},
		{"empty path", "", "x", false},
	}
	v := mustDecode(t, doc)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Matches(v, tt.path, tt.value); got != tt.want {
				t.Fatalf("Matches(%q, %q) = %v, want %v", tt.path, tt.value, got, tt.want)
			}
		})
	}
}

func TestNumberEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"4", "4.0", true},
		{"4", "4.000", true},
		{"40", "4e1", true},
		{"0.5", "5e-1", true},
		{"-1.50", "-1.5", true},
		{"1", "-1", false},
		{"0", "-0.0", true},
		{"100", "1E2", true},
		{"1e1000000000", "1e1000000000", true},
		{"1e1000000000", "1e1000000001", false},
		{"1e99999999999999999999", "1e99999999999999999999", true}, // overflow: compared as text
		{"9007199254740993", "9007199254740992", false},            // float64 would say equal
	}
	for _, tt := range tests {
		if got := NumberEqual(json.Number(tt.a), json.Number(tt.b)); got != tt.want {
			t.Errorf("NumberEqual(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	v := mustDecode(t, `{"text":"hi","n":4.0,"o":{"b":1,"a":true},"nul":null}`)
	tests := []struct{ path, want string }{
		{"text", "hi"},
		{"n", "4.0"},
		{"o", `{"a":true,"b":1}`},
		{"nul", "null"},
		{"missing", ""},
	}
	for _, tt := range tests {
		if got := Text(v, tt.path); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestDecodeJSONRejectsTrailingData(t *testing.T) {
	t.Parallel()
	for _, s := range []string{`{} {}`, `{"a":1}x`, ``, `{`} {
		if _, err := DecodeJSON([]byte(s)); err == nil {
			t.Errorf("DecodeJSON(%q) accepted", s)
		}
	}
}

func TestNumberGrammar(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"0", "-0", "1.5", "1e5", "1E+5", "1e-5", "0E2000000000000", "10"} {
		if _, _, _, _, ok := numberParts(s); !ok {
			t.Errorf("%q rejected", s)
		}
	}
	for _, s := range []string{"", "-", "01", "1.", ".5", "1e", "1e+-5", "+1", "1x", "0x10", "1.5.5"} {
		if _, _, _, _, ok := numberParts(s); ok {
			t.Errorf("%q accepted", s)
		}
	}
	if !NumberEqual("0E2000000000000", "0") {
		t.Error("zero with a huge exponent is still zero")
	}
}
