package audit

import (
	"encoding/json"
	"testing"
)

func TestDiff(t *testing.T) {
	t.Parallel()
	type acct struct {
		Name      string            `json:"name"`
		APIKey    string            `json:"apiKey"`
		HasSecret bool              `json:"hasSecret"`
		Tokens    int               `json:"inputTokens"`
		Env       map[string]string `json:"env"`
	}
	tests := []struct {
		name          string
		before, after any
		want          string
	}{
		{"creation lists every field, secrets redacted", nil, acct{Name: "a", APIKey: "sk-1", HasSecret: true, Tokens: 3},
			`{"apiKey":{"before":null,"after":"[redacted]"},"env":{"before":null,"after":null},"hasSecret":{"before":null,"after":true},"inputTokens":{"before":null,"after":3},"name":{"before":null,"after":"a"}}`},
		{"only changed fields; a changed secret shows as changed", acct{Name: "a", APIKey: "sk-1"}, acct{Name: "a", APIKey: "sk-2"},
			`{"apiKey":{"before":"[redacted]","after":"[redacted]"}}`},
		{"a secret cleared shows empty after", acct{APIKey: "sk-1"}, acct{},
			`{"apiKey":{"before":"[redacted]","after":""}}`},
		{"nested secrets are redacted", acct{Env: map[string]string{"GITHUB_TOKEN": "ghp_x", "HOME": "/h"}}, acct{},
			`{"env":{"before":{"GITHUB_TOKEN":"[redacted]","HOME":"/h"},"after":null}}`},
		{"deletion", map[string]any{"id": "x", "webhookSecret": "s"}, nil,
			`{"id":{"before":"x","after":null},"webhookSecret":{"before":"[redacted]","after":null}}`},
		{"non-objects compare whole", []int{1}, []int{2}, `{"value":{"before":[1],"after":[2]}}`},
		{"no change", acct{Name: "a"}, acct{Name: "a"}, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := json.Marshal(Diff(tt.before, tt.after))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("Diff =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestIsSecretField(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"apiKey": true, "key": true, "webhookSecret": true, "GITHUB_TOKEN": true, "password": true, "dsn": true,
		"inputTokens": false, "keyword": false, "apiKeyEnv": false, "name": false, "hasApiKey": true,
	} {
		if got := IsSecretField(name); got != want {
			t.Errorf("IsSecretField(%q) = %v, want %v", name, got, want)
		}
	}
}
