package shellenv

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// The cache file holds the login environment as a JSON object. It may hold tokens a user's
// profile exports, so it is private to the user, like the rest of the data directory.

func readCache(path string) map[string]string {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var env map[string]string
	if json.Unmarshal(raw, &env) != nil || len(env) == 0 {
		return nil // a damaged cache is ignored: the next probe rewrites it
	}
	return env
}

// writeCache replaces the file in one rename, so a crash mid-write leaves the old cache.
func writeCache(path string, env map[string]string) error {
	raw, err := json.Marshal(env)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".login-env-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone already after a successful rename
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
