package trigger

import (
	"regexp"
	"strings"
)

// Placeholders lists every placeholder a template may use.
var Placeholders = []Placeholder{
	{Name: "trigger_id", Description: "the trigger's id", Sources: "all"},
	{Name: "bot_id", Description: "the trigger's id (older name)", Sources: "all"},
	{Name: "paths", Description: "the linked directories, comma separated", Sources: "all"},
	{Name: "message", Description: "the text that started the run: the manual message or the webhook's text field", Sources: "all"},
	{Name: "pr_url", Description: "pull request URL", Sources: "github"},
	{Name: "pr_number", Description: "pull request number", Sources: "github"},
	{Name: "pr_title", Description: "pull request title", Sources: "github"},
	{Name: "pr_author", Description: "pull request author's login", Sources: "github"},
	{Name: "pr_body", Description: "pull request description, fenced as untrusted data", Sources: "github"},
	{Name: "pr_head_ref", Description: "the pull request's branch, fenced as untrusted data", Sources: "github"},
	{Name: "pr_base_ref", Description: "the branch it targets, fenced as untrusted data", Sources: "github"},
	{Name: "pr_head_sha", Description: "the head commit being reviewed", Sources: "github"},
	{Name: "repo_url", Description: "repository URL", Sources: "github"},
	{Name: "repo_full_name", Description: "repository owner/name", Sources: "github"},
}

var placeholderRe = regexp.MustCompile(`\{(\w+)\}`)

// Values fills the placeholders of one run.
type Values map[string]string

// Render substitutes placeholders in one pass: a value that itself contains "{paths}" stays as
// it is, so a webhook's text can never inject other values. Known placeholders without a value
// become empty; unknown ones are kept verbatim and returned so the user can fix the template.
// skillCommand, when set, is prefixed unless the prompt already starts with it.
func Render(template, skillCommand string, v Values) (string, []string) {
	known := map[string]bool{}
	for _, p := range Placeholders {
		known[p.Name] = true
	}
	var unknown []string
	seen := map[string]bool{}
	out := placeholderRe.ReplaceAllStringFunc(template, func(tok string) string {
		name := tok[1 : len(tok)-1]
		if !known[name] {
			if !seen[name] {
				seen[name] = true
				unknown = append(unknown, tok)
			}
			return tok
		}
		return v[name]
	})
	if skillCommand = strings.TrimSpace(skillCommand); skillCommand != "" && !strings.HasPrefix(strings.TrimLeft(out, " \t\n"), skillCommand) {
		out = skillCommand + " " + out
	}
	return out, unknown
}

// RenderedLen is the length in bytes Render's output will have, computed without building it.
func RenderedLen(template, skillCommand string, v Values) int {
	n := len(template)
	for _, m := range placeholderRe.FindAllStringSubmatchIndex(template, -1) {
		if name := template[m[2]:m[3]]; isKnown(name) {
			n += len(v[name]) - (m[1] - m[0])
		}
	}
	if skillCommand = strings.TrimSpace(skillCommand); skillCommand != "" {
		n += len(skillCommand) + 1 // an upper bound: Render leaves it out when the prompt starts with it
	}
	return n
}

func isKnown(name string) bool {
	for _, p := range Placeholders {
		if p.Name == name {
			return true
		}
	}
	return false
}

// PreviewValues fills a preview with the user's sample, defaulting what is empty.
func PreviewValues(triggerID string, s Sample) Values {
	or := func(v, d string) string {
		if strings.TrimSpace(v) == "" {
			return d
		}
		return v
	}
	if triggerID == "" {
		triggerID = "trig-preview"
	}
	return Values{
		"trigger_id":     triggerID,
		"bot_id":         triggerID,
		"paths":          or(s.Paths, "/path/to/project"),
		"message":        or(s.Message, "(sample message)"),
		"pr_url":         or(s.PRURL, "https://github.com/owner/repo/pull/1"),
		"pr_number":      or(s.PRNumber, "1"),
		"pr_title":       or(s.PRTitle, "Sample PR title"),
		"pr_author":      or(s.PRAuthor, "author"),
		"pr_body":        "(sample description)",
		"pr_head_ref":    "feature-branch",
		"pr_base_ref":    "main",
		"pr_head_sha":    "0123456789abcdef0123456789abcdef01234567",
		"repo_url":       or(s.RepoURL, "https://github.com/owner/repo"),
		"repo_full_name": or(s.RepoFullName, "owner/repo"),
	}
}
