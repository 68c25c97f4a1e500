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
)

// serve runs the backend without a window until SIGINT or SIGTERM.
func serve(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("agented serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory (default $AGENTED_HOME, else the OS config dir + /Agented)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	app := NewApp(AppOptions{DataDir: *dataDir, Mode: modeServe, Version: version, Getenv: os.Getenv})
	if err := app.Start(ctx); err != nil {
		fmt.Fprintln(stderr, "agented serve: start failed:", err)
		_ = app.Stop(context.Background())
		return 1
	}
	info := app.Info()
	fmt.Fprintf(stdout, "agented %s serving headless\n  data: %s\n  logs: %s\n  stop with Ctrl-C or SIGTERM\n", version, info.DataDir, info.LogFile)
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
