package config

// AppInfo is what Settings shows about where Agented keeps its files. It is read-only in the UI:
// the data directory is chosen by flag or AGENTED_HOME before the store opens.
type AppInfo struct {
	Version       string `json:"version"`
	Commit        string `json:"commit"`    // the commit it was built from ("unknown" when not stamped)
	BuildDate     string `json:"buildDate"` // RFC 3339 UTC ("unknown" when not stamped)
	DataDir       string `json:"dataDir"`
	DataDirSource string `json:"dataDirSource"` // "flag" | "env" | "default"
	DBPath        string `json:"dbPath"`
	LogDir        string `json:"logDir"`
	LogFile       string `json:"logFile"`
	Mode          string `json:"mode"` // "desktop" | "serve"
}
