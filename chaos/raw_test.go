//go:build unix

package chaos

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// rawResult is what a raw-socket client saw: the response, if one came, and how the connection
// ended.
type rawResult struct {
	status int
	body   string
	err    error // reading the response failed: reset or closed without an answer
}

// rawRequest writes head, then body from a goroutine (write errors are expected when the server
// refuses early and closes), and reads one response. Reading and writing run at the same time,
// as a real client's would, so a server that answers before reading the whole body is seen.
func rawRequest(addr, head string, body io.Reader, timeout time.Duration) rawResult {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return rawResult{err: err}
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(timeout))
	go func() {
		if _, err := io.WriteString(conn, head); err != nil {
			return
		}
		if body != nil {
			_, _ = io.Copy(conn, body)
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return rawResult{err: err}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return rawResult{status: resp.StatusCode, body: string(b)}
}

// requestHead builds a request head; extra are full header lines without CRLF.
func requestHead(method, path, host string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, path, host)
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	return b.String()
}

// chunked wraps r in HTTP/1.1 chunked encoding (64 KiB chunks and the final empty one).
func chunked(r io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				if _, werr := fmt.Fprintf(pw, "%x\r\n%s\r\n", n, buf[:n]); werr != nil {
					pw.CloseWithError(werr)
					return
				}
			}
			if err != nil {
				_, _ = io.WriteString(pw, "0\r\n\r\n")
				pw.Close()
				return
			}
		}
	}()
	return pr
}

// filler is an endless reader of 'a' bytes; wrap it in io.LimitReader.
type filler struct{}

func (filler) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}
