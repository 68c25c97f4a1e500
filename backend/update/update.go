// Package update tells the user when a newer Agented exists. It reads a release feed whose URL the
// user sets (off by default), compares versions and reports; it never downloads or installs
// anything.
package update

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/mod/semver"
)

// Interval is how often the background check runs while checking is on.
const Interval = 24 * time.Hour

// Status is the outcome of the last check, as Settings, About and REST show it.
type Status struct {
	Enabled   bool   `json:"enabled"`
	Current   string `json:"current"`   // this build's version
	Latest    string `json:"latest"`    // the feed's version, "" before a successful check
	Newer     bool   `json:"newer"`     // Latest is newer than Current
	URL       string `json:"url"`       // the release page the feed named
	Notes     string `json:"notes"`     // the feed's release notes
	CheckedAt string `json:"checkedAt"` // RFC 3339, "" before any check
	Error     string `json:"error"`     // why the last check failed, or why versions cannot be compared
}

// Config is what the checker reads from Settings on every check.
type Config struct {
	Enabled bool
	FeedURL string
}

// ErrDisabled is returned by Check while checking is off.
var ErrDisabled = errors.New("update checks are off (Settings → Updates)")

// Checker checks the feed on request and, in Run, once a day.
type Checker struct {
	current string
	config  func() Config
	client  *http.Client
	log     *slog.Logger
	now     func() time.Time

	mu   sync.Mutex
	last Status
}

// New returns a checker for this build's version. config is read at each check, so a change in
// Settings applies at the next one.
func New(current string, config func() Config, client *http.Client, log *slog.Logger) *Checker {
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	return &Checker{current: current, config: config, client: client, log: log.With("component", "update"), now: time.Now}
}

// Status returns the last outcome, with Enabled as Settings say now.
func (c *Checker) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.last
	st.Enabled = c.config().Enabled
	st.Current = c.current
	return st
}

// Check reads the feed now. A failed check keeps the last version it learnt and says why.
func (c *Checker) Check(ctx context.Context) (Status, error) {
	cfg := c.config()
	if !cfg.Enabled {
		return c.Status(), ErrDisabled
	}
	rel, err := c.fetch(ctx, cfg.FeedURL)
	c.mu.Lock()
	c.last.CheckedAt = c.now().UTC().Format(time.RFC3339)
	if err != nil {
		c.last.Error = err.Error()
	} else {
		c.last.Latest, c.last.URL, c.last.Notes, c.last.Error = rel.Version, rel.URL, rel.Notes, ""
		c.last.Newer = false
		if cur, ok := canonical(c.current); !ok {
			c.last.Error = fmt.Sprintf("this build (%s) is not a release, so it cannot be compared with %s", c.current, rel.Version)
		} else {
			c.last.Newer = semver.Compare(rel.Version, cur) > 0
		}
	}
	c.mu.Unlock()
	st := c.Status()
	if err != nil {
		c.log.WarnContext(ctx, "update check failed", "err", err)
		return st, err
	}
	c.log.InfoContext(ctx, "update check", "current", st.Current, "latest", st.Latest, "newer", st.Newer)
	return st, nil
}

func (c *Checker) fetch(ctx context.Context, feedURL string) (Release, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, feedURL, nil)
	if err != nil {
		return Release{}, fmt.Errorf("the feed URL: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "agented/"+c.current)
	resp, err := c.client.Do(req)
	if err != nil {
		return Release{}, fmt.Errorf("could not reach the feed: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Release{}, fmt.Errorf("the feed answered %s", resp.Status)
	}
	return parseFeed(resp.Body)
}

// Run checks once shortly after start and then every Interval while checking is on, until ctx
// ends. While it is off, a check is one read of the settings a day: no request is made.
func (c *Checker) Run(ctx context.Context, firstDelay time.Duration) {
	t := time.NewTimer(firstDelay)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if c.config().Enabled {
			_, _ = c.Check(ctx)
		}
		t.Reset(Interval)
	}
}
