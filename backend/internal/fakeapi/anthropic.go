package fakeapi

import (
	"net/http"
	"strings"
	"time"
)

// anthropic serves POST /v1/messages (claude sends ?beta=true, opencode does not).
func (s *Server) anthropic(w http.ResponseWriter, r *http.Request) {
	rec := Request{API: "anthropic", Method: r.Method, Path: r.URL.RequestURI(), APIKey: apiKey(r), UserAgent: r.UserAgent()}
	if r.Method != http.MethodPost {
		rec.Reply = "not_found"
		s.record(rec)
		anthropicError(w, http.StatusMethodNotAllowed, "invalid_request_error", "fakeapi: POST only")
		return
	}
	body, err := readBody(r)
	if err != nil {
		rec.Reply = "bad_request"
		s.record(rec)
		anthropicError(w, http.StatusBadRequest, "invalid_request_error", "fakeapi: "+err.Error())
		return
	}
	rec.Texts = stringsIn(body, nil)
	rec.Model, rec.Stream = str(body["model"]), body["stream"] == true
	tools := declsFrom(arr(body["tools"]), "input_schema")
	rec.Tools = names(tools)
	rec.ToolResult, rec.ToolResultText = anthropicToolResult(arr(body["messages"]))
	mode, file, n := s.modeFor(r)
	d := decide(mode, tools, rec.ToolResult, file, "toolu_fake_"+n)
	rec.Reply = d.reply
	s.record(rec)

	switch d.reply {
	case "rate_limit":
		reset := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
		w.Header().Set("retry-after", "1")
		// Not sent by the real API: opencode honours it first and then retries in milliseconds
		// instead of seconds, which keeps the contract test short.
		w.Header().Set("retry-after-ms", "20")
		w.Header().Set("anthropic-ratelimit-requests-limit", "50")
		w.Header().Set("anthropic-ratelimit-requests-remaining", "0")
		w.Header().Set("anthropic-ratelimit-requests-reset", reset)
		anthropicError(w, http.StatusTooManyRequests, "rate_limit_error",
			"Number of request tokens has exceeded your per-minute rate limit (https://docs.claude.com/en/api/rate-limits); see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.")
		return
	case "quota":
		// What the API answers an API key whose prepaid credits are used up.
		anthropicError(w, http.StatusBadRequest, "invalid_request_error",
			"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.")
		return
	}
	msgID := "msg_fake_" + n
	if !rec.Stream {
		writeJSON(w, http.StatusOK, anthropicMessage(msgID, rec.Model, d))
		return
	}
	e := startSSE(w)
	e.event("message_start", map[string]any{"type": "message_start", "message": map[string]any{
		"id": msgID, "type": "message", "role": "assistant", "model": rec.Model, "content": []any{},
		"stop_reason": nil, "stop_sequence": nil,
		"usage": map[string]any{"input_tokens": InputTokens, "output_tokens": 1, "cache_creation_input_tokens": 0, "cache_read_input_tokens": CachedTokens},
	}})
	e.event("ping", map[string]any{"type": "ping"})
	stop := "end_turn"
	if d.call != nil {
		stop = "tool_use"
		e.event("content_block_start", map[string]any{"type": "content_block_start", "index": 0,
			"content_block": map[string]any{"type": "tool_use", "id": d.call.id, "name": d.call.name, "input": map[string]any{}}})
		js := d.call.inputJSON()
		half := len(js) / 2
		for _, part := range []string{js[:half], js[half:]} {
			e.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": 0,
				"delta": map[string]any{"type": "input_json_delta", "partial_json": part}})
		}
	} else {
		e.event("content_block_start", map[string]any{"type": "content_block_start", "index": 0,
			"content_block": map[string]any{"type": "text", "text": ""}})
		for _, c := range chunks(d.text()) {
			e.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": 0,
				"delta": map[string]any{"type": "text_delta", "text": c}})
		}
	}
	e.event("content_block_stop", map[string]any{"type": "content_block_stop", "index": 0})
	e.event("message_delta", map[string]any{"type": "message_delta",
		"delta": map[string]any{"stop_reason": stop, "stop_sequence": nil},
		"usage": map[string]any{"output_tokens": OutputTokens}})
	e.event("message_stop", map[string]any{"type": "message_stop"})
}

// anthropicMessage is a complete (non-streamed) reply.
func anthropicMessage(id, model string, d decision) map[string]any {
	content := []any{map[string]any{"type": "text", "text": d.text()}}
	stop := "end_turn"
	if d.call != nil {
		content = []any{map[string]any{"type": "tool_use", "id": d.call.id, "name": d.call.name, "input": d.call.input}}
		stop = "tool_use"
	}
	return map[string]any{"id": id, "type": "message", "role": "assistant", "model": model, "content": content,
		"stop_reason": stop, "stop_sequence": nil,
		"usage": map[string]any{"input_tokens": InputTokens, "output_tokens": OutputTokens, "cache_creation_input_tokens": 0, "cache_read_input_tokens": CachedTokens}}
}

func anthropicError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("request-id", "req_fake")
	writeJSON(w, status, map[string]any{"type": "error", "error": map[string]any{"type": typ, "message": msg}})
}

// anthropicToolResult reports whether the last message is a user turn carrying a tool result
// for one of the fake's calls, and its text.
func anthropicToolResult(msgs []any) (bool, string) {
	if len(msgs) == 0 {
		return false, ""
	}
	last := obj(msgs[len(msgs)-1])
	if str(last["role"]) != "user" {
		return false, ""
	}
	for _, b := range arr(last["content"]) {
		blk := obj(b)
		if str(blk["type"]) == "tool_result" && strings.HasPrefix(str(blk["tool_use_id"]), "toolu_fake_") {
			return true, resultText(blk["content"])
		}
	}
	return false, ""
}
