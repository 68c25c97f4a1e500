package fakeapi

import (
	"net/http"
	"strings"
	"time"
)

// openai serves POST /v1/responses, the Responses API codex streams from.
func (s *Server) openai(w http.ResponseWriter, r *http.Request) {
	rec := Request{API: "openai", Method: r.Method, Path: r.URL.RequestURI(), APIKey: apiKey(r), UserAgent: r.UserAgent()}
	if r.Method != http.MethodPost {
		// codex probes a WebSocket upgrade here unless the provider sets supports_websockets=false.
		rec.Reply = "not_found"
		s.record(rec)
		openaiError(w, http.StatusMethodNotAllowed, "invalid_request_error", "invalid_request_error", "fakeapi: POST only")
		return
	}
	body, err := readBody(r)
	if err != nil {
		rec.Reply = "bad_request"
		s.record(rec)
		openaiError(w, http.StatusBadRequest, "invalid_request_error", "invalid_request_error", "fakeapi: "+err.Error())
		return
	}
	rec.Texts = stringsIn(body, nil)
	rec.Model, rec.Stream = str(body["model"]), body["stream"] == true
	tools := declsFrom(arr(body["tools"]), "parameters")
	rec.Tools = names(tools)
	rec.ToolResult, rec.ToolResultText = openaiToolResult(arr(body["input"]))
	mode, file, n := s.modeFor(r)
	d := decide(mode, tools, rec.ToolResult, file, "call_fake_"+n)
	rec.Reply = d.reply
	s.record(rec)

	switch d.reply {
	case "rate_limit":
		w.Header().Set("retry-after", "1")
		w.Header().Set("x-ratelimit-remaining-requests", "0")
		w.Header().Set("x-ratelimit-reset-requests", "1s")
		openaiError(w, http.StatusTooManyRequests, "rate_limit_exceeded", "rate_limit_exceeded",
			"Rate limit reached for "+rec.Model+" in organization org-fake on tokens per min (TPM): Limit 30000, Used 30000, Requested 100. Please try again in 1s.")
		return
	case "quota":
		// The ChatGPT-plan usage limit, the quota codex users actually hit.
		reset := time.Now().Add(time.Hour).Unix()
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": map[string]any{
			"type": "usage_limit_reached", "message": "The usage limit has been reached", "plan_type": "plus",
			"resets_at": reset, "resets_in_seconds": 3600,
		}})
		return
	}
	respID, itemID := "resp_fake_"+n, "msg_fake_"+n
	var item map[string]any
	if d.call != nil {
		item = map[string]any{"type": "function_call", "id": "fc_fake_" + n, "call_id": d.call.id, "name": d.call.name,
			"arguments": d.call.inputJSON(), "status": "completed"}
	} else {
		item = map[string]any{"type": "message", "id": itemID, "status": "completed", "role": "assistant",
			"content": []any{map[string]any{"type": "output_text", "text": d.text(), "annotations": []any{}}}}
	}
	usage := map[string]any{
		"input_tokens": InputTokens, "input_tokens_details": map[string]any{"cached_tokens": CachedTokens},
		"output_tokens": OutputTokens, "output_tokens_details": map[string]any{"reasoning_tokens": 0},
		"total_tokens": InputTokens + OutputTokens,
	}
	response := func(status string, output []any, usage any) map[string]any {
		return map[string]any{"id": respID, "object": "response", "created_at": time.Now().Unix(), "status": status,
			"model": rec.Model, "output": output, "usage": usage}
	}
	if !rec.Stream {
		writeJSON(w, http.StatusOK, response("completed", []any{item}, usage))
		return
	}
	e := startSSE(w)
	seq := 0
	ev := func(typ string, fields map[string]any) {
		fields["type"], fields["sequence_number"] = typ, seq
		seq++
		e.event(typ, fields)
	}
	ev("response.created", map[string]any{"response": response("in_progress", []any{}, nil)})
	ev("response.in_progress", map[string]any{"response": response("in_progress", []any{}, nil)})
	if d.call != nil {
		added := map[string]any{}
		for k, v := range item {
			added[k] = v
		}
		added["arguments"], added["status"] = "", "in_progress"
		ev("response.output_item.added", map[string]any{"output_index": 0, "item": added})
		ev("response.function_call_arguments.delta", map[string]any{"item_id": item["id"], "output_index": 0, "delta": d.call.inputJSON()})
		ev("response.function_call_arguments.done", map[string]any{"item_id": item["id"], "output_index": 0, "arguments": d.call.inputJSON()})
	} else {
		ev("response.output_item.added", map[string]any{"output_index": 0, "item": map[string]any{
			"type": "message", "id": itemID, "status": "in_progress", "role": "assistant", "content": []any{}}})
		ev("response.content_part.added", map[string]any{"item_id": itemID, "output_index": 0, "content_index": 0,
			"part": map[string]any{"type": "output_text", "text": "", "annotations": []any{}}})
		for _, c := range chunks(d.text()) {
			ev("response.output_text.delta", map[string]any{"item_id": itemID, "output_index": 0, "content_index": 0, "delta": c})
		}
		ev("response.output_text.done", map[string]any{"item_id": itemID, "output_index": 0, "content_index": 0, "text": d.text()})
		ev("response.content_part.done", map[string]any{"item_id": itemID, "output_index": 0, "content_index": 0,
			"part": map[string]any{"type": "output_text", "text": d.text(), "annotations": []any{}}})
	}
	ev("response.output_item.done", map[string]any{"output_index": 0, "item": item})
	ev("response.completed", map[string]any{"response": response("completed", []any{item}, usage)})
}

func openaiError(w http.ResponseWriter, status int, typ, code, msg string) {
	w.Header().Set("x-request-id", "req_fake")
	writeJSON(w, status, map[string]any{"error": map[string]any{"type": typ, "code": code, "message": msg, "param": nil}})
}

// openaiToolResult reports whether the input ends with the output of one of the fake's calls
// (codex may append nothing after it), and its text.
func openaiToolResult(input []any) (bool, string) {
	for i := len(input) - 1; i >= 0; i-- {
		it := obj(input[i])
		switch str(it["type"]) {
		case "function_call_output", "custom_tool_call_output":
			if strings.HasPrefix(str(it["call_id"]), "call_fake_") {
				return true, resultText(it["output"])
			}
			return false, ""
		case "function_call", "reasoning", "custom_tool_call":
			continue // the call itself, echoed back before its output
		default:
			return false, ""
		}
	}
	return false, ""
}
