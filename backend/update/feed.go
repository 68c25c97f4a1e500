package update

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/mod/semver"
)

// maxFeedBytes bounds what a feed may send: a release record is a few KB.
const maxFeedBytes = 1 << 20

// Release is what a feed says about the newest release.
type Release struct {
	Version string // semantic version, with a leading v
	URL     string // where the user can read about it and download it
	Notes   string
}

// feed is the JSON a release feed answers with. Two shapes are read: Agented's own
// {"version", "url", "notes"}, and a GitHub "latest release" answer
// (https://api.github.com/repos/OWNER/REPO/releases/latest: "tag_name", "html_url", "body"), so
// a project's GitHub releases work as a feed without anything else.
type feed struct {
	Version string `json:"version"`
	URL     string `json:"url"`
	Notes   string `json:"notes"`
	TagName string `json:"tag_name"`
	HTMLURL string `json:"html_url"`
	Body    string `json:"body"`
}

// parseFeed reads a feed answer. Every way it can be wrong gets its own message, since the user
// typed the feed's URL and needs to know what is wrong with it.
func parseFeed(r io.Reader) (Release, error) {
	body, err := io.ReadAll(io.LimitReader(r, maxFeedBytes+1))
	if err != nil {
		return Release{}, fmt.Errorf("reading the feed: %w", err)
	}
	if len(body) > maxFeedBytes {
		return Release{}, fmt.Errorf("the feed sent more than %d KiB; a release feed is a small JSON object", maxFeedBytes>>10)
	}
	var f feed
	if err := json.Unmarshal(body, &f); err != nil {
		return Release{}, fmt.Errorf("the feed is not a JSON object with a version: %w", err)
	}
	rel := Release{Version: first(f.Version, f.TagName), URL: first(f.URL, f.HTMLURL), Notes: first(f.Notes, f.Body)}
	if rel.Version == "" {
		return Release{}, errors.New(`the feed names no version (expected "version", or "tag_name" as GitHub releases have)`)
	}
	v, ok := canonical(rel.Version)
	if !ok {
		return Release{}, fmt.Errorf("the feed's version %q is not a semantic version such as 1.4.0", rel.Version)
	}
	rel.Version = v
	if rel.URL != "" {
		if u, err := url.Parse(rel.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			return Release{}, fmt.Errorf("the feed's release URL %q is not a web address", rel.URL)
		}
	}
	return rel, nil
}

// canonical returns v as a semantic version with a leading "v", and whether it is one.
func canonical(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	if !semver.IsValid(v) {
		return "", false
	}
	return v, true
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
