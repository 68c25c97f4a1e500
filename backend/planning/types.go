package planning

// Board is a project's .planning directory as the board shows it. The JSON names are part of the
// REST contract (GET /admin/projects/:id/planning).
type Board struct {
	Milestones []Milestone `json:"milestones"`
	Errors     []FileError `json:"errors"`
}

// Milestone is one ROADMAP: the flat layout has one, the per-milestone layout one per folder.
type Milestone struct {
	Version string  `json:"version"`
	Title   string  `json:"title"`
	Phases  []Phase `json:"phases"`
}

// Phase is one `Phase N: Name` of a ROADMAP, joined with its NN-slug folder. Number is a string
// because inserted phases are numbered 2.1, 2.2…; leading zeros are dropped ("01" is "1").
type Phase struct {
	Number    string     `json:"number"`
	Name      string     `json:"name"`
	Goal      string     `json:"goal"`
	Status    string     `json:"status"`
	Documents []Document `json:"documents"`
	Plans     []Plan     `json:"plans"`

	// The rest of the ROADMAP section, for the phase's detail panel.
	Dependencies      string   `json:"dependencies"`
	SuccessCriteria   []string `json:"successCriteria"`
	VerificationLevel string   `json:"verificationLevel"`
}

// Document is a Markdown file of a phase folder (CONTEXT, RESEARCH, PLAN, SUMMARY…). Path is
// relative to .planning and is what ReadDocument takes.
type Document struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	Path string `json:"path"`
}

// Plan is one NN-MM-PLAN.md, or a plan a ROADMAP checklist names that has no file yet. ID is the
// PLAN file's path relative to .planning, so an error about that file (FileError.File) names its
// card; a checklist-only plan's ID starts with the ROADMAP's path and a '#', and cannot be moved.
type Plan struct {
	ID            string   `json:"id"`
	Phase         string   `json:"phase"`
	Plan          int      `json:"plan"`
	Title         string   `json:"title"`
	Objective     string   `json:"objective"`
	Status        string   `json:"status"`
	Wave          int      `json:"wave"`
	DependsOn     []string `json:"dependsOn"`
	FilesModified []string `json:"filesModified"`
	HasSummary    bool     `json:"hasSummary"`
}

// FileError is a file that could not be read or parsed. File is relative to .planning.
type FileError struct {
	File    string `json:"file"`
	Message string `json:"message"`
}

// State is STATE.md's current position and progress.
type State struct {
	// Present is false when the project has no .planning directory (the UI offers to create it).
	Present bool `json:"present"`
	// Position holds the "Current Position" section's `Key: value` lines in file order.
	Position []Field `json:"position"`
	// Percent is the progress the file states (0–100), or -1 when it states none.
	Percent int `json:"percent"`
	// Summary is a one-line "Phase 2 of 4 …" style progress line when the file has one.
	Summary string `json:"summary"`
}

// Field is one key and value of STATE.md.
type Field struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// DocumentText is one Markdown document's source; the UI renders it.
type DocumentText struct {
	Path    string `json:"path"`
	Content string `json:"content"`
}

// Changed is the payload of planning:changed:<projectId>.
type Changed struct {
	ProjectID string `json:"projectId"`
}

// Plan statuses the board has a column for, in column order. A PLAN file may hold any other word;
// it keeps it, and the board shows it in a column of its own.
const (
	StatusBacklog    = "backlog"
	StatusPlanned    = "planned"
	StatusInProgress = "in_progress"
	StatusInReview   = "in_review"
	StatusDone       = "done"
)

// Phase statuses, derived from the phase's plans and the ROADMAP's checklist.
const (
	PhasePending    = "pending"
	PhaseInProgress = "in_progress"
	PhaseDone       = "done"
)
