package fakeapi

import (
	"net/http"
	"strings"
)

// gemini serves POST /v1beta/models/<model>:streamGenerateContent?alt=sse and
// :generateContent (gemini's routing and next-speaker side calls, not streamed).
func (s *Server) gemini(w http.ResponseWriter, r *http.Request) {
	rec := Request{API: "gemini", Method: r.Method, Path: r.URL.RequestURI(), APIKey: apiKey(r), UserAgent: r.UserAgent()}
	model, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/v1beta/models/"), ":")
	rec.Model = model
	if r.Method != http.MethodPost || (method != "streamGenerateContent" && method != "generateContent") {
		rec.Reply = "not_found"
		s.record(rec)
		geminiError(w, http.StatusNotFound, "NOT_FOUND", "fakeapi: no such method "+method, nil)
		return
	}
	rec.Stream = method == "streamGenerateContent"
	body, err := readBody(r)
	if err != nil {
		rec.Reply = "bad_request"
		s.record(rec)
		geminiError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "fakeapi: "+err.Error(), nil)
		return
	}
	rec.Texts = stringsIn(body, nil)
	var tools []toolDecl
	for _, t := range arr(body["tools"]) {
		tools = append(tools, declsFrom(arr(obj(t)["functionDeclarations"]), "parametersJsonSchema", "parameters")...)
	}
	rec.Tools = names(tools)
	rec.ToolResult, rec.ToolResultText = geminiToolResult(arr(body["contents"]))
	mode, file, n := s.modeFor(r)
	d := decide(mode, tools, rec.ToolResult, file, "fake_"+n)
	rec.Reply = d.reply
	s.record(rec)

	switch d.reply {
	case "rate_limit":
		// A per-minute quota with a short retry delay: gemini retries it (quickly) and then
		// gives up with the rate-limit error, instead of backing off for minutes.
		geminiError(w, http.StatusTooManyRequests, "RESOURCE_EXHAUSTED",
			"Resource has been exhausted (e.g. check quota). Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_requests, limit: 60, model: "+model+". Please retry in 0.1s.",
			[]any{
				map[string]any{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": []any{map[string]any{
					"quotaMetric":     "generativelanguage.googleapis.com/generate_content_requests",
					"quotaId":         "GenerateRequestsPerMinutePerProjectPerModel",
					"quotaDimensions": map[string]any{"location": "global", "model": model},
					"quotaValue":      "60",
				}}},
				map[string]any{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0.1s"},
			})
		return
	case "quota":
		geminiError(w, http.StatusTooManyRequests, "RESOURCE_EXHAUSTED",
			"You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 50, model: "+model+"\nPlease retry in 20h0m0s.",
			[]any{
				map[string]any{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": []any{map[string]any{
					"quotaMetric":     "generativelanguage.googleapis.com/generate_content_free_tier_requests",
					"quotaId":         "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
					"quotaDimensions": map[string]any{"location": "global", "model": model},
					"quotaValue":      "50",
				}}},
				map[string]any{"@type": "type.googleapis.com/google.rpc.Help", "links": []any{map[string]any{
					"description": "Learn more about Gemini API quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}}},
				map[string]any{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "72000s"},
			})
		return
	}
	usage := map[string]any{"promptTokenCount": InputTokens, "candidatesTokenCount": OutputTokens,
		"totalTokenCount": InputTokens + OutputTokens, "cachedContentTokenCount": CachedTokens}
	candidate := func(parts []any, final bool) map[string]any {
		c := map[string]any{"content": map[string]any{"role": "model", "parts": parts}, "index": 0}
		if final {
			c["finishReason"] = "STOP"
		}
		return c
	}
	chunk := func(parts []any, final bool) map[string]any {
		m := map[string]any{"candidates": []any{candidate(parts, final)}, "modelVersion": model, "responseId": "resp_fake_" + n}
		if final {
			m["usageMetadata"] = usage
		}
		return m
	}
	var parts [][]any
	if d.call != nil {
		parts = [][]any{{map[string]any{"functionCall": map[string]any{"id": d.call.id, "name": d.call.name, "args": d.call.input}}}}
	} else {
		for _, c := range chunks(d.text()) {
			parts = append(parts, []any{map[string]any{"text": c}})
		}
	}
	if !rec.Stream {
		var all []any
		for _, p := range parts {
			all = append(all, p...)
		}
		if d.call == nil {
			all = []any{map[string]any{"text": d.text()}}
		}
		writeJSON(w, http.StatusOK, chunk(all, true))
		return
	}
	e := startSSE(w)
	for i, p := range parts {
		e.event("", chunk(p, i == len(parts)-1))
	}
}

func geminiError(w http.ResponseWriter, status int, st, msg string, details []any) {
	if details == nil {
		details = []any{}
	}
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": status, "message": msg, "status": st, "details": details}})
}

// geminiToolResult reports whether the last content is a user turn with a functionResponse to
// one of the fake's calls, and its text.
func geminiToolResult(contents []any) (bool, string) {
	if len(contents) == 0 {
		return false, ""
	}
	last := obj(contents[len(contents)-1])
	if str(last["role"]) != "user" {
		return false, ""
	}
	for _, p := range arr(last["parts"]) {
		fr := obj(obj(p)["functionResponse"])
		if fr == nil {
			continue
		}
		if id := str(fr["id"]); id != "" && !strings.HasPrefix(id, "fake_") {
			continue
		}
		resp := obj(fr["response"])
		if out, ok := resp["output"]; ok {
			return true, resultText(out)
		}
		if e, ok := resp["error"]; ok {
			return true, resultText(e)
		}
		return true, resultText(resp)
	}
	return false, ""
}
