package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// client speaks the admin API of the server under test.
type client struct {
	base string
	http *http.Client
}

func newClient(base string) *client { return &client{base: base, http: &http.Client{}} }

func (c *client) do(ctx context.Context, method, path string, body any, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("X-API-Key", apiKey)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// createTriggers adds n manual triggers and the webhook trigger, and returns the latter's id.
func (c *client) createTriggers(ctx context.Context, n int) (string, error) {
	for i := range n {
		t := map[string]any{
			"name": fmt.Sprintf("bench %03d", i), "description": "a manual trigger the list bench lists",
			"promptTemplate": "[fake:success] review {message} in {paths}", "backendType": "claude",
		}
		if err := c.do(ctx, http.MethodPost, "/admin/triggers", t, nil); err != nil {
			return "", err
		}
	}
	var hook struct {
		ID string `json:"id"`
	}
	err := c.do(ctx, http.MethodPost, "/admin/triggers", map[string]any{
		"name": "bench hook", "promptTemplate": "[fake:success] {message}", "backendType": "claude",
		"triggerSource": "webhook", "matchFieldPath": "kind", "matchFieldValue": "bench", "textFieldPath": "text",
		"concurrencyPolicy": "parallel",
	}, &hook)
	return hook.ID, err
}

// listSize returns how many triggers GET /admin/triggers lists and how many bytes that is.
func (c *client) listSize(ctx context.Context) (int, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/admin/triggers", nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("X-API-Key", apiKey)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, 0, err
	}
	var list struct {
		Triggers []json.RawMessage `json:"triggers"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		return 0, 0, err
	}
	return len(list.Triggers), len(b), nil
}
