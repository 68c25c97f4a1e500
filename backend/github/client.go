// Package github is a small client for the handful of GitHub REST endpoints pull request reviews
// use: listing open pull requests with conditional requests, and writing one issue comment. It
// works against api.github.com and GitHub Enterprise Server (https://HOST/api/v3) alike.
package github

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultBaseURL is the public GitHub API.
const DefaultBaseURL = "https://api.github.com"

// maxResponse bounds a response body read into memory; a page of 100 pull requests is a few MB.
const maxResponse = 32 << 20

// Client calls the GitHub REST API with one token. The zero value is not usable; call New.
type Client struct {
	base  string
	token string
	http  *http.Client
	now   func() time.Time
}

// New returns a client for base (DefaultBaseURL when empty). token may be empty: public
// repositories can be read without one, at a much lower rate limit.
func New(base, token string, hc *http.Client) *Client {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	if base == "" {
		base = DefaultBaseURL
	}
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{base: base, token: token, http: hc, now: time.Now}
}

// BaseURL is the API root the client calls.
func (c *Client) BaseURL() string { return c.base }

// response is a successful answer: its body, headers and whether it was 304 Not Modified.
type response struct {
	body        []byte
	header      http.Header
	notModified bool
}

// do sends one request. A body is JSON-encoded; etag, when set, makes the request conditional.
// Any status other than 2xx and 304 becomes an *APIError.
func (c *Client) do(ctx context.Context, method, url string, body any, etag string) (response, error) {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return response{}, err
		}
		rd = bytes.NewReader(raw)
	}
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		url = c.base + url
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("User-Agent", "agented")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return response{}, &APIError{Message: "GitHub is unreachable: " + err.Error(), Temporary: true}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return response{}, &APIError{Status: resp.StatusCode, Message: "read GitHub's answer: " + err.Error(), Temporary: true}
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return response{header: resp.Header, notModified: true}, nil
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return response{body: raw, header: resp.Header}, nil
	}
	return response{}, c.apiError(method, req.URL.Path, resp, raw)
}

// apiError turns a failed answer into an APIError that says what to do about it.
func (c *Client) apiError(method, path string, resp *http.Response, raw []byte) *APIError {
	var msg struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(raw, &msg)
	e := &APIError{Status: resp.StatusCode, Message: strings.TrimSpace(msg.Message)}
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	h := resp.Header
	limited := h.Get("X-Ratelimit-Remaining") == "0" || resp.StatusCode == http.StatusTooManyRequests ||
		strings.Contains(strings.ToLower(e.Message), "rate limit")
	if secs, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After"))); err == nil && secs >= 0 {
		e.RetryAt = c.now().Add(time.Duration(secs) * time.Second)
	} else if limited {
		if epoch, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-Ratelimit-Reset")), 10, 64); err == nil {
			e.RetryAt = time.Unix(epoch, 0)
		}
	}
	switch {
	case limited && (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests):
		e.RateLimited, e.Temporary = true, true
		e.Hint = "rate limited by GitHub"
	case resp.StatusCode == http.StatusUnauthorized:
		e.Hint = "the GitHub token is missing, wrong or expired (Settings → GitHub)"
	case resp.StatusCode == http.StatusForbidden:
		e.Hint = "the GitHub token may not do this (a fine-grained token needs Pull requests: read and Issues: write on the repository)"
	case resp.StatusCode == http.StatusNotFound:
		e.Hint = "not found: check the repository name, and that the token can see it (private repositories answer 404 without access)"
	case resp.StatusCode >= 500:
		e.Temporary = true
		e.Hint = "GitHub had an error"
	}
	e.Request = method + " " + path
	return e
}

// APIError is a GitHub request that failed.
type APIError struct {
	Status      int    // HTTP status; 0 when GitHub could not be reached
	Message     string // GitHub's own message
	Hint        string // what it means for the user
	Request     string // "GET /repos/o/r/pulls"
	RateLimited bool
	// Temporary says a retry later may succeed (rate limit, 5xx, network); RetryAt, when set, is
	// when GitHub said to try again.
	Temporary bool
	RetryAt   time.Time
}

func (e *APIError) Error() string {
	var b strings.Builder
	if e.Status != 0 {
		fmt.Fprintf(&b, "GitHub %d: ", e.Status)
	}
	b.WriteString(e.Message)
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
	if !e.RetryAt.IsZero() {
		b.WriteString("; retry after " + e.RetryAt.UTC().Format(time.RFC3339))
	}
	return b.String()
}
