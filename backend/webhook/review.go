package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/trigger"
)

// pullRequest is what a pull_request delivery tells us.
type pullRequest struct {
	Number   string // as written in the payload; GitHub numbers are plain integers
	Title    string
	URL      string
	Author   string
	HeadSHA  string
	State    string // open | closed | merged
	RepoName string // owner/repo
	RepoURL  string
}

// extractPR reads the PR fields; number, html_url and repository.full_name are required.
func extractPR(obj map[string]any) (pullRequest, error) {
	str := func(path string) string {
		v, _ := Lookup(obj, path)
		s, _ := v.(string)
		return strings.TrimSpace(s)
	}
	pr := pullRequest{
		Title: str("pull_request.title"), URL: str("pull_request.html_url"), Author: str("pull_request.user.login"),
		HeadSHA: str("pull_request.head.sha"), State: str("pull_request.state"),
		RepoName: str("repository.full_name"), RepoURL: str("repository.html_url"),
	}
	if n, ok := Lookup(obj, "pull_request.number"); ok {
		if num, ok := n.(json.Number); ok {
			if i, err := num.Int64(); err == nil && i > 0 {
				pr.Number = num.String()
			}
		}
	}
	if merged, _ := Lookup(obj, "pull_request.merged"); merged == true {
		pr.State = "merged"
	}
	if pr.State == "" {
		pr.State = "open"
	}
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"pull_request.number", pr.Number}, {"pull_request.html_url", pr.URL}, {"repository.full_name", pr.RepoName},
	} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return pr, fmt.Errorf("missing required PR data: %s", strings.Join(missing, ", "))
	}
	return pr, nil
}

// values are the PR placeholders of a run.
func (pr pullRequest) values() trigger.Values {
	return trigger.Values{
		"pr_url": pr.URL, "pr_number": pr.Number, "pr_title": pr.Title, "pr_author": pr.Author,
		"repo_url": pr.RepoURL, "repo_full_name": pr.RepoName,
	}
}

// message is the run's {message}: a fixed six-line summary of the pull request (number and title,
// URL, author, repository, action). Prompt templates quote and parse these lines, so their
// wording and order are part of what a trigger relies on.
func (pr pullRequest) message(action string) string {
	return fmt.Sprintf("PR #%s: %s\nURL: %s\nAuthor: %s\nRepository: %s\nAction: %s",
		pr.Number, pr.Title, pr.URL, pr.Author, pr.RepoName, action)
}

// upsertReview creates the PR's review record or updates it with the latest event; the review
// status is kept, except that new commits (synchronize) or a reopen make it pending again.
func (s *Service) upsertReview(ctx context.Context, pr pullRequest, action string, now time.Time) (string, error) {
	var id string
	err := s.db.Writer.QueryRowContext(ctx, `INSERT INTO pr_reviews(id, repo_full_name, repo_url, pr_number, pr_title,
			pr_url, pr_author, pr_state, last_action, head_sha, review_status, created_at, updated_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
		ON CONFLICT(repo_full_name, pr_number) DO UPDATE SET
			repo_url = excluded.repo_url, pr_title = excluded.pr_title, pr_url = excluded.pr_url,
			pr_author = excluded.pr_author, pr_state = excluded.pr_state, last_action = excluded.last_action,
			head_sha = CASE WHEN excluded.head_sha != '' THEN excluded.head_sha ELSE pr_reviews.head_sha END,
			review_status = CASE WHEN excluded.last_action IN ('synchronize', 'reopened') THEN 'pending'
				ELSE pr_reviews.review_status END,
			updated_at = excluded.updated_at
		RETURNING id`,
		db.NewID("prr-"), pr.RepoName, pr.RepoURL, pr.Number, pr.Title, pr.URL, pr.Author, pr.State, action, pr.HeadSHA,
		stamp(now), stamp(now)).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("record pull request: %w", db.WrapError(err))
	}
	return id, nil
}
