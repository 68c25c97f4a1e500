package restapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// encodedList is a response body kept for as long as the data it encodes is unchanged, with its
// entity tag. Encoding the trigger list (about 90 KB with 100 triggers) costs more CPU than
// everything else in serving it from the cache, and a client that sends If-None-Match gets 304
// without a body at all.
type encodedList struct {
	mu      sync.Mutex
	version uint64 // the trigger.Listing version body encodes; 0 = nothing yet
	body    []byte
	etag    string
}

// get returns the body and ETag for version, encoding v only when version moved.
func (e *encodedList) get(version uint64, v any) ([]byte, string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.version == version && e.body != nil {
		return e.body, e.etag, nil
	}
	var buf bytes.Buffer
	// The same encoding as echo's c.JSON (a json.Encoder, so with its trailing newline): a
	// cached answer is byte for byte what an uncached one was.
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(buf.Bytes())
	e.version, e.body = version, buf.Bytes()
	// A strong tag from the content: the same list has the same tag across restarts.
	e.etag = `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
	return e.body, e.etag, nil
}

// sendTagged answers body with its ETag, or 304 Not Modified when the client already holds it.
// no-cache lets clients store the answer but makes them ask again, with If-None-Match, each time.
func sendTagged(c echo.Context, body []byte, etag string) error {
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	if matchesETag(c.Request().Header.Values("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
}

// matchesETag implements If-None-Match's weak comparison: "*" or any listed tag equal to etag
// once a W/ prefix is dropped.
func matchesETag(headers []string, etag string) bool {
	for _, h := range headers {
		for tag := range strings.SplitSeq(h, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == "*" || tag == etag {
				return true
			}
		}
	}
	return false
}
