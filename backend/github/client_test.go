package github_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/github"
	"github.com/agented/agented/backend/github/githubtest"
)

func TestListOpenPullsPagesAndAsksConditionally(t *testing.T) {
	t.Parallel()
	gh := githubtest.New(t)
	gh.Token, gh.PageSize = "tok", 2
	var prs []githubtest.PR
	for i := 1; i <= 5; i++ {
		prs = append(prs, githubtest.PR{Number: i, Title: "pr " + strconv.Itoa(i), Author: "a", Association: "MEMBER", HeadSHA: "s" + strconv.Itoa(i)})
	}
	prs[4].HeadRepo = "someone/fork"
	gh.SetPulls("acme/api", prs...)
	c := github.New(gh.URL, "tok", nil)
	ctx := context.Background()

	page, err := c.ListOpenPulls(ctx, "acme/api", "")
	if err != nil || len(page.Pulls) != 5 || page.ETag == "" || page.NotModified {
		t.Fatalf("first list = %d pulls, etag %q, %v", len(page.Pulls), page.ETag, err)
	}
	if lists, _, _ := gh.Counts(); lists != 3 {
		t.Fatalf("%d page requests for 5 PRs at 2 a page, want 3 (Link rel=next)", lists)
	}
	forks := 0
	for _, p := range page.Pulls {
		if p.FromFork() {
			forks++
		}
	}
	if forks != 1 {
		t.Fatalf("%d forks, want 1", forks)
	}
	_, _, charged := gh.Counts()
	again, err := c.ListOpenPulls(ctx, "acme/api", page.ETag)
	if err != nil || !again.NotModified || len(again.Pulls) != 0 || again.ETag != page.ETag {
		t.Fatalf("conditional list = %+v, %v", again, err)
	}
	if _, n304, after := gh.Counts(); n304 != 1 || after != charged {
		t.Fatalf("304s %d, charged %d→%d: an unchanged list must cost nothing", n304, charged, after)
	}
	gh.Push("acme/api", 5, "s5b")
	changed, err := c.ListOpenPulls(ctx, "acme/api", page.ETag)
	if err != nil || changed.NotModified || changed.ETag == page.ETag {
		t.Fatalf("after a push = %+v, %v; want a fresh list", changed.ETag, err)
	}
	if _, err := c.ListOpenPulls(ctx, "not a repo", ""); err == nil {
		t.Fatal("a malformed repository name was sent to GitHub")
	}
}

func TestAPIErrors(t *testing.T) {
	t.Parallel()
	reset := time.Now().Add(30 * time.Minute).Truncate(time.Second)
	tests := []struct {
		name        string
		fault       *githubtest.Fault
		token       string
		status      int
		rateLimited bool
		temporary   bool
		retryAt     bool
	}{
		{name: "bad token", token: "wrong", status: 401},
		{name: "forbidden", fault: &githubtest.Fault{Match: "GET", Status: 403, Message: "Resource not accessible by integration"}, status: 403},
		{name: "rate limited", fault: &githubtest.Fault{Match: "GET", Status: 403, Message: "API rate limit exceeded",
			Header: map[string]string{"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": strconv.FormatInt(reset.Unix(), 10)}},
			status: 403, rateLimited: true, temporary: true, retryAt: true},
		{name: "secondary limit", fault: &githubtest.Fault{Match: "GET", Status: 429, Message: "You have exceeded a secondary rate limit",
			Header: map[string]string{"Retry-After": "60"}}, status: 429, rateLimited: true, temporary: true, retryAt: true},
		{name: "server error", fault: &githubtest.Fault{Match: "GET", Status: 502, Message: "Bad gateway"}, status: 502, temporary: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gh := githubtest.New(t)
			gh.Token = "tok"
			gh.SetPulls("acme/api")
			if tt.fault != nil {
				gh.Fail(*tt.fault)
			}
			token := "tok"
			if tt.token != "" {
				token = tt.token
			}
			_, err := github.New(gh.URL, token, nil).ListOpenPulls(context.Background(), "acme/api", "")
			var apiErr *github.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an APIError", err)
			}
			if apiErr.Status != tt.status || apiErr.RateLimited != tt.rateLimited || apiErr.Temporary != tt.temporary ||
				apiErr.RetryAt.IsZero() == tt.retryAt || apiErr.Hint == "" {
				t.Fatalf("error = %+v", apiErr)
			}
			if tt.name == "rate limited" && !apiErr.RetryAt.Equal(reset) {
				t.Fatalf("retry at %v, want x-ratelimit-reset %v", apiErr.RetryAt, reset)
			}
		})
	}
	gh := githubtest.New(t)
	gh.Token = "tok"
	_, err := github.New(gh.URL, "tok", nil).ListOpenPulls(context.Background(), "acme/missing", "")
	var apiErr *github.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound || apiErr.Temporary {
		t.Fatalf("missing repository = %v", err)
	}
}

func TestCommentsCreateFindEdit(t *testing.T) {
	t.Parallel()
	gh := githubtest.New(t)
	c := github.New(gh.URL, "", nil)
	ctx := context.Background()
	if _, ok, err := c.FindComment(ctx, "acme/api", 1, "<!-- m -->"); ok || err != nil {
		t.Fatalf("find on an empty PR = %v, %v", ok, err)
	}
	cm, err := c.CreateComment(ctx, "acme/api", 1, "<!-- m -->\nfirst")
	if err != nil || cm.ID == 0 || cm.HTMLURL == "" {
		t.Fatalf("create = %+v, %v", cm, err)
	}
	found, ok, err := c.FindComment(ctx, "acme/api", 1, "<!-- m -->")
	if err != nil || !ok || found.ID != cm.ID {
		t.Fatalf("find = %+v %v %v", found, ok, err)
	}
	if _, err := c.UpdateComment(ctx, "acme/api", cm.ID, "<!-- m -->\nsecond"); err != nil {
		t.Fatal(err)
	}
	if all := gh.Comments(); len(all) != 1 || all[0].Edits != 1 || all[0].Body != "<!-- m -->\nsecond" {
		t.Fatalf("comments = %+v", all)
	}
}

func TestGetPullReadsStateAndHead(t *testing.T) {
	t.Parallel()
	gh := githubtest.New(t)
	gh.Token = "tok"
	gh.SetPulls("acme/api",
		githubtest.PR{Number: 1, Title: "open one", Author: "a", Association: "MEMBER", HeadSHA: "s1"},
		githubtest.PR{Number: 2, Title: "closed one", Author: "b", Association: "MEMBER", HeadSHA: "s2"})
	gh.ClosePull("acme/api", 2)
	c := github.New(gh.URL, "tok", nil)
	ctx := context.Background()

	tests := []struct {
		name    string
		repo    string
		number  int
		state   string
		head    string
		wantErr string // "" = no error; else the error's text contains it
		status  int    // the APIError status, when one is expected
	}{
		{name: "open", repo: "acme/api", number: 1, state: "open", head: "s1"},
		{name: "closed", repo: "acme/api", number: 2, state: "closed", head: "s2"},
		{name: "unknown number", repo: "acme/api", number: 9, wantErr: "Not Found", status: http.StatusNotFound},
		{name: "bad repo", repo: "acme", number: 1, wantErr: "not owner/repo"},
		{name: "bad number", repo: "acme/api", number: 0, wantErr: "not positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr, err := c.GetPull(ctx, tt.repo, tt.number)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tt.wantErr)
				}
				var apiErr *github.APIError
				if tt.status != 0 && (!errors.As(err, &apiErr) || apiErr.Status != tt.status) {
					t.Fatalf("err = %#v, want an APIError with status %d", err, tt.status)
				}
				return
			}
			if err != nil || pr.Number != tt.number || pr.State != tt.state || pr.Head.SHA != tt.head {
				t.Fatalf("GetPull = #%d %s head %s, %v; want #%d %s head %s", pr.Number, pr.State, pr.Head.SHA, err, tt.number, tt.state, tt.head)
			}
		})
	}
	page, err := c.ListOpenPulls(ctx, "acme/api", "")
	if err != nil || len(page.Pulls) != 1 || page.Pulls[0].Number != 1 {
		t.Fatalf("open list = %+v, %v; the closed pull request must not be listed", page.Pulls, err)
	}
}
