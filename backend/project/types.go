// Package project keeps products and projects: a project is a repository Agented clones with
// go-git into the workspace, and/or a directory that already exists on disk. Its working
// directory (WorkDir) is where terminals open, where the planning board reads its files and where
// the runs of the triggers linked to it work.
package project

// Clone statuses of a project.
const (
	CloneNone    = "none"    // nothing cloned (no repository, or never started)
	CloneCloning = "cloning" // a clone is running
	CloneCloned  = "cloned"  // the clone is complete
	CloneError   = "error"   // the last clone failed; CloneError says why
)

// Project statuses.
const (
	StatusActive   = "active"
	StatusArchived = "archived"
)

// Product groups projects.
type Product struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Description  string `json:"description"`
	ProjectCount int    `json:"projectCount"`
	CreatedAt    string `json:"createdAt"`
	UpdatedAt    string `json:"updatedAt"`
}

// ProductInput is the body of a product create or update.
type ProductInput struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Project is one project. The access token is write-only: HasToken only says one is stored.
type Project struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	ProductID   string `json:"productId"` // "" when the project belongs to no product
	// RepoURL is the repository as the user gave it: owner/repo (GitHub), an https, ssh or
	// file:// URL, or user@host:path.
	RepoURL   string `json:"repoUrl"`
	LocalPath string `json:"localPath"` // an existing directory; it wins over the clone as WorkDir
	Status    string `json:"status"`    // active | archived
	// CloneDepth > 0 makes a shallow clone of that many commits.
	CloneDepth   int    `json:"cloneDepth"`
	HasToken     bool   `json:"hasToken"`
	CloneDir     string `json:"cloneDir"`     // where the clone is (or will be)
	CloneStatus  string `json:"cloneStatus"`  // none | cloning | cloned | error
	CloneError   string `json:"cloneError"`   // why the last clone or sync failed
	LastSyncedAt string `json:"lastSyncedAt"` // when the clone last matched its remote; "" never
	CreatedAt    string `json:"createdAt"`
	UpdatedAt    string `json:"updatedAt"`
	// RunningCount is how many runs of the project are running or queued: runs of the triggers
	// linked to it and runs started from its plans.
	RunningCount int `json:"runningCount"`
}

// Input is the body of a project create or update. Token is write-only: nil keeps the stored
// token, "" removes it, anything else replaces it.
type Input struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	ProductID   string  `json:"productId"`
	RepoURL     string  `json:"repoUrl"`
	LocalPath   string  `json:"localPath"`
	Status      string  `json:"status"`
	CloneDepth  int     `json:"cloneDepth"`
	Token       *string `json:"token"`
}
