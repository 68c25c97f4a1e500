package audit

import (
	"encoding/json"
	"reflect"
	"strings"
)

// Diff compares the JSON forms of before and after field by field and returns the fields that
// differ, with secret values redacted. A nil side counts as absent (a creation or a deletion).
// Values that are not JSON objects are compared whole under the field "value".
func Diff(before, after any) map[string]Change {
	b, a := fields(before), fields(after)
	out := map[string]Change{}
	for k, bv := range b {
		av, ok := a[k]
		if !ok || !reflect.DeepEqual(bv, av) {
			out[k] = Change{Before: redact(k, bv), After: redact(k, av)}
		}
	}
	for k, av := range a {
		if _, ok := b[k]; !ok {
			out[k] = Change{Before: nil, After: redact(k, av)}
		}
	}
	return out
}

// fields turns v into its top-level JSON fields.
func fields(v any) map[string]any {
	if v == nil {
		return map[string]any{}
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return map[string]any{}
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return map[string]any{"value": "(not recordable: " + err.Error() + ")"}
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) == nil && m != nil {
		return m
	}
	var whole any
	_ = json.Unmarshal(raw, &whole)
	return map[string]any{"value": whole}
}

// secretSuffixes name fields that hold secrets (lower-cased): apiKey, webhookSecret, token, dsn.
var secretSuffixes = []string{"secret", "token", "password", "apikey", "dsn"}

// IsSecretField reports whether a field of this name holds a secret. Only non-empty strings are
// redacted, so flags such as hasSecret and counts such as inputTokens stay readable.
func IsSecretField(name string) bool {
	n := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(name))
	if n == "key" {
		return true
	}
	for _, s := range secretSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

// redact hides secret strings in v, which is the value of the field name, at any depth.
func redact(name string, v any) any {
	switch x := v.(type) {
	case string:
		if x != "" && IsSecretField(name) {
			return Redacted
		}
		return x
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, vv := range x {
			out[k] = redact(k, vv)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, vv := range x {
			out[i] = redact(name, vv)
		}
		return out
	default:
		return v
	}
}
