package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// DecodeJSON parses a body into map[string]any / []any / string / json.Number / bool / nil.
// Numbers stay json.Number so a 20-digit id keeps every digit and "4.0" keeps how it was written
// (the dedup hash depends on it); trailing data after the value is an error.
func DecodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return v, nil
}

// Lookup follows a dot path ("event.items.0.id") into decoded JSON. Objects are indexed by key,
// arrays by a decimal index; anything else, an index out of range or a non-numeric index on an
// array means not found. Keys that themselves contain a dot cannot be addressed.
func Lookup(doc any, path string) (any, bool) {
	if path == "" {
		return nil, false
	}
	cur := doc
	for seg := range strings.SplitSeq(path, ".") {
		switch node := cur.(type) {
		case map[string]any:
			v, ok := node[seg]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, ok := arrayIndex(seg)
			if !ok || i >= len(node) {
				return nil, false
			}
			cur = node[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// arrayIndex accepts only plain digits: strconv.Atoi alone would also take "+1" and "-0".
func arrayIndex(seg string) (int, bool) {
	if seg == "" || len(seg) > 9 {
		return 0, false
	}
	for _, r := range seg {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	i, err := strconv.Atoi(seg)
	return i, err == nil
}

// ParseExpected turns a trigger's configured match value into a JSON value: valid JSON (42,
// true, null, "x", 4.0, {"a":1}) is taken as that JSON, anything else (deploy, hello world) as a
// plain string. To match the string "42" the user writes "42" with quotes.
func ParseExpected(s string) any {
	if v, err := DecodeJSON([]byte(s)); err == nil {
		return v
	}
	return s
}

// Matches reports whether the value at path equals expected as JSON. A missing path never
// matches, not even an expected null.
func Matches(doc any, path, expected string) bool {
	v, ok := Lookup(doc, path)
	return ok && Equal(v, ParseExpected(expected))
}

// Equal compares two decoded JSON values: strings byte for byte, numbers by value (4 == 4.0 ==
// 4e0, but 4 != "4"), booleans, null only with null, arrays in order, objects key by key.
func Equal(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case json.Number:
		y, ok := b.(json.Number)
		return ok && NumberEqual(x, y)
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !Equal(xv, yv) {
				return false
			}
		}
		return true
	}
	return false
}

// Text returns the message text at path: a string as is, any other value as its canonical JSON
// text, and "" when the path is missing.
func Text(doc any, path string) string {
	v, ok := Lookup(doc, path)
	if !ok {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, err := Canonical(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
