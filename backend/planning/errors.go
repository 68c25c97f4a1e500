package planning

import "errors"

// Sentinel errors; callers branch with errors.Is.
var (
	// ErrNoPlanning means the project directory has no .planning folder.
	ErrNoPlanning = errors.New("project has no .planning directory")
	// ErrPlanNotFound means no PLAN file has the given id.
	ErrPlanNotFound = errors.New("plan not found")
	// ErrNotMovable means the plan has no PLAN file to write its status into (it is only named by
	// a ROADMAP checklist).
	ErrNotMovable = errors.New("plan has no PLAN file to write a status into")
	// ErrBadStatus means a status is not a short lowercase word.
	ErrBadStatus = errors.New("status must be a lowercase word of letters, digits, '_' or '-' (at most 32)")
	// ErrDocumentNotFound means the document path names no Markdown file inside .planning.
	ErrDocumentNotFound = errors.New("document not found")
	// ErrBadPath means a document or plan path is absolute, leaves .planning or is not Markdown.
	ErrBadPath = errors.New("path must be a .md file inside .planning")
	// ErrMalformed means the file's front matter is not valid YAML, so it is left untouched.
	ErrMalformed = errors.New("front matter is not valid YAML")
	// ErrNoProject means the project id resolves to no directory.
	ErrNoProject = errors.New("project has no working directory")
)
