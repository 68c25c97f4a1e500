package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/agented/agented/backend/httpserver"
)

// serve runs the backend without a window until SIGINT or SIGTERM.
func serve(args []string, stdout, stderr io.Writer) int {
	leanServe(args, stderr)
	fs := flag.NewFlagSet("agented serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory (default $AGENTED_HOME, else the OS config dir + /Agented)")
	listen := fs.String("listen", "", "address of the HTTP listener, host:port (default $AGENTED_LISTEN, else 127.0.0.1:20000)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *listen != "" {
		if err := httpserver.CheckListen(*listen); err != nil {
			fmt.Fprintln(stderr, "agented serve: --listen:", err)
			return 2
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	startPprof(os.Getenv("AGENTED_PPROF"), stderr)

	app := NewApp(AppOptions{DataDir: *dataDir, Mode: modeServe, Version: version, Commit: commit, BuildDate: buildDate, Getenv: os.Getenv, Listen: *listen})
	if err := app.Start(ctx); err != nil {
		fmt.Fprintln(stderr, "agented serve: start failed:", err)
		_ = app.Stop(context.Background())
		return 1
	}
	info := app.Info()
	st := app.listener.Status()
	fmt.Fprintf(stdout, "agented %s serving headless\n  data: %s\n  logs: %s\n  listening: %s\n",
		version, info.DataDir, info.LogFile, st.BaseURL)
	if !st.APIKeyConfigured {
		fmt.Fprintln(stdout, "  /admin and /api are closed until an API key is set (AGENTED_API_KEY or Settings → Listener)")
	}
	fmt.Fprintln(stdout, "  stop with Ctrl-C or SIGTERM")
	<-ctx.Done()
	stop()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := app.Stop(shutdownCtx); err != nil {
		fmt.Fprintln(stderr, "agented serve: stop:", err)
		return 1
	}
	return 0
}
