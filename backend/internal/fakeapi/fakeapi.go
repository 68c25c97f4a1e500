// Package fakeapi serves fake model APIs over HTTP for the contract tests that run the real agent
// CLIs offline: the Anthropic Messages API (claude, opencode), the OpenAI Responses API (codex)
// and the Gemini API (gemini), all streamed as server-sent events the way the real services do.
//
// One Server speaks all three protocols, routed by path, so a test points any CLI at its URL.
// Its Mode decides the answer: a plain text answer with usage, a tool call the CLI really
// executes followed by a final answer once the tool result comes back, a rate-limit error or a
// quota error, each in the provider's own error shape. Every request is recorded, so a test can
// check that the CLI ran the tool and sent its output back.
package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Mode is how the fake answers a model request.
type Mode string

// Modes.
const (
	ModeText      Mode = "text"      // a plain answer with usage
	ModeTool      Mode = "tool"      // first a tool call, then (once the result is back) a final answer
	ModeRateLimit Mode = "ratelimit" // HTTP 429, the provider's rate-limit error, retry-after
	ModeQuota     Mode = "quota"     // the provider's quota / usage-limit exhausted error
	// ModeWriteQuota first makes the CLI write ToolFile (its file-writing tool), then answers
	// the request that carries the tool's result with the quota error: an attempt that changed
	// the working directory before it hit its limit.
	ModeWriteQuota Mode = "write-quota"
)

// WrittenText is what ModeWriteQuota's tool call writes into ToolFile.
const WrittenText = "written by the fake model API\n"

// ModeHeader overrides the server's mode for one request.
const ModeHeader = "X-Fakeapi-Mode"

// Texts the fake answers with; tests look for them in transcripts.
const (
	Answer     = "Hello from the fake model API."
	ToolAnswer = "I read the file with the tool; the fake model API is done."
	SideAnswer = "Fake title" // side requests: session titles and the like (no tools offered)
)

// Usage the fake reports for every answer (claude and opencode price it client-side).
const (
	InputTokens  = 12
	OutputTokens = 7
	CachedTokens = 4
)

// Request is what the fake saw of one model request.
type Request struct {
	API            string // "anthropic" | "openai" | "gemini"
	Method         string
	Path           string // with the query string
	Model          string
	Stream         bool
	Tools          []string // names of the tools the CLI offered
	APIKey         string   // x-api-key, bearer token or x-goog-api-key
	UserAgent      string
	ToolResult     bool     // the last message carries the result of the fake's tool call
	ToolResultText string   // that result's text
	Reply          string   // what the fake answered: text | tool_call | final | side | rate_limit | quota | probe | not_found
	Texts          []string // every string value of the JSON body (the prompt is one of them, or inside one)
}

// Contains says whether some string of the request body contains s: whether the CLI sent it.
func (r Request) Contains(s string) bool {
	for _, t := range r.Texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// Config sets up a Server.
type Config struct {
	Mode Mode
	// ToolFile is the absolute path the tool call reads (read tool) or cats (shell tool). Put it
	// in the run's working directory so no CLI asks for an outside-directory permission.
	ToolFile string
}

// Server is a running fake model API.
type Server struct {
	srv *httptest.Server

	mu       sync.Mutex
	cfg      Config
	requests []Request
	calls    int // tool calls handed out, for unique ids
}

// New starts a fake API on a random local port; Close it when done.
func New(cfg Config) *Server {
	if cfg.Mode == "" {
		cfg.Mode = ModeText
	}
	s := &Server{cfg: cfg}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/messages", s.anthropic)
	mux.HandleFunc("/v1/responses", s.openai)
	mux.HandleFunc("/v1beta/models/", s.gemini)
	mux.HandleFunc("/", s.notFound)
	s.srv = httptest.NewServer(mux)
	return s
}

// URL is the server's base URL, e.g. http://127.0.0.1:41234 (no trailing slash).
func (s *Server) URL() string { return s.srv.URL }

// Close stops the server; in-flight streams are cut.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// SetMode changes the mode for the requests that follow.
func (s *Server) SetMode(m Mode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.Mode = m
}

// SetToolFile changes the file the tool call reads.
func (s *Server) SetToolFile(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.ToolFile = path
}

// Requests returns a copy of every request recorded so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Summary is a one-line-per-request description for test failure messages.
func (s *Server) Summary() string {
	var b strings.Builder
	for i, r := range s.Requests() {
		fmt.Fprintf(&b, "  #%d %s %s model=%s tools=%d toolResult=%v reply=%s\n", i+1, r.Method, r.Path, r.Model, len(r.Tools), r.ToolResult, r.Reply)
	}
	if b.Len() == 0 {
		return "  (no requests)\n"
	}
	return b.String()
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
}

// modeFor returns the mode of one request (header override first), the tool file and a fresh
// tool-call id.
func (s *Server) modeFor(r *http.Request) (Mode, string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.cfg.Mode
	if h := r.Header.Get(ModeHeader); h != "" {
		m = Mode(h)
	}
	s.calls++
	return m, s.cfg.ToolFile, fmt.Sprintf("%d", s.calls)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead && r.URL.Path == "/" {
		// claude checks that the base URL answers before its first request.
		s.record(Request{API: "probe", Method: r.Method, Path: r.URL.RequestURI(), UserAgent: r.UserAgent(), Reply: "probe"})
		w.WriteHeader(http.StatusOK)
		return
	}
	s.record(Request{API: "unknown", Method: r.Method, Path: r.URL.RequestURI(), UserAgent: r.UserAgent(), Reply: "not_found"})
	writeJSON(w, http.StatusNotFound, map[string]any{"error": map[string]any{"type": "not_found_error", "message": "fakeapi: no route for " + r.URL.Path}})
}

// decision is what to answer to a model request.
type decision struct {
	reply string // text | tool_call | final | side | rate_limit | quota
	call  *toolCall
}

// decide picks the answer from the mode and the conversation so far.
func decide(m Mode, tools []toolDecl, sawResult bool, file, id string) decision {
	switch m {
	case ModeRateLimit:
		return decision{reply: "rate_limit"}
	case ModeQuota:
		return decision{reply: "quota"}
	case ModeWriteQuota:
		if sawResult {
			return decision{reply: "quota"}
		}
		if len(tools) == 0 {
			return decision{reply: "side"}
		}
		if c := pickWriteTool(tools, file, id); c != nil {
			return decision{reply: "tool_call", call: c}
		}
		return decision{reply: "quota"}
	}
	if len(tools) == 0 {
		return decision{reply: "side"}
	}
	if m != ModeTool {
		return decision{reply: "text"}
	}
	if sawResult {
		return decision{reply: "final"}
	}
	if c := pickTool(tools, file, id); c != nil {
		return decision{reply: "tool_call", call: c}
	}
	return decision{reply: "text"}
}

// text returns the answer text of a text-like reply.
func (d decision) text() string {
	switch d.reply {
	case "final":
		return ToolAnswer
	case "side":
		return SideAnswer
	}
	return Answer
}

// chunks splits an answer into a few stream deltas, as a real model streams it.
func chunks(s string) []string {
	words := strings.SplitAfter(s, " ")
	var out []string
	for i := 0; i < len(words); i += 3 {
		out = append(out, strings.Join(words[i:min(i+3, len(words))], ""))
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// sse writes server-sent events and flushes each one.
type sse struct {
	w http.ResponseWriter
	f http.Flusher
}

func startSSE(w http.ResponseWriter) *sse {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	return &sse{w: w, f: f}
}

// event writes one event; name "" writes a data-only event (Gemini's style).
func (e *sse) event(name string, data any) {
	b, _ := json.Marshal(data)
	if name != "" {
		fmt.Fprintf(e.w, "event: %s\n", name)
	}
	fmt.Fprintf(e.w, "data: %s\n\n", b)
	if e.f != nil {
		e.f.Flush()
	}
}

// readBody decodes a JSON request body into a generic map.
func readBody(r *http.Request) (map[string]any, error) {
	var body map[string]any
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 64<<20))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		return nil, err
	}
	return body, nil
}

// stringsIn appends every string value inside decoded JSON to out.
func stringsIn(v any, out []string) []string {
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case map[string]any:
		for _, x := range v {
			out = stringsIn(x, out)
		}
	case []any:
		for _, x := range v {
			out = stringsIn(x, out)
		}
	}
	return out
}

// Small accessors over decoded JSON.
func str(v any) string {
	s, _ := v.(string)
	return s
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func arr(v any) []any {
	a, _ := v.([]any)
	return a
}

// apiKey finds the key a CLI sent, whichever header its provider uses.
func apiKey(r *http.Request) string {
	if k := r.Header.Get("x-api-key"); k != "" {
		return k
	}
	if k := r.Header.Get("x-goog-api-key"); k != "" {
		return k
	}
	if k := r.URL.Query().Get("key"); k != "" {
		return k
	}
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}
