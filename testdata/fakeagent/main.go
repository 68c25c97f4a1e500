// Command fakeagent imitates the four agent CLIs (claude, codex, gemini, opencode) for the
// engine's tests. Build it once and link or copy it under the CLI's name: it picks the CLI
// from filepath.Base(os.Args[0]), checks its argv the way the real CLI does (same error texts
// and exit codes, same --version), and prints that CLI's real output shape on the real
// streams. FAKEAGENT_MODE picks the behaviour:
//
//	auto         (the default) the prompt picks one of the modes below with a marker such as
//	             [fake:hang] or [fake:lines:300:60]; no marker means success (see auto.go)
//	success      short transcript: text (one line holds the word "zebracorn", for searches),
//	             a tool call and its result, final usage and cost
//	auth         the CLI's not-logged-in / bad-key failure
//	ratelimit    a rate-limit or quota failure with a reset time in the CLI's wording
//	             (FAKEAGENT_RESET_IN seconds from now, default 3600); claude reports
//	             FAKEAGENT_LIMIT_COST dollars (and 1000/100 tokens) spent before it, when set
//	flood        FAKEAGENT_BYTES bytes (default 100 MB) of text events, then the result
//	lines        FAKEAGENT_LINES plain lines "line N t=<unix ns>" (default 1000), at
//	             FAKEAGENT_RATE lines/s when set, else as fast as possible
//	invalidutf8  invalid UTF-8 in a plain line and inside a JSON string
//	nonewline    success, with the last line not terminated by "\n"
//	ignoreterm   prints the first events, ignores SIGTERM and sleeps
//	hang         prints the first events and sleeps forever
//	afterresult  success, then more lines (stdout and stderr) after the final result
//	echoenv      prints argv, names of *_API_KEY variables, IS_SANDBOX, OPENCODE_PERMISSION,
//	             the cwd, stdin-is-devnull=true|false and the prompt's size and last 32 bytes
//	             (prompt-bytes=N, prompt-tail=...), then a result
//	crash        prints a little, then dies by a signal (abort)
//	edit         edits files in its working directory like an agent that codes: appends a line
//	             to FAKEAGENT_EDIT_FILE (default README.md, created if missing) and writes a new
//	             file agented-notes.txt, then the success transcript
//	leak         prints its parents' /proc/PID/environ (up to agented), FAKEAGENT_LEAK and the
//	             contents of FAKEAGENT_LEAK_FILE, as lines and in a text event, then a result
//
// FAKEAGENT_STARTED, when set, names a file the CLI appends "<unix ns at start> <prompt>" to (the
// prompt on one line), so a benchmark can tell when each run's process began; FAKEAGENT_ENDED
// likewise for when it printed its last line and exits (a mode that ends on its own).
//
// Like the real codex and opencode, it reads stdin to EOF when stdin is not a terminal, so a
// run whose stdin is left open hangs here too.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// agent is one imitated CLI.
type agent interface {
	// parse checks the command line and environment like the real CLI. It returns an exit
	// code >= 0 when the CLI would stop here (after printing what it prints), else -1.
	parse(args []string) int
	beginLines() []string        // what the CLI prints before the model answers
	textLine(text string) string // one assistant text event
	toolLines() []string         // a tool call and its result
	resultLine() string          // the final success event with usage
	auth() int                   // prints the auth failure, returns the exit code
	rateLimit(reset time.Time) int
	crashMessage() string
	userPrompt() string // the prompt from argv, where auto mode looks for its marker
}

var out = bufio.NewWriterSize(os.Stdout, 64<<10)

func main() { os.Exit(run()) }

func run() int {
	began := time.Now()
	defer out.Flush()
	name := strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe")
	var a agent
	switch name {
	case "claude":
		a = &claude{}
	case "codex":
		a = &codex{}
	case "gemini":
		a = &gemini{}
	case "opencode":
		a = &opencode{}
	default:
		fmt.Fprintf(os.Stderr, "fakeagent: run me as claude, codex, gemini or opencode, not %q\n", name)
		return 2
	}
	if code := a.parse(os.Args[1:]); code >= 0 {
		return code
	}
	if path := os.Getenv("FAKEAGENT_STARTED"); path != "" {
		noteStart(path, began, a.userPrompt())
	}
	mode, args := env("FAKEAGENT_MODE", "auto"), envArgs()
	if mode == "auto" {
		var err error
		if mode, args, err = fromPrompt(a.userPrompt()); err != nil {
			fmt.Fprintf(os.Stderr, "fakeagent: %v\n", err)
			return 2
		}
	}
	code := behave(a, name, mode, args)
	if path := os.Getenv("FAKEAGENT_ENDED"); path != "" {
		out.Flush() // the end is after the last line left
		noteStart(path, time.Now(), a.userPrompt())
	}
	return code
}

// behave prints what the mode prints and returns the exit code.
func behave(a agent, name, mode string, args modeArgs) int {
	switch mode {
	case "success":
		success(a)
	case "auth":
		return a.auth()
	case "ratelimit":
		in := time.Duration(args.resetIn) * time.Second
		return a.rateLimit(time.Now().Add(in).Truncate(time.Minute).Add(time.Minute))
	case "flood":
		flood(a, args.bytes)
	case "lines":
		if !args.framed {
			lines(args.lines, args.rate)
			break
		}
		write(a.beginLines()...)
		lines(args.lines, args.rate)
		successBody(a)
	case "invalidutf8":
		write(a.beginLines()...)
		out.WriteString("plain line with invalid bytes \xff\xfe here\n")
		write(strings.Replace(a.textLine("caf\u00e9 MARK done"), "MARK", "\xff\xfe", 1))
		write(a.resultLine())
	case "nonewline":
		write(a.beginLines()...)
		write(a.textLine(doneText))
		// Where the final event carries the answer (claude), it says what this mode tests.
		out.WriteString(strings.Replace(a.resultLine(), doneText, "Done; this last line has no newline.", 1))
	case "ignoreterm":
		signal.Ignore(syscall.SIGTERM)
		write(a.beginLines()...)
		sleepForever()
	case "hang":
		write(a.beginLines()...)
		sleepForever()
	case "afterresult":
		success(a)
		out.Flush()
		time.Sleep(100 * time.Millisecond)
		for i := 1; i <= 3; i++ {
			write(fmt.Sprintf("after result %d", i))
		}
		out.Flush()
		fmt.Fprintln(os.Stderr, "after result on stderr")
	case "echoenv":
		echoEnv(name, a.userPrompt())
		write(a.resultLine())
	case "leak":
		leak(a)
	case "edit":
		if err := editFiles(env("FAKEAGENT_EDIT_FILE", "README.md")); err != nil {
			fmt.Fprintln(os.Stderr, "fakeagent: edit:", err)
			return 1
		}
		success(a)
	case "crash":
		write(a.beginLines()...)
		write(a.textLine("Working on it."))
		out.Flush()
		fmt.Fprintln(os.Stderr, a.crashMessage())
		crash()
	default:
		fmt.Fprintf(os.Stderr, "fakeagent: unknown mode %q (from FAKEAGENT_MODE or a [fake:...] marker)\n", mode)
		return 2
	}
	return 0
}

func success(a agent) {
	write(a.beginLines()...)
	successBody(a)
}

// successBody is a successful run after its first events.
func successBody(a agent) {
	write(a.textLine(firstText))
	write(a.toolLines()...)
	write(a.textLine(doneText))
	write(a.resultLine())
}

// firstText is the first answer of a successful run. Its unusual word lets a test search the
// output of all runs and tell the successful ones from the rest.
const firstText = "I'll read the README first and look for the zebracorn notes."

// doneText is the final answer of a successful run.
const doneText = "The README is up to date; nothing to change."

// write prints whole lines on stdout.
func write(lines ...string) {
	for _, l := range lines {
		out.WriteString(l)
		out.WriteByte('\n')
	}
}

func flood(a agent, total int) {
	write(a.beginLines()...)
	// One event rendered once with a marker, then only the counter changes: fast, and still
	// the CLI's exact shape.
	pre, post, _ := strings.Cut(a.textLine("\x00"), `\u0000`)
	pad := strings.Repeat("lorem ipsum ", 16)
	buf := make([]byte, 0, 512)
	for i, n := 1, 0; n < total; i++ {
		buf = append(buf[:0], pre...)
		buf = append(buf, "flood "...)
		buf = strconv.AppendInt(buf, int64(i), 10)
		buf = append(buf, ' ')
		buf = append(buf, pad...)
		buf = append(buf, post...)
		buf = append(buf, '\n')
		out.Write(buf)
		n += len(buf)
	}
	write(a.resultLine())
}

func lines(n int, rate float64) {
	start := time.Now()
	for i := 1; i <= n; i++ {
		if rate > 0 {
			time.Sleep(time.Until(start.Add(time.Duration(float64(i-1) / rate * float64(time.Second)))))
		}
		fmt.Fprintf(out, "line %d t=%d\n", i, time.Now().UnixNano())
		if rate > 0 {
			out.Flush()
		}
	}
}

func echoEnv(name, prompt string) {
	args, _ := marshal(append([]string{name}, os.Args[1:]...))
	write("argv=" + string(args))
	var keys []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasSuffix(k, "_API_KEY") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		write("key " + k)
	}
	for _, k := range []string{"IS_SANDBOX", "OPENCODE_PERMISSION"} {
		if v, ok := os.LookupEnv(k); ok {
			write(k + "=" + v)
		}
	}
	cwd, _ := os.Getwd()
	write("cwd="+cwd, "stdin-is-devnull="+strconv.FormatBool(stdinIsDevNull))
	tail := prompt[max(0, len(prompt)-32):]
	write("prompt-bytes="+strconv.Itoa(len(prompt)), "prompt-tail="+tail)
}

func sleepForever() {
	out.Flush()
	for {
		time.Sleep(time.Hour)
	}
}

// stdinIsDevNull is read before anything consumes stdin.
var stdinIsDevNull = func() bool {
	fi, err := os.Stdin.Stat()
	if err != nil {
		return false
	}
	dn, err := os.Stat(os.DevNull)
	return err == nil && os.SameFile(fi, dn)
}()

// stdinText is what readStdin read: the prompt of a CLI given none as an argument.
var stdinText string

// readStdin imitates the CLIs that read stdin (codex exec, opencode run, and claude -p or
// headless gemini without a prompt argument): with stdin not a terminal they read it to EOF
// before doing anything, which hangs on a pipe nobody closes.
func readStdin() string {
	fi, err := os.Stdin.Stat()
	if err != nil || (fi.Mode()&os.ModeCharDevice != 0 && !stdinIsDevNull) {
		return ""
	}
	b, _ := io.ReadAll(os.Stdin)
	stdinText = string(b)
	return stdinText
}

func env(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func envInt(k string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(k)); err == nil {
		return n
	}
	return def
}

func envFloat(k string) float64 {
	f, _ := strconv.ParseFloat(os.Getenv(k), 64)
	return f
}

// errln prints a line on stderr, unbuffered, as the CLIs do for their errors.
func errln(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

func cwd() string {
	d, _ := os.Getwd()
	return d
}

// noteStart appends one line to path; a single short O_APPEND write is never interleaved with
// another process's.
func noteStart(path string, at time.Time, prompt string) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		fmt.Fprintf(os.Stderr, "fakeagent: %v\n", err)
		return
	}
	defer f.Close()
	line := strconv.FormatInt(at.UnixNano(), 10) + " " + strings.ReplaceAll(prompt, "\n", " ") + "\n"
	_, _ = f.WriteString(line)
}

// editFiles appends a line to file and writes agented-notes.txt, both in the working directory.
func editFiles(file string) error {
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString("A line the agent added.\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.WriteFile("agented-notes.txt", []byte("notes\nfrom the agent\n"), 0o644)
}
