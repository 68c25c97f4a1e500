package config

// AppInfo is what Settings shows about where Agented keeps its files. It is read-only in the UI:
// the data directory is chosen by flag or AGENTED_HOME before the store opens.
type AppInfo struct {
	Version       string `json:"version"`
	DataDir       string `json:"dataDir"`
	DataDirSource string `json:"dataDirSource"` // "flag" | "env" | "default"
	DBPath        string `json:"dbPath"`
	LogDir        string `json:"logDir"`
	LogFile       string `json:"logFile"`
	Mode          string `json:"mode"` // "desktop" | "serve"
}
