package trigger

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/validation"
)

// How a GitHub trigger learns of pull requests and reports back.
const (
	GitHubModeWebhook = "webhook" // GitHub delivers events to the listener
	GitHubModePoll    = "poll"    // Agented lists open pull requests itself (a laptop GitHub cannot reach)

	GitHubReportNone    = "none"
	GitHubReportComment = "comment" // one sticky comment per pull request, edited on later runs

	DefaultGitHubPollSeconds = 60
	MinGitHubPollSeconds     = 10
	MaxGitHubPollSeconds     = 24 * 60 * 60
	maxAllowAuthors          = 200
)

// loginRe is a GitHub login: letters, digits and single hyphens (bots end in "[bot]").
var loginRe = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$`)

func normalizeGitHub(t *Trigger) {
	t.GitHubReport = strings.TrimSpace(t.GitHubReport)
	t.GitHubMode = strings.TrimSpace(t.GitHubMode)
	if t.GitHubReport == "" {
		t.GitHubReport = GitHubReportNone
	}
	if t.GitHubMode == "" {
		t.GitHubMode = GitHubModeWebhook
	}
	if t.GitHubPollSeconds == 0 {
		t.GitHubPollSeconds = DefaultGitHubPollSeconds
	}
	authors := []string{}
	for _, a := range t.GitHubAllowAuthors {
		if a = strings.TrimPrefix(strings.TrimSpace(a), "@"); a != "" && !slices.ContainsFunc(authors, func(b string) bool { return strings.EqualFold(a, b) }) {
			authors = append(authors, a)
		}
	}
	t.GitHubAllowAuthors = authors
}

func validateGitHub(t Trigger, errs *validation.Errors) {
	if t.GitHubReport != GitHubReportNone && t.GitHubReport != GitHubReportComment {
		errs.Add("githubReport", "must be none or comment")
	}
	if t.GitHubMode != GitHubModeWebhook && t.GitHubMode != GitHubModePoll {
		errs.Add("githubMode", "must be webhook or poll")
	}
	if t.GitHubPollSeconds < MinGitHubPollSeconds || t.GitHubPollSeconds > MaxGitHubPollSeconds {
		errs.Add("githubPollSeconds", fmt.Sprintf("must be between %d and %d", MinGitHubPollSeconds, MaxGitHubPollSeconds))
	}
	if len(t.GitHubAllowAuthors) > maxAllowAuthors {
		errs.Add("githubAllowAuthors", fmt.Sprintf("must list at most %d logins", maxAllowAuthors))
	}
	for _, a := range t.GitHubAllowAuthors {
		if !loginRe.MatchString(a) {
			errs.Add("githubAllowAuthors", fmt.Sprintf("%q is not a GitHub login", a))
			break
		}
	}
	if t.TriggerSource == SourceGitHub && t.GitHubMode == GitHubModePoll {
		repos := PollRepos(t.GitHubRepoFilter)
		if len(repos) == 0 || strings.ContainsAny(t.GitHubRepoFilter, "*?[") {
			errs.Add("githubRepoFilter", "polling needs the repositories named exactly (owner/repo, comma-separated), no globs")
		}
	}
}

// PollRepos are the repositories a poll-mode trigger lists: its repository filter's entries.
func PollRepos(filter string) []string {
	var out []string
	for _, r := range strings.Split(filter, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

func saveGitHub(ctx context.Context, h db.Handler, t Trigger) error {
	authors, _ := json.Marshal(t.GitHubAllowAuthors)
	_, err := h.ExecContext(ctx, `INSERT INTO trigger_github(trigger_id, report, mode, poll_seconds, allow_authors, trust_all)
		VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(trigger_id) DO UPDATE SET report = excluded.report, mode = excluded.mode,
		poll_seconds = excluded.poll_seconds, allow_authors = excluded.allow_authors, trust_all = excluded.trust_all`,
		t.ID, t.GitHubReport, t.GitHubMode, t.GitHubPollSeconds, string(authors), t.GitHubTrustAllAuthors)
	if err != nil {
		return fmt.Errorf("save github options: %w", db.WrapError(err))
	}
	return nil
}

// githubOptions is a trigger_github row.
type githubOptions struct {
	report, mode string
	seconds      int
	authors      string
	trustAll     bool
}

func (o githubOptions) apply(t *Trigger) {
	t.GitHubReport, t.GitHubMode, t.GitHubPollSeconds, t.GitHubTrustAllAuthors = o.report, o.mode, o.seconds, o.trustAll
	t.GitHubAllowAuthors = []string{}
	_ = json.Unmarshal([]byte(o.authors), &t.GitHubAllowAuthors)
}

var defaultGitHub = githubOptions{report: GitHubReportNone, mode: GitHubModeWebhook, seconds: DefaultGitHubPollSeconds, authors: "[]"}

func loadGitHub(ctx context.Context, h db.Handler, t *Trigger) error {
	o := defaultGitHub
	err := h.QueryRowContext(ctx, `SELECT report, mode, poll_seconds, allow_authors, trust_all FROM trigger_github WHERE trigger_id = ?`, t.ID).
		Scan(&o.report, &o.mode, &o.seconds, &o.authors, &o.trustAll)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read github options: %w", err)
	}
	o.apply(t)
	return nil
}

// loadAllGitHub reads every trigger's options in one query; apply sets them on the trigger of id.
func loadAllGitHub(ctx context.Context, h db.Handler, n int, idAt func(i int) string, at func(i int) *Trigger) error {
	rows, err := h.QueryContext(ctx, `SELECT trigger_id, report, mode, poll_seconds, allow_authors, trust_all FROM trigger_github`)
	if err != nil {
		return fmt.Errorf("read github options: %w", err)
	}
	defer rows.Close()
	byID := map[string]githubOptions{}
	for rows.Next() {
		var id string
		var o githubOptions
		if err := rows.Scan(&id, &o.report, &o.mode, &o.seconds, &o.authors, &o.trustAll); err != nil {
			return err
		}
		byID[id] = o
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range n {
		o, ok := byID[idAt(i)]
		if !ok {
			o = defaultGitHub
		}
		o.apply(at(i))
	}
	return nil
}
