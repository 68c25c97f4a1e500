package fakeapi

import (
	"encoding/json"
	"slices"
)

// toolDecl is a tool a CLI offered: its name and the properties of its input schema.
type toolDecl struct {
	name  string
	props map[string]any // property name -> schema
}

// toolCall is the call the fake makes: which tool, with which input.
type toolCall struct {
	id    string
	name  string
	input map[string]any
}

// inputJSON is the call's input as a JSON object string.
func (c *toolCall) inputJSON() string {
	b, _ := json.Marshal(c.input)
	return string(b)
}

// The tools the fake knows how to call, preferred first. Each CLI names its file reader and its
// shell differently; reading is preferred because every CLI allows it without an approval.
var (
	readTools  = []string{"Read", "read", "read_file"}
	shellTools = []string{"exec_command", "shell", "Bash", "bash", "run_shell_command"}
	pathProps  = []string{"file_path", "filePath", "absolute_path", "path"}
	cmdProps   = []string{"cmd", "command"}
)

// pickTool builds a call that makes the CLI read file, using the parameter names from the
// CLI's own schema so that a renamed parameter does not silently break the test. nil when the
// CLI offered no tool the fake knows.
func pickTool(tools []toolDecl, file, id string) *toolCall {
	if file == "" {
		file = "/etc/hostname"
	}
	byName := map[string]toolDecl{}
	for _, t := range tools {
		byName[t.name] = t
	}
	for _, n := range readTools {
		t, ok := byName[n]
		if !ok {
			continue
		}
		if p := firstProp(t, pathProps); p != "" {
			return &toolCall{id: id, name: n, input: map[string]any{p: file}}
		}
	}
	for _, n := range shellTools {
		t, ok := byName[n]
		if !ok {
			continue
		}
		p := firstProp(t, cmdProps)
		if p == "" {
			continue
		}
		var cmd any = "cat " + shellQuote(file)
		if typ := str(obj(t.props[p])["type"]); typ == "array" {
			cmd = []string{"bash", "-lc", "cat " + shellQuote(file)}
		}
		return &toolCall{id: id, name: n, input: map[string]any{p: cmd}}
	}
	return nil
}

func firstProp(t toolDecl, names []string) string {
	for _, n := range names {
		if _, ok := t.props[n]; ok {
			return n
		}
	}
	// A schema the fake could not read: fall back to the most common name.
	if len(t.props) == 0 && slices.Equal(names, pathProps) {
		return names[0]
	}
	return ""
}

func shellQuote(s string) string {
	out := "'"
	for _, r := range s {
		if r == '\'' {
			out += `'\''`
			continue
		}
		out += string(r)
	}
	return out + "'"
}

// declsFrom reads tool declarations of the form [{name, <schemaKey>: {properties}}].
func declsFrom(list []any, schemaKeys ...string) []toolDecl {
	var out []toolDecl
	for _, t := range list {
		m := obj(t)
		name := str(m["name"])
		if name == "" {
			continue
		}
		d := toolDecl{name: name, props: map[string]any{}}
		for _, k := range schemaKeys {
			if p := obj(obj(m[k])["properties"]); p != nil {
				d.props = p
				break
			}
		}
		out = append(out, d)
	}
	return out
}

func names(tools []toolDecl) []string {
	out := make([]string, 0, len(tools))
	for _, t := range tools {
		out = append(out, t.name)
	}
	return out
}

// resultText flattens a tool result's content (a string, or a list of text blocks).
func resultText(v any) string {
	switch c := v.(type) {
	case string:
		return c
	case []any:
		var s string
		for _, b := range c {
			if t := str(obj(b)["text"]); t != "" {
				s += t
			} else if t := str(b); t != "" {
				s += t
			}
		}
		return s
	case map[string]any:
		b, _ := json.Marshal(c)
		return string(b)
	}
	return ""
}

// The tools that write a file, and their content parameter.
var (
	writeTools   = []string{"Write", "write", "write_file"}
	contentProps = []string{"content", "contents", "text"}
)

// pickWriteTool builds a call that makes the CLI write WrittenText into file; nil when the CLI
// offered no writing tool the fake knows.
func pickWriteTool(tools []toolDecl, file, id string) *toolCall {
	for _, n := range writeTools {
		for _, t := range tools {
			if t.name != n {
				continue
			}
			p, c := firstProp(t, pathProps), firstProp(t, contentProps)
			if p == "" || c == "" {
				continue
			}
			return &toolCall{id: id, name: n, input: map[string]any{p: file, c: WrittenText}}
		}
	}
	return nil
}
