package main

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

//go:embed build/appicon.png
var appIcon []byte

// desktop opens the window. The backend starts before the window so a store or migration failure
// is reported on stderr instead of behind a blank window.
func desktop(opts AppOptions, stderr io.Writer) int {
	app := NewApp(opts)
	if !bindingsMode {
		if err := app.Start(context.Background()); err != nil {
			fmt.Fprintln(stderr, "agented: start failed:", err)
			_ = app.Stop(context.Background())
			return 1
		}
	}
	bind := app.Bindings()
	err := wails.Run(&options.App{
		Title:            "Agented",
		Width:            1280,
		Height:           820,
		MinWidth:         960,
		MinHeight:        600,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 16, G: 18, B: 24, A: 255},
		OnStartup: func(ctx context.Context) {
			app.AttachUI(ctx)
			quitOnSignal(ctx)
		},
		OnShutdown: func(context.Context) {
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			if err := app.Stop(ctx); err != nil {
				fmt.Fprintln(stderr, "agented: stop:", err)
			}
		},
		Bind:  bind,
		Linux: &linux.Options{ProgramName: "agented", Icon: appIcon},
	})
	if err != nil {
		fmt.Fprintln(stderr, "agented:", err)
		return 1
	}
	return 0
}

// quitOnSignal closes the window on SIGINT/SIGTERM so OnShutdown runs and the store is closed
// cleanly, as when the user closes the window.
func quitOnSignal(ctx context.Context) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		select {
		case <-ch:
			wailsruntime.Quit(ctx)
		case <-ctx.Done():
		}
	}()
}
