package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/agented/agented/backend/bindings"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/settings"
)

func startApp(t *testing.T, home string, kr *secret.MemoryKeyring) *App {
	t.Helper()
	env := map[string]string{"PATH": os.Getenv("PATH"), "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}
	a := NewApp(AppOptions{DataDir: home, Mode: modeDesktop, Version: "test", Keyring: kr, Getenv: func(k string) string { return env[k] }})
	if err := a.Start(context.Background()); err != nil {
		t.Fatalf("start: %v", err)
	}
	return a
}

// TestStoredSecretsNeverReachDiskOutsideKeyring stores marker secrets through the same facades
// the UI uses, exercises the app, stops it, and greps every file in the data directory.
func TestStoredSecretsNeverReachDiskOutsideKeyring(t *testing.T) {
	home := t.TempDir()
	kr := secret.NewMemoryKeyring()
	a := startApp(t, home, kr)

	const apiMarker = "fake-anthropic-marker-5f3a9c1e7b"
	const customMarker = "or-marker-0d8e4b2a61"
	const dsnMarker = "dsnmarker7c2e9f"
	if err := binding[*bindings.KeysAPI](a).Set("anthropic", apiMarker); err != nil {
		t.Fatal(err)
	}
	if err := binding[*bindings.KeysAPI](a).Set("OPENROUTER_API_KEY", customMarker); err != nil {
		t.Fatal(err)
	}
	if _, err := binding[*bindings.SettingsAPI](a).SetSentryDSN("http://" + dsnMarker + "@127.0.0.1:9/1"); err != nil {
		t.Fatal(err)
	}
	if _, err := binding[*bindings.SettingsAPI](a).Update(settings.Settings{MaxConcurrentRuns: 3, RetentionDays: 10, Theme: "dark", OutputCapMiB: 64, WebhookMessageCapKiB: 256}); err != nil {
		t.Fatal(err)
	}
	list, err := binding[*bindings.KeysAPI](a).List()
	if err != nil || len(list) != 4 || !list[0].Stored {
		t.Fatalf("keys = %+v, %v", list, err)
	}
	if err := a.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Not vacuous: the secrets are in the keyring.
	if kr.Peek(secret.Service, "provider:anthropic") != apiMarker || kr.Peek(secret.Service, "provider:OPENROUTER_API_KEY") != customMarker {
		t.Fatal("the secrets did not reach the keyring")
	}
	var scanned int
	err = filepath.WalkDir(home, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		scanned++
		for _, m := range []string{apiMarker, customMarker, dsnMarker} {
			if bytes.Contains(b, []byte(m)) {
				t.Errorf("%s contains secret marker %s", p, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scanned < 2 {
		t.Fatalf("only %d files scanned: expected the database and the log", scanned)
	}
}

func TestSettingsSurviveRestart(t *testing.T) {
	home := t.TempDir()
	kr := secret.NewMemoryKeyring()
	a := startApp(t, home, kr)
	want := settings.Settings{MaxConcurrentRuns: 9, RetentionDays: 45, Theme: "light", OutputCapMiB: 128, WebhookMessageCapKiB: 512,
		RouterMaxAttempts: 5, DefaultCooldownSeconds: 300}
	if _, err := binding[*bindings.SettingsAPI](a).Update(want); err != nil {
		t.Fatal(err)
	}
	_ = a.Stop(context.Background())
	b := startApp(t, home, kr)
	defer b.Stop(context.Background())
	got, _ := binding[*bindings.SettingsAPI](b).Get()
	if got != want {
		t.Fatalf("after restart %+v, want %+v", got, want)
	}
	info, _ := binding[*bindings.SettingsAPI](b).Info()
	if info.DataDir != home || info.DBPath != filepath.Join(home, "agented.db") || !strings.HasSuffix(info.LogFile, "logs/agented.log") {
		t.Fatalf("info = %+v", info)
	}
}

func TestStartFailsClearly(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T) string
		want  string
	}{
		{"data dir is a file", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "file")
			_ = os.WriteFile(p, []byte("x"), 0o600)
			return p
		}, "data directory"},
		{"store from a newer build", func(t *testing.T) string {
			home := t.TempDir()
			d, err := db.Open(context.Background(), filepath.Join(home, "agented.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			err = d.Tx(context.Background(), func(tx *sql.Tx) error {
				_, err := tx.Exec(`CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
					INSERT INTO schema_migrations VALUES(999, 'future', '')`)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return home
		}, "newer than this build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewApp(AppOptions{DataDir: tt.setup(t), Mode: modeDesktop, Version: "test", Keyring: secret.NewMemoryKeyring()})
			err := a.Start(context.Background())
			_ = a.Stop(context.Background())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestBindingsBeforeAndAfterStartMatch guards the two facade lists in Bindings: the zero values
// `wails generate module` reads must be the same types, in the same order, as the live ones.
func TestBindingsBeforeAndAfterStartMatch(t *testing.T) {
	typesOf := func(bs []any) []string {
		var out []string
		for _, b := range bs {
			out = append(out, fmt.Sprintf("%T", b))
		}
		return out
	}
	before := typesOf(NewApp(AppOptions{}).Bindings())
	a := startApp(t, t.TempDir(), secret.NewMemoryKeyring())
	defer func() { _ = a.Stop(context.Background()) }()
	after := typesOf(a.Bindings())
	if strings.Join(before, ",") != strings.Join(after, ",") {
		t.Fatalf("bindings differ:\nbefore start %v\nafter start  %v", before, after)
	}
	for _, b := range a.Bindings() {
		if reflect.ValueOf(b).IsNil() {
			t.Errorf("%T is nil after Start", b)
		}
	}
}

// binding returns the bound facade of type T (tests call the facades as the UI does).
func binding[T any](a *App) T {
	for _, b := range a.bound {
		if t, ok := b.(T); ok {
			return t
		}
	}
	panic(fmt.Sprintf("no binding of type %T", *new(T)))
}
