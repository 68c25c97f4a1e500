package onboarding

import (
	"slices"

	"github.com/agented/agented/backend/agent"
)

// templates are read-only on purpose: a first run should show what an agent does without
// letting it change anything the user has not reviewed yet.
var templates = []Template{
	{
		ID: "explain-repo", Name: "Explain this repository",
		Description: "A tour of a codebase: what it does, how it is laid out, how to build and test it.",
		Prompt: "Explain this repository to a developer who is new to it: what it does, how the code is " +
			"organised, how to build and test it, and which files to read first. Do not change any file.",
		NeedsDirectory: true, PermissionProfile: agent.ProfileReadOnly,
	},
	{
		ID: "review-changes", Name: "Review my uncommitted changes",
		Description: "Reads git status and git diff and reviews what you have not committed yet.",
		Prompt: "Review the uncommitted changes in this repository (git status and git diff): point out bugs, " +
			"risky edits and missing tests, file by file, most important first. Do not change any file.",
		NeedsDirectory: true, PermissionProfile: agent.ProfileReadOnly,
	},
	{
		ID: "hello", Name: "Check the setup",
		Description:       "A one-line answer that proves the CLI is installed and logged in. Needs no directory.",
		Prompt:            "Reply with one short sentence that says hello and names the model you are. Do not use any tool.",
		PermissionProfile: agent.ProfileReadOnly,
	},
}

// Templates lists the templates a first trigger can start from, the suggested one first.
func Templates() []Template { return slices.Clone(templates) }

func findTemplate(id string) (Template, bool) {
	i := slices.IndexFunc(templates, func(t Template) bool { return t.ID == id })
	if i < 0 {
		return Template{}, false
	}
	return templates[i], true
}
