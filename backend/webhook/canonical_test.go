package webhook

import (
	"testing"
)

func TestCanonical(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"sorted keys", `{"b":1,"a":{"d":[1,2],"c":null}}`, `{"a":{"c":null,"d":[1,2]},"b":1}`},
		{"whitespace dropped", " {\n \"a\" : [ 1 , true ] } ", `{"a":[1,true]}`},
		{"numbers as written", `{"a":4.0,"b":1e3,"c":-0}`, `{"a":4.0,"b":1e3,"c":-0}`},
		{"no html escaping", `{"a":"<b>&"}`, `{"a":"<b>&"}`},
		{"escapes", `{"a":"q\"b\\n\n\u0001é\u00e9"}`, `{"a":"q\"b\\n\n\u0001éé"}`},
		{"unicode keys by bytes", `{"é":1,"z":2,"A":3}`, `{"A":3,"z":2,"é":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Canonical(mustDecode(t, tt.in))
			if err != nil || string(got) != tt.want {
				t.Fatalf("Canonical = %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func TestHash16SameForReorderedKeys(t *testing.T) {
	t.Parallel()
	a, _ := Hash16(mustDecode(t, `{"event":{"type":"x","id":7},"text":"hi"}`))
	b, _ := Hash16(mustDecode(t, "{\"text\": \"hi\",\n  \"event\": {\"id\": 7, \"type\": \"x\"}}"))
	c, _ := Hash16(mustDecode(t, `{"event":{"type":"x","id":8},"text":"hi"}`))
	if a != b || len(a) != 16 {
		t.Fatalf("reordered payloads hash differently: %s vs %s", a, b)
	}
	if a == c {
		t.Fatal("different payloads hash the same")
	}
}

func TestCanonicalRejectsForeignValues(t *testing.T) {
	t.Parallel()
	if _, err := Canonical(map[string]any{"a": 1.5}); err == nil {
		t.Fatal("float64 accepted: only DecodeJSON's json.Number is canonical")
	}
	if got, _ := Canonical("bad\xffutf8"); string(got) != "\"bad\uFFFDutf8\"" {
		t.Fatalf("invalid UTF-8 = %q", got)
	}
}
