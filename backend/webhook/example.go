package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/validation"
)

// DefaultBaseURL is the listener's default address (127.0.0.1:20000), used when the caller has none.
const DefaultBaseURL = "http://127.0.0.1:20000"

// Example shows how to send a delivery that starts the trigger: its URL, a sample body built
// from its match and keyword settings, and a curl snippet. When a signature is needed the
// snippet computes it with openssl from $SECRET (or $GITHUB_WEBHOOK_SECRET); the secret itself
// is never part of the answer.
func (s *Service) Example(ctx context.Context, triggerID, baseURL string) (Example, error) {
	t, err := s.triggers.Get(ctx, triggerID)
	if err != nil {
		return Example{}, err
	}
	base := strings.TrimRight(strings.TrimSpace(baseURL), "/")
	if base == "" {
		base = DefaultBaseURL
	}
	switch t.TriggerSource {
	case trigger.SourceWebhook:
		secured, err := s.securedTriggers(ctx)
		if err != nil {
			return Example{}, err
		}
		return genericExample(t, base, secured[t.ID] || t.HasWebhookSecret)
	case trigger.SourceGitHub:
		_, _, err := s.secrets.Get(secret.GitHubWebhookSecretName())
		return githubExample(t, base, err == nil), nil
	}
	errs := validation.New("webhook example")
	errs.Add("triggerSource", "only webhook and GitHub triggers receive webhooks")
	return Example{}, errs
}

func genericExample(t trigger.Trigger, base string, hasSecret bool) (Example, error) {
	ex := Example{URL: base + "/", Headers: map[string]string{"Content-Type": "application/json"}, HasSecret: hasSecret, Notes: []string{}}
	body := map[string]any{}
	if t.MatchFieldPath != "" && t.MatchFieldValue != "" {
		if err := setPath(body, t.MatchFieldPath, ParseExpected(t.MatchFieldValue)); err != nil {
			ex.Notes = append(ex.Notes, "match path: "+err.Error())
		}
	}
	textPath := t.TextFieldPath
	if textPath == "" {
		textPath = "text"
	}
	text := "Sample message for " + t.Name
	if t.DetectionKeyword != "" {
		text += " mentioning " + t.DetectionKeyword
	}
	if err := setPath(body, textPath, text); err != nil {
		ex.Notes = append(ex.Notes, "text path: "+err.Error()+"; the run's message will be that value's JSON text")
	}
	if hasSecret {
		ex.Headers[HeaderWebhookSignature] = "sha256=<HMAC-SHA256 of the body with the trigger's secret>"
		ex.Notes = append(ex.Notes, "Set SECRET to the trigger's webhook secret first, e.g. read -rs SECRET")
	}
	if err := ex.fill(body, HeaderWebhookSignature, "SECRET", hasSecret, nil); err != nil {
		return Example{}, err
	}
	return ex, nil
}

func githubExample(t trigger.Trigger, base string, configured bool) Example {
	ex := Example{URL: base + "/api/webhooks/github", HasSecret: configured, Notes: []string{}}
	event, action := "pull_request", "opened"
	if f, err := ParseEventFilter(t.GitHubEvents); err == nil && !f.Allows(event, action) {
		event, action = firstAllowed(f)
	}
	repo := sampleRepo(t.GitHubRepoFilter)
	if !RepoMatches(t.GitHubRepoFilter, repo) {
		ex.Notes = append(ex.Notes, "Replace owner/repo with a repository that matches "+t.GitHubRepoFilter+".")
	}
	body := map[string]any{
		"action":     action,
		"repository": map[string]any{"full_name": repo, "html_url": "https://github.com/" + repo},
		"sender":     map[string]any{"login": "octocat"},
	}
	if event == "pull_request" {
		body["number"] = json.Number("1")
		body["pull_request"] = map[string]any{
			"number": json.Number("1"), "title": "Sample change", "state": "open",
			"html_url": "https://github.com/" + repo + "/pull/1", "user": map[string]any{"login": "octocat"},
			"head": map[string]any{"sha": "0000000000000000000000000000000000000000"},
		}
	}
	if action == "" {
		delete(body, "action")
	}
	ex.Headers = map[string]string{"Content-Type": "application/json", HeaderGitHubEvent: event,
		HeaderGitHubDelivery: "<unique id per delivery>", HeaderGitHubSignature: "sha256=<HMAC-SHA256 of the body with the GitHub webhook secret>"}
	ex.Notes = append(ex.Notes, "GitHub signs every delivery; set GITHUB_WEBHOOK_SECRET to the same secret first.")
	if !configured {
		ex.Notes = append(ex.Notes, "No GitHub webhook secret is configured yet: every delivery is rejected until one is set in Settings → Listener or with GITHUB_WEBHOOK_SECRET.")
	}
	extra := []string{fmt.Sprintf("-H %s", shellQuote(HeaderGitHubEvent+": "+event)),
		fmt.Sprintf(`-H "%s: example-$(date +%%s)"`, HeaderGitHubDelivery)}
	_ = ex.fill(body, HeaderGitHubSignature, "GITHUB_WEBHOOK_SECRET", true, extra) // a map of strings always encodes
	return ex
}

// fill sets Body, Curl and SignCommand for a sample payload.
func (ex *Example) fill(body map[string]any, sigHeader, secretVar string, signed bool, extraHeaders []string) error {
	var pretty bytes.Buffer
	enc := json.NewEncoder(&pretty)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(body); err != nil {
		return fmt.Errorf("encode example: %w", err)
	}
	ex.Body = strings.TrimRight(pretty.String(), "\n")
	compact, err := Canonical(body)
	if err != nil {
		return fmt.Errorf("encode example: %w", err)
	}
	lines := []string{"curl -sS -X POST " + shellQuote(ex.URL), "-H 'Content-Type: application/json'"}
	lines = append(lines, extraHeaders...)
	var script strings.Builder
	if signed {
		// printf '%s' sends the exact bytes that curl posts; awk takes the last field because
		// OpenSSL 1.1 prints "(stdin)= <hex>" and 3.x "SHA2-256(stdin)= <hex>".
		ex.SignCommand = fmt.Sprintf(`SIG="sha256=$(printf '%%s' "$BODY" | openssl dgst -sha256 -hmac "$%s" | awk '{print $NF}')"`, secretVar)
		fmt.Fprintf(&script, "BODY=%s\n%s\n", shellQuote(string(compact)), ex.SignCommand)
		lines = append(lines, fmt.Sprintf(`-H "%s: $SIG"`, sigHeader), `--data-binary "$BODY"`)
	} else {
		lines = append(lines, "--data-binary "+shellQuote(string(compact)))
	}
	script.WriteString(strings.Join(lines, " \\\n  "))
	ex.Curl = script.String()
	return nil
}

// setPath puts v at a dot path inside root, creating objects, or arrays where the next segment
// is an index, so that Lookup(root, path) finds v.
func setPath(root map[string]any, path string, v any) error {
	segs := strings.Split(path, ".")
	child, err := setIn(root[segs[0]], segs[1:], v)
	if err != nil {
		return err
	}
	root[segs[0]] = child
	return nil
}

var errPathTaken = errors.New("the path overlaps another field of the sample")

func setIn(node any, segs []string, v any) (any, error) {
	if len(segs) == 0 {
		if node != nil {
			return node, errPathTaken
		}
		return v, nil
	}
	seg := segs[0]
	if i, ok := arrayIndex(seg); ok {
		arr, isArr := node.([]any)
		if node != nil && !isArr {
			return node, errPathTaken
		}
		if i > 100 {
			return node, fmt.Errorf("index %d is too large for a sample", i)
		}
		for len(arr) <= i {
			arr = append(arr, nil)
		}
		child, err := setIn(arr[i], segs[1:], v)
		arr[i] = child
		return arr, err
	}
	m, isMap := node.(map[string]any)
	if node != nil && !isMap {
		return node, errPathTaken
	}
	if m == nil {
		m = map[string]any{}
	}
	child, err := setIn(m[seg], segs[1:], v)
	m[seg] = child
	return m, err
}

// sampleRepo makes an owner/repo that the trigger's glob accepts, for the sample payload.
func sampleRepo(filter string) string {
	if filter == "" {
		return "owner/repo"
	}
	r := strings.NewReplacer("*", "example", "?", "x", "[", "", "]", "", "\\", "").Replace(filter)
	if RepoMatches(filter, r) {
		return r
	}
	return "owner/repo"
}

// firstAllowed picks a sample event and action from a filter that does not take PR openings.
func firstAllowed(f EventFilter) (string, string) {
	best := ""
	for ev := range f {
		if best == "" || ev < best {
			best = ev
		}
	}
	if acts := f[best]; len(acts) > 0 {
		return best, acts[0]
	}
	return best, ""
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
