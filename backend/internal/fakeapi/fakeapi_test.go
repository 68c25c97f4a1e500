package fakeapi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// event is one parsed server-sent event.
type event struct {
	name string
	data map[string]any
}

func post(t *testing.T, url string, body any, header ...string) (*http.Response, []event, []byte) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		return resp, nil, raw
	}
	var evs []event
	var name string
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			var d map[string]any
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &d); err != nil {
				t.Fatalf("bad data line %q: %v", line, err)
			}
			evs = append(evs, event{name, d})
			name = ""
		}
	}
	return resp, evs, raw
}

func eventNames(evs []event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.name)
	}
	return out
}

// anthropicText joins the text deltas of an Anthropic stream.
func anthropicText(evs []event) string {
	var s string
	for _, e := range evs {
		if d := obj(e.data["delta"]); str(d["type"]) == "text_delta" {
			s += str(d["text"])
		}
	}
	return s
}

var anthropicTools = []any{
	map[string]any{"name": "Read", "input_schema": map[string]any{"type": "object", "properties": map[string]any{"file_path": map[string]any{"type": "string"}}}},
	map[string]any{"name": "Bash", "input_schema": map[string]any{"type": "object", "properties": map[string]any{"command": map[string]any{"type": "string"}}}},
}

func TestAnthropicStreams(t *testing.T) {
	t.Parallel()
	s := New(Config{Mode: ModeTool, ToolFile: "/work/marker.txt"})
	defer s.Close()
	url := s.URL() + "/v1/messages?beta=true"
	user := map[string]any{"role": "user", "content": "hello"}

	// 1: tool call, with the parameter name taken from the schema.
	resp, evs, _ := post(t, url, map[string]any{"model": "claude-sonnet-5", "stream": true, "tools": anthropicTools, "messages": []any{user}})
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	want := []string{"message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"}
	if got := eventNames(evs); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("events %v, want %v", got, want)
	}
	blk := obj(evs[2].data["content_block"])
	if str(blk["type"]) != "tool_use" || str(blk["name"]) != "Read" {
		t.Fatalf("block %v", blk)
	}
	var input map[string]any
	js := str(obj(evs[3].data["delta"])["partial_json"]) + str(obj(evs[4].data["delta"])["partial_json"])
	if err := json.Unmarshal([]byte(js), &input); err != nil || input["file_path"] != "/work/marker.txt" {
		t.Fatalf("tool input %q: %v", js, err)
	}
	if stop := str(obj(evs[6].data["delta"])["stop_reason"]); stop != "tool_use" {
		t.Fatalf("stop_reason %q", stop)
	}
	if id := str(obj(evs[0].data["message"])["model"]); id != "claude-sonnet-5" {
		t.Fatalf("model echoed as %q", id)
	}

	// 2: the tool result comes back: final text with usage.
	result := map[string]any{"role": "user", "content": []any{map[string]any{"type": "tool_result", "tool_use_id": blk["id"],
		"content": []any{map[string]any{"type": "text", "text": "SECRET-42"}}}}}
	assistant := map[string]any{"role": "assistant", "content": []any{map[string]any{"type": "tool_use", "id": blk["id"], "name": "Read", "input": input}}}
	_, evs, _ = post(t, url, map[string]any{"model": "claude-sonnet-5", "stream": true, "tools": anthropicTools, "messages": []any{user, assistant, result}})
	if got := anthropicText(evs); got != ToolAnswer {
		t.Fatalf("final text %q", got)
	}
	if n := obj(evs[len(evs)-2].data["usage"])["output_tokens"]; n != float64(OutputTokens) {
		t.Fatalf("output_tokens %v", n)
	}

	// 3: a side request offers no tools: a short text.
	_, evs, _ = post(t, s.URL()+"/v1/messages", map[string]any{"model": "claude-haiku-4-5", "stream": true, "messages": []any{user}})
	if got := anthropicText(evs); got != SideAnswer {
		t.Fatalf("side text %q", got)
	}

	reqs := s.Requests()
	if len(reqs) != 3 || reqs[0].Reply != "tool_call" || reqs[1].Reply != "final" || reqs[2].Reply != "side" {
		t.Fatalf("requests:\n%s", s.Summary())
	}
	if reqs[0].ToolResult || !reqs[1].ToolResult || reqs[1].ToolResultText != "SECRET-42" {
		t.Fatalf("tool result not recorded:\n%+v", reqs)
	}
	if strings.Join(reqs[0].Tools, ",") != "Read,Bash" || reqs[0].Path != "/v1/messages?beta=true" {
		t.Fatalf("recorded %+v", reqs[0])
	}
}

func TestErrorsInProviderShape(t *testing.T) {
	t.Parallel()
	s := New(Config{Mode: ModeText})
	defer s.Close()
	anth := map[string]any{"model": "m", "stream": true, "messages": []any{map[string]any{"role": "user", "content": "x"}}}
	oai := map[string]any{"model": "gpt-5", "stream": true, "input": []any{map[string]any{"type": "message", "role": "user", "content": "x"}}}
	gem := map[string]any{"contents": []any{map[string]any{"role": "user", "parts": []any{map[string]any{"text": "x"}}}}}
	tests := []struct {
		name, path string
		body       any
		mode       Mode
		status     int
		want       string // in the body
		header     string // must be set
	}{
		{"anthropic 429", "/v1/messages?beta=true", anth, ModeRateLimit, 429, `"type":"rate_limit_error"`, "retry-after"},
		{"anthropic credit", "/v1/messages", anth, ModeQuota, 400, "credit balance is too low", "request-id"},
		{"openai 429", "/v1/responses", oai, ModeRateLimit, 429, `"code":"rate_limit_exceeded"`, "retry-after"},
		{"openai usage limit", "/v1/responses", oai, ModeQuota, 429, `"type":"usage_limit_reached"`, ""},
		{"gemini per-minute", "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", gem, ModeRateLimit, 429, "PerMinute", ""},
		{"gemini daily", "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", gem, ModeQuota, 429, "PerDay", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, _, raw := post(t, s.URL()+tt.path, tt.body, ModeHeader, string(tt.mode))
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, raw)
			}
			if !strings.Contains(strings.ToLower(string(raw)), strings.ToLower(tt.want)) {
				t.Fatalf("body %s lacks %s", raw, tt.want)
			}
			if tt.header != "" && resp.Header.Get(tt.header) == "" {
				t.Fatalf("no %s header", tt.header)
			}
			var v map[string]any
			if err := json.Unmarshal(raw, &v); err != nil || obj(v["error"]) == nil {
				t.Fatalf("not a provider error object: %s", raw)
			}
		})
	}
}

func TestOpenAIResponsesStream(t *testing.T) {
	t.Parallel()
	s := New(Config{Mode: ModeTool, ToolFile: "/w/it's.txt"})
	defer s.Close()
	tools := []any{map[string]any{"type": "function", "name": "exec_command", "parameters": map[string]any{"type": "object",
		"properties": map[string]any{"cmd": map[string]any{"type": "string"}}}}}
	user := map[string]any{"type": "message", "role": "user", "content": []any{map[string]any{"type": "input_text", "text": "hi"}}}
	_, evs, _ := post(t, s.URL()+"/v1/responses", map[string]any{"model": "gpt-5", "stream": true, "tools": tools, "input": []any{user}})
	var call map[string]any
	for _, e := range evs {
		if e.name != str(e.data["type"]) {
			t.Fatalf("event name %q but type %q", e.name, e.data["type"])
		}
		if e.name == "response.output_item.done" {
			call = obj(e.data["item"])
		}
	}
	if str(call["type"]) != "function_call" || str(call["name"]) != "exec_command" {
		t.Fatalf("no function call: %v", call)
	}
	var args map[string]any
	_ = json.Unmarshal([]byte(str(call["arguments"])), &args)
	if args["cmd"] != `cat '/w/it'\''s.txt'` {
		t.Fatalf("cmd %q", args["cmd"])
	}
	if evs[len(evs)-1].name != "response.completed" {
		t.Fatalf("last event %s", evs[len(evs)-1].name)
	}

	out := map[string]any{"type": "function_call_output", "call_id": call["call_id"], "output": "SECRET-42\n"}
	_, evs, _ = post(t, s.URL()+"/v1/responses", map[string]any{"model": "gpt-5", "stream": true, "tools": tools, "input": []any{user, call, out}})
	last := obj(evs[len(evs)-1].data["response"])
	usage := obj(last["usage"])
	if usage["input_tokens"] != float64(InputTokens) || obj(usage["input_tokens_details"])["cached_tokens"] != float64(CachedTokens) {
		t.Fatalf("usage %v", usage)
	}
	var text string
	for _, e := range evs {
		if e.name == "response.output_text.delta" {
			text += str(e.data["delta"])
		}
	}
	if text != ToolAnswer {
		t.Fatalf("text %q", text)
	}
	if r := s.Requests()[1]; !r.ToolResult || r.ToolResultText != "SECRET-42\n" || r.APIKey != "" {
		t.Fatalf("recorded %+v", r)
	}
}

func TestGeminiStream(t *testing.T) {
	t.Parallel()
	s := New(Config{Mode: ModeTool, ToolFile: "/w/m.txt"})
	defer s.Close()
	tools := []any{map[string]any{"functionDeclarations": []any{map[string]any{"name": "read_file",
		"parametersJsonSchema": map[string]any{"type": "object", "properties": map[string]any{"file_path": map[string]any{"type": "string"}}}}}}}
	user := map[string]any{"role": "user", "parts": []any{map[string]any{"text": "hi"}}}
	url := s.URL() + "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse"
	_, evs, _ := post(t, url, map[string]any{"contents": []any{user}, "tools": tools}, "x-goog-api-key", "k")
	if len(evs) != 1 {
		t.Fatalf("%d chunks", len(evs))
	}
	cand := obj(arr(evs[0].data["candidates"])[0])
	fc := obj(obj(arr(obj(cand["content"])["parts"])[0])["functionCall"])
	if str(fc["name"]) != "read_file" || obj(fc["args"])["file_path"] != "/w/m.txt" {
		t.Fatalf("functionCall %v", fc)
	}
	model := map[string]any{"role": "model", "parts": []any{map[string]any{"functionCall": fc}}}
	resp := map[string]any{"role": "user", "parts": []any{map[string]any{"functionResponse": map[string]any{"id": fc["id"], "name": "read_file",
		"response": map[string]any{"output": "SECRET-42"}}}}}
	_, evs, _ = post(t, url, map[string]any{"contents": []any{user, model, resp}, "tools": tools})
	var text string
	for _, e := range evs {
		for _, p := range arr(obj(obj(arr(e.data["candidates"])[0])["content"])["parts"]) {
			text += str(obj(p)["text"])
		}
	}
	last := evs[len(evs)-1].data
	if text != ToolAnswer || obj(last["usageMetadata"])["promptTokenCount"] != float64(InputTokens) {
		t.Fatalf("text %q, last chunk %v", text, last)
	}
	if str(obj(arr(last["candidates"])[0])["finishReason"]) != "STOP" {
		t.Fatal("no finishReason on the last chunk")
	}
	// The routing classifier's non-streamed call gets plain JSON.
	r, _, raw := post(t, s.URL()+"/v1beta/models/gemini-flash-lite:generateContent", map[string]any{"contents": []any{user}})
	if r.StatusCode != 200 || !strings.Contains(string(raw), SideAnswer) {
		t.Fatalf("generateContent %d %s", r.StatusCode, raw)
	}
	reqs := s.Requests()
	if reqs[0].APIKey != "k" || reqs[0].Model != "gemini-2.5-pro" || !reqs[1].ToolResult || reqs[1].ToolResultText != "SECRET-42" {
		t.Fatalf("requests %+v", reqs)
	}
}

func TestUnknownRoutesAreRecorded(t *testing.T) {
	t.Parallel()
	s := New(Config{})
	defer s.Close()
	resp, _, _ := post(t, s.URL()+"/v1/chat/completions", map[string]any{})
	if resp.StatusCode != 404 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if r := s.Requests(); len(r) != 1 || r[0].Reply != "not_found" {
		t.Fatalf("%+v", r)
	}
}
