package webhook

import (
	"bytes"
	"testing"
)

// The fuzz targets run their seeds as ordinary unit tests; `go test -fuzz=FuzzMatch` explores.

func FuzzMatch(f *testing.F) {
	seeds := []struct{ doc, path, value string }{
		{`{"a":{"b":[1,{"c":"x"}]}}`, "a.b.1.c", "x"},
		{`{"n":4}`, "n", "4.0"},
		{`{"n":12345678901234567891}`, "n", "12345678901234567891"},
		{`{"b":true}`, "b", "true"},
		{`{"z":null}`, "z", "null"},
		{`[1,2]`, "0", "1"},
		{`{"a":"4"}`, "a", `"4"`},
		{`{"a":1e999999999999}`, "a", "1e999999999999"},
		{`{"":{"":1}}`, ".", "1"},
	}
	for _, s := range seeds {
		f.Add(s.doc, s.path, s.value)
	}
	f.Fuzz(func(t *testing.T, doc, path, value string) {
		v, err := DecodeJSON([]byte(doc))
		if err != nil {
			return
		}
		got := Matches(v, path, value)
		if got {
			// Anything that matches must also be found, and equality must be symmetric.
			found, ok := Lookup(v, path)
			if !ok || !Equal(ParseExpected(value), found) {
				t.Fatalf("match without a symmetric equal value at %q", path)
			}
		}
		_ = Text(v, path)
	})
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{
		`{"b":1,"a":[true,false,null,"x"]}`, `{"a":4.0,"b":-0,"c":1e-7}`, `"\u0000\ud800"`, `[]`, `{}`,
		`{"é":"\u2028","a":{"b":{"c":[[[]]]}}}`, `12345678901234567891`, `"<&>"`, `0E2000000000000`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		v, err := DecodeJSON(in)
		if err != nil {
			return
		}
		c1, err := Canonical(v)
		if err != nil {
			t.Fatalf("canonical of decoded JSON failed: %v", err)
		}
		v2, err := DecodeJSON(c1)
		if err != nil {
			t.Fatalf("canonical output %q does not parse: %v", c1, err)
		}
		c2, err := Canonical(v2)
		if err != nil || !bytes.Equal(c1, c2) {
			t.Fatalf("not stable:\n%q\n%q", c1, c2)
		}
		if !Equal(v, v2) {
			t.Fatal("canonical round trip changed the value")
		}
	})
}
