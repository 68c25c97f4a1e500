package pullrequest

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/webhook"
)

// ReceiveWebhook is Receive for a verified pull_request delivery (webhook.PullRequests).
func (s *Service) ReceiveWebhook(ctx context.Context, t trigger.Trigger, obj map[string]any, action string,
	claim func(context.Context, *sql.Tx) error) (webhook.PullRequestResult, error) {
	out, err := s.Receive(ctx, t, incomingFromPayload(obj, action), claim)
	if err != nil {
		return webhook.PullRequestResult{}, err
	}
	switch {
	case out.Duplicate:
		return webhook.PullRequestResult{Duplicate: out.Reason}, nil
	case out.Status == StatusWaiting:
		return webhook.PullRequestResult{Held: out.Reason}, nil
	}
	return webhook.PullRequestResult{ExecutionID: out.ExecutionID}, nil
}

// incomingFromPayload reads a pull_request delivery. A payload without head.repo (a deleted fork)
// or whose head and base repositories differ is a fork.
func incomingFromPayload(obj map[string]any, action string) Incoming {
	str := func(path string) string {
		v, _ := webhook.Lookup(obj, path)
		s, _ := v.(string)
		return strings.TrimSpace(s)
	}
	in := Incoming{
		Repo: str("repository.full_name"), Title: str("pull_request.title"), Body: str("pull_request.body"),
		Author: str("pull_request.user.login"), Association: str("pull_request.author_association"),
		HTMLURL: str("pull_request.html_url"), RepoURL: str("repository.html_url"), HeadSHA: str("pull_request.head.sha"),
		HeadRef: str("pull_request.head.ref"), BaseRef: str("pull_request.base.ref"), Source: SourceWebhook, Action: action,
	}
	if n, ok := webhook.Lookup(obj, "pull_request.number"); ok {
		if num, ok := n.(json.Number); ok {
			if i, err := num.Int64(); err == nil && i > 0 && i < 1<<31 {
				in.Number = int(i)
			}
		}
	}
	head, base := str("pull_request.head.repo.full_name"), str("pull_request.base.repo.full_name")
	if base == "" {
		base = in.Repo
	}
	in.Fork = head == "" || !strings.EqualFold(head, base)
	return in
}
