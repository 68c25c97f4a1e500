package main

import (
	"bytes"
	"encoding/json"
)

// obj is a JSON object whose keys keep their order (alternating key, value), because the real
// CLIs print "type" first and parsers may rely on it.
type obj []any

// MarshalJSON writes the pairs in order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := 0; i+1 < len(o); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(o[i])
		if err != nil {
			return nil, err
		}
		v, err := marshal(o[i+1])
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal is json.Marshal without HTML escaping, as JavaScript's JSON.stringify prints.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// line renders one JSONL event.
func line(v any) string {
	b, err := marshal(v)
	if err != nil {
		panic(err) // only fixed shapes are marshalled
	}
	return string(b)
}
