package agent

import (
	"fmt"
	"strings"
	"testing"
)

// However much a CLI prints, a parser keeps bounded text.
func TestParserBoundedText(t *testing.T) {
	t.Parallel()
	chunk := strings.Repeat("x", 1000)
	tests := []struct {
		backend string
		line    string
	}{
		{Gemini, `{"type":"message","role":"assistant","content":"` + chunk + `","delta":true}`},
		{OpenCode, `{"type":"text","sessionID":"s","part":{"type":"text","text":"` + chunk + `"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.backend, func(t *testing.T) {
			t.Parallel()
			p := NewParser(tt.backend)
			for i := range 2000 { // 2 MB of text, 30 times the bound
				p.Line(int64(i), "stdout", tt.line)
				p.Line(int64(i), "stdout", "noise "+chunk)
				p.Line(int64(i), "stderr", "warn "+chunk+chunk)
			}
			out := p.Finish(1)
			if n := len(out.Usage.ResultText); n > resultTextMax+64 || n < resultTextMax/2 {
				t.Errorf("result text %d bytes", n)
			}
			if out.Failure == nil || len(out.Failure.Evidence) > evidenceMax+8 {
				t.Errorf("failure %+v", out.Failure)
			}
		})
	}
}

// A lone "{" line that never closes must not swallow the rest of gemini's output.
func TestGeminiPrettyObjectBounded(t *testing.T) {
	t.Parallel()
	p := NewParser(Gemini)
	p.Line(1, "stdout", "{")
	for i := range 5000 {
		p.Line(int64(i+2), "stdout", fmt.Sprintf(`  "k%d": "%s",`, i, strings.Repeat("y", 1000)))
	}
	p.Line(9000, "stdout", `{"type":"result","status":"success","stats":{"input_tokens":3,"output_tokens":4}}`)
	out := p.Finish(0)
	if out.Success == nil || !*out.Success || out.Usage.OutputTokens != 4 {
		t.Fatalf("outcome %+v", out)
	}
}

func BenchmarkClaudeParser(b *testing.B) {
	line := `{"type":"assistant","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-5","content":[{"type":"text","text":"` + strings.Repeat("lorem ipsum ", 20) + `"}],"usage":{"input_tokens":12,"output_tokens":1}},"parent_tool_use_id":null,"session_id":"s"}`
	b.SetBytes(int64(len(line)))
	p := NewParser(Claude)
	for i := 0; b.Loop(); i++ {
		p.Line(int64(i), "stdout", line)
	}
}

func BenchmarkRawLines(b *testing.B) {
	line := "line 123456 t=1795651163951000000"
	b.SetBytes(int64(len(line)))
	p := NewParser(Codex)
	for i := 0; b.Loop(); i++ {
		p.Line(int64(i), "stdout", line)
	}
}
