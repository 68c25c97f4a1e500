package trigger

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The editor stops each field at Go's cap through maxlength, from a copy of the caps in the
// frontend's constants. This reads that file and fails when a number drifts from the Go one.
func TestFrontendMirrorsFieldCaps(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("..", "..", "frontend", "src", "constants", "triggers.ts"))
	if err != nil {
		t.Fatal(err)
	}
	body := string(src)
	start := strings.Index(body, "export const TriggerTextLimits = {")
	end := strings.Index(body[start:], "}")
	if start < 0 || end < 0 {
		t.Fatal("TriggerTextLimits not found in frontend/src/constants/triggers.ts")
	}
	ts := map[string]int{}
	for _, m := range regexp.MustCompile(`(\w+):\s*([\d_]+)`).FindAllStringSubmatch(body[start:start+end], -1) {
		n, err := strconv.Atoi(strings.ReplaceAll(m[2], "_", ""))
		if err != nil {
			t.Fatalf("%s: %v", m[1], err)
		}
		ts[m[1]] = n
	}
	want := map[string]int{
		"name": MaxNameLen, "description": MaxDescriptionLen, "promptTemplate": MaxTemplateLen,
		"skillCommand": MaxSkillCommandLen, "model": MaxModelLen, "allowedTools": MaxAllowedToolsLen,
		"matchFieldPath": MaxFieldPathLen, "matchFieldValue": MaxMatchValueLen, "textFieldPath": MaxFieldPathLen,
		"detectionKeyword": MaxDetectionKeywordLen, "githubRepoFilter": MaxRepoFilterLen,
		"githubEvents": MaxGitHubEventsLen, "scheduleCron": MaxScheduleCronLen, "scheduleTime": MaxScheduleTimeLen,
		"path": MaxPathLen, "sample": MaxSampleLen,
	}
	for name, n := range want {
		if got, ok := ts[name]; !ok || got != n {
			t.Errorf("TriggerTextLimits.%s = %d (present %v), Go allows %d", name, got, ok, n)
		}
	}
	if m := regexp.MustCompile(`MaxLinkedPaths = (\d+)`).FindStringSubmatch(body); m == nil || m[1] != strconv.Itoa(MaxPaths) {
		t.Errorf("MaxLinkedPaths = %v, Go allows %d", m, MaxPaths)
	}
}
