package main

import "strings"

// optKind is how an option takes values.
type optKind int

const (
	boolOpt     optKind = iota
	valueOpt            // exactly one value (repeatable)
	variadicOpt         // values until the next argument that starts with "-" (commander <x...>)
)

// optSpec declares one option the way the real CLI's parser does.
type optSpec struct {
	names   []string // first is canonical, e.g. {"--print", "-p"}
	kind    optKind
	choices []string
	usage   string // how the CLI names it in errors, e.g. "--model <model>"
}

// parsed is a command line after option parsing.
type parsed struct {
	opts       map[string][]string
	positional []string
	loose      int // positionals before "--" (a CLI may take the first for a subcommand)
}

func (p parsed) has(name string) bool { _, ok := p.opts[name]; return ok }

func (p parsed) get(name string) string {
	if v := p.opts[name]; len(v) > 0 {
		return v[len(v)-1]
	}
	return ""
}

// argError says why a command line was rejected; each CLI words it its own way.
type argError struct {
	kind  string // "unknown", "missing", "choice", "unexpected"
	arg   string // the argument as given
	spec  *optSpec
	value string
}

// parseArgs implements what commander, clap and yargs share: "--" ends options, "--k=v" and
// "--k v" both work, a value may not start with "-", and unknown options are errors.
func parseArgs(args []string, specs []optSpec) (parsed, *argError) {
	p := parsed{opts: map[string][]string{}}
	find := func(name string) *optSpec {
		for i := range specs {
			for _, n := range specs[i].names {
				if n == name {
					return &specs[i]
				}
			}
		}
		return nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			p.positional = append(p.positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			p.positional = append(p.positional, a)
			p.loose++
			continue
		}
		name, value, hasValue := strings.Cut(a, "=")
		if !strings.HasPrefix(a, "--") {
			name, hasValue = a, false
		}
		spec := find(name)
		if spec == nil {
			return p, &argError{kind: "unknown", arg: a}
		}
		canon := spec.names[0]
		switch spec.kind {
		case boolOpt:
			p.opts[canon] = append(p.opts[canon], "true")
			continue
		case valueOpt:
			if !hasValue {
				if i+1 >= len(args) || (strings.HasPrefix(args[i+1], "-") && args[i+1] != "-") {
					return p, &argError{kind: "missing", arg: a, spec: spec}
				}
				i++
				value = args[i]
			}
			if len(spec.choices) > 0 && !contains(spec.choices, value) {
				return p, &argError{kind: "choice", arg: a, spec: spec, value: value}
			}
			p.opts[canon] = append(p.opts[canon], value)
		case variadicOpt:
			vals := []string{}
			if hasValue {
				vals = append(vals, value)
			}
			for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++
				vals = append(vals, args[i])
			}
			if len(vals) == 0 {
				return p, &argError{kind: "missing", arg: a, spec: spec}
			}
			p.opts[canon] = append(p.opts[canon], vals...)
		}
	}
	return p, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
