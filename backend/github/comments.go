package github

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// Comment is an issue (pull request conversation) comment.
type Comment struct {
	ID      int64  `json:"id"`
	Body    string `json:"body"`
	HTMLURL string `json:"html_url"`
}

// MaxCommentBytes is GitHub's limit on a comment body.
const MaxCommentBytes = 65536

// CreateComment adds a comment to pull request number of repo.
func (c *Client) CreateComment(ctx context.Context, repo string, number int, body string) (Comment, error) {
	resp, err := c.do(ctx, "POST", fmt.Sprintf("/repos/%s/issues/%d/comments", repo, number), map[string]string{"body": body}, "")
	if err != nil {
		return Comment{}, err
	}
	var out Comment
	return out, json.Unmarshal(resp.body, &out)
}

// UpdateComment replaces the body of comment id.
func (c *Client) UpdateComment(ctx context.Context, repo string, id int64, body string) (Comment, error) {
	resp, err := c.do(ctx, "PATCH", fmt.Sprintf("/repos/%s/issues/comments/%d", repo, id), map[string]string{"body": body}, "")
	if err != nil {
		return Comment{}, err
	}
	var out Comment
	return out, json.Unmarshal(resp.body, &out)
}

// FindComment returns the first comment of the pull request whose body contains marker; ok is
// false when none does. It finds a sticky comment again when its stored id was lost.
func (c *Client) FindComment(ctx context.Context, repo string, number int, marker string) (Comment, bool, error) {
	next := fmt.Sprintf("/repos/%s/issues/%d/comments?per_page=100", repo, number)
	for i := 0; next != "" && i < maxPages; i++ {
		resp, err := c.do(ctx, "GET", next, nil, "")
		if err != nil {
			return Comment{}, false, err
		}
		var list []Comment
		if err := json.Unmarshal(resp.body, &list); err != nil {
			return Comment{}, false, fmt.Errorf("read comments: %w", err)
		}
		for _, cm := range list {
			if strings.Contains(cm.Body, marker) {
				return cm, true, nil
			}
		}
		next = nextLink(resp.header.Get("Link"), c.base)
	}
	return Comment{}, false, nil
}
