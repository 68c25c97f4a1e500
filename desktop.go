package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	goruntime "runtime"
	"sync/atomic"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/agented/agented/backend/bindings"
	"github.com/agented/agented/backend/instance"
)

//go:embed build/appicon.png
var appIcon []byte

// desktop opens the window. The backend starts before the window so a store or migration failure
// is reported on stderr instead of behind a blank window.
func desktop(opts AppOptions, stderr io.Writer) int {
	app := NewApp(opts)
	var held *instance.HeldError
	background := false
	if !bindingsMode {
		if err := app.Start(context.Background()); err != nil {
			_ = app.Stop(context.Background())
			if errors.As(err, &held) && showFirst(held.DataDir) == nil {
				// Opening Agented again is how a user brings back a window hidden in the background.
				fmt.Fprintf(stderr, "agented: Agented is already running for %s (PID %d); its window is shown\n", held.DataDir, held.PID)
				return 0
			}
			fmt.Fprintln(stderr, "agented: start failed:", err)
			if held != nil {
				handOver(held.DataDir, stderr)
			}
			return 1
		}
		background = app.hideOnClose
	}
	bind := app.Bindings()
	var wailsCtx atomic.Pointer[context.Context] // set once the window exists
	err := wails.Run(&options.App{
		Title:            "Agented",
		Width:            1280,
		Height:           820,
		MinWidth:         960,
		MinHeight:        600,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 16, G: 18, B: 24, A: 255},
		// Closing the window only hides it when the user wants runs to keep firing; the app is
		// then left with Quit (the window's button) or SIGTERM, and opening it again shows it.
		HideWindowOnClose: background,
		StartHidden:       opts.Hidden,
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: instance.UniqueID(app.paths.DataDir),
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				if ctx := wailsCtx.Load(); ctx != nil {
					showWindow(*ctx)
				}
			},
		},
		OnStartup: func(ctx context.Context) {
			wailsCtx.Store(&ctx)
			app.AttachUI(ctx, func() { wailsruntime.Quit(ctx) })
			app.AttachDirectoryPicker(func(title string) (string, error) {
				return wailsruntime.OpenDirectoryDialog(ctx, wailsruntime.OpenDialogOptions{Title: title, CanCreateDirectories: true})
			})
		},
		// SIGINT and SIGTERM need no handler here: Wails quits the GTK main loop on them itself, and
		// OnShutdown then closes the store. A second handler calling Quit raced that one and could
		// crash inside gtk_main_quit while the window was being destroyed (exit status 2).
		OnShutdown: func(context.Context) {
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			if err := app.Stop(ctx); err != nil {
				fmt.Fprintln(stderr, "agented: stop:", err)
			}
		},
		Bind: bind,
		// Errors reach the UI as {message, subject, fields}, not as bare text it would re-parse.
		ErrorFormatter: bindings.FormatError,
		Linux:          &linux.Options{ProgramName: "agented", Icon: appIcon},
	})
	if err != nil {
		fmt.Fprintln(stderr, "agented:", err)
		return 1
	}
	return 0
}

// showWindow brings a hidden or minimised window back to the front.
func showWindow(ctx context.Context) {
	wailsruntime.WindowUnminimise(ctx)
	wailsruntime.WindowShow(ctx)
	if goruntime.GOOS == "linux" {
		// Wails runs Show and Unminimise on the GTK main thread, but calls keep-above straight
		// from this goroutine, and GTK is not thread-safe: that call raced the main loop and
		// could crash the app (exit status 2). A window mapped again is placed on top by the
		// window manager anyway.
		return
	}
	// Windows keeps a shown window behind the active one unless it is raised this way.
	wailsruntime.WindowSetAlwaysOnTop(ctx, true)
	wailsruntime.WindowSetAlwaysOnTop(ctx, false)
}

// handOver asks the desktop instance that owns dataDir to show its window, through Wails'
// single-instance lock (D-Bus on Linux, a window message on Windows, a notification on macOS):
// Wails sends the message and exits this process. Without a way to reach the first instance
// Wails would go on and open a window, so this one starts hidden and quits after a moment.
func handOver(dataDir string, stderr io.Writer) {
	err := wails.Run(&options.App{
		Title:              "Agented",
		StartHidden:        true,
		AssetServer:        &assetserver.Options{Assets: assets},
		SingleInstanceLock: &options.SingleInstanceLock{UniqueId: instance.UniqueID(dataDir)},
		OnStartup: func(ctx context.Context) {
			time.Sleep(3 * time.Second)
			fmt.Fprintln(stderr, "agented: could not reach the running instance to show its window")
			wailsruntime.Quit(ctx)
		},
		Linux: &linux.Options{ProgramName: "agented", Icon: appIcon},
	})
	if err != nil {
		fmt.Fprintln(stderr, "agented:", err)
	}
}
