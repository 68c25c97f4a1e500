package validation

import (
	"encoding/json"
	"fmt"
	"math"
	"mime"
	"reflect"
	"strconv"
	"strings"
)

// IsJSONMediaType reports whether a Content-Type header names JSON: application/json or any
// "+json" type, parameters such as charset allowed.
func IsJSONMediaType(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// JSONTypeMessage says, in the words of a JSON client, what is wrong with a value of the wrong
// type: "must be a whole number, not 600.5", "must be a string, not a number". The decoder's own
// text names Go types ("cannot unmarshal number 600.5 into Go struct field .maxTurns of type
// int") and its Value field reads oddly on its own ("number 600.5").
func JSONTypeMessage(e *json.UnmarshalTypeError) string {
	want := jsonWant(e.Type)
	kind := reflect.Invalid
	if e.Type != nil {
		kind = e.Type.Kind()
		for kind == reflect.Pointer {
			kind = e.Type.Elem().Kind()
		}
	}
	literal, isNumber := strings.CutPrefix(e.Value, "number ")
	if isNumber && want == "a whole number" {
		// A whole number the field cannot hold: the type was right, the size was not.
		// ParseFloat fails only past ±1.8e308; such a literal is certainly no fraction either.
		if f, err := strconv.ParseFloat(literal, 64); err != nil || f == math.Trunc(f) {
			if strings.HasPrefix(literal, "-") && kind >= reflect.Uint && kind <= reflect.Uintptr {
				return "must not be negative, not " + literal
			}
			return "is out of range: " + literal
		}
	}
	if isNumber {
		return "must be " + want + ", not " + literal
	}
	return "must be " + want + ", not " + jsonGot(e.Value)
}

// jsonWant names what a Go type accepts in JSON.
func jsonWant(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "a different type"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a different type"
}

// jsonGot names the JSON value the decoder found, from UnmarshalTypeError.Value.
func jsonGot(v string) string {
	switch v {
	case "string":
		return "a string"
	case "number":
		return "a number"
	case "bool":
		return "true or false"
	case "array":
		return "an array"
	case "object":
		return "an object"
	}
	return v
}

// BodyTooLarge is the 413 message for a body over limit bytes, the limit written the way it is
// documented ("10 MiB").
func BodyTooLarge(limit int64) string {
	if limit >= 1<<20 && limit%(1<<20) == 0 {
		return fmt.Sprintf("request body is larger than %d MiB", limit>>20)
	}
	return fmt.Sprintf("request body is larger than %d bytes", limit)
}
