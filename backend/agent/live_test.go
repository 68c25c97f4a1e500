package agent

import "testing"

// Live usage grows while a run streams, before any final event, for every backend that reports
// steps: that is what the max-cost, max-turns and budget guards act on.
func TestLiveUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		backend string
		lines   []string
		turns   int
		input   int64
		costUSD float64
	}{
		{"claude counts one turn per message id, not per content block", Claude, []string{
			`{"type":"system","subtype":"init","model":"claude-sonnet-5","session_id":"s"}`,
			`{"type":"assistant","message":{"id":"msg_1","type":"message","content":[{"type":"text","text":"a \"usage\":{ b"}],"usage":{"input_tokens":10,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":5}},"session_id":"s"}`,
			`{"type":"assistant","message":{"id":"msg_1","type":"message","content":[{"type":"tool_use","name":"Read","input":{"usage":{"input_tokens":999}}}],"usage":{"input_tokens":10,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":5}},"session_id":"s"}`,
			`{"type":"user","message":{"content":[{"type":"tool_result","content":"x"}]}}`,
			`{"type":"assistant","message":{"id":"msg_2","type":"message","content":[{"type":"text","text":"done"}],"usage":{"input_tokens":20,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}},"session_id":"s"}`,
		}, 2, 35, 0},
		{"claude's message id found wherever the event puts it", Claude, []string{
			`{"type":"assistant","message":{"id":"msg_1","content":[],"usage":{"input_tokens":10}}}`,
			`{"type":"assistant","session_id":"s","message":{"id":"msg_2","content":[],"usage":{"input_tokens":20}}}`,
			`{"message":{"id":"msg_2","content":[]},"type":"assistant"}`,
			`{"type":"assistant","message":{"content":[],"id":"msg_3"}}`,
		}, 2, 30, 0},
		{"codex sums turn usage", Codex, []string{
			`{"type":"thread.started","thread_id":"t"}`,
			`{"type":"turn.started"}`,
			`{"type":"turn.completed","usage":{"input_tokens":50,"cached_input_tokens":5,"output_tokens":18}}`,
			`{"type":"turn.started"}`,
		}, 2, 50, 0},
		{"opencode sums step cost", OpenCode, []string{
			`{"type":"step_start","sessionID":"s","part":{}}`,
			`{"type":"step_finish","sessionID":"s","part":{"tokens":{"input":12,"output":7,"reasoning":0,"cache":{"read":0,"write":0}},"cost":0.25}}`,
			`{"type":"step_finish","sessionID":"s","part":{"tokens":{"input":8,"output":7,"reasoning":0,"cache":{"read":0,"write":0}},"cost":0.5}}`,
		}, 2, 20, 0.75},
		{"an unknown backend reports nothing", "other", []string{"hello"}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := NewParser(tt.backend)
			data := ""
			for _, l := range tt.lines {
				data += l + "\n"
			}
			Feed(p, 1, "stdout", []byte(data))
			u := Live(p)
			if u.Turns != tt.turns || u.InputTokens != tt.input || u.CostUSD != tt.costUSD {
				t.Fatalf("live = %+v, want turns %d input %d cost %v", u, tt.turns, tt.input, tt.costUSD)
			}
		})
	}
}
