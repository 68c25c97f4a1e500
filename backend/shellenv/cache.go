package shellenv

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// The cache file holds the login environment as a JSON object. It may hold tokens a user's
// profile exports, so it is private to the user, like the rest of the data directory.

// persistable is what of a probed environment goes into the cache file: only what the login
// shell added or changed. The probe's shell inherits this process's environment, where
// AGENTED_API_KEY, provider keys and webhook secrets given to `agented serve` live; those come
// back from every start's own environment and must never be copied to disk.
func persistable(env map[string]string, own func(string) (string, bool)) map[string]string {
	out := make(map[string]string, len(env))
	for k, v := range env {
		if mine, ok := own(k); ok && mine == v {
			continue
		}
		out[k] = v
	}
	return out
}

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
