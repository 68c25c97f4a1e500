package project

import (
	"errors"

	"github.com/agented/agented/backend/validation"
)

// Sentinel errors of the project service.
var (
	ErrNotFound        = errors.New("project not found")
	ErrProductNotFound = errors.New("product not found")
	// ErrNameTaken matches (errors.Is) the validation error of a duplicate name; HTTP maps it to 409.
	ErrNameTaken = errors.New("name already used")
	// ErrNoWorkDir: the project has neither a usable local path nor a finished clone.
	ErrNoWorkDir = errors.New("project has no working directory")
	// ErrNoRepo: a clone or sync was asked of a project without a repository.
	ErrNoRepo = errors.New("project has no repository")
	// ErrBusy: a clone or sync of the project is already running.
	ErrBusy = errors.New("a clone or sync of this project is already running")
	// ErrNotCloning: cancel was asked while nothing runs.
	ErrNotCloning = errors.New("no clone of this project is running")
	// ErrAlreadyCloned: clone was asked of a project whose clone exists; sync it instead.
	ErrAlreadyCloned = errors.New("project is already cloned; sync it instead")
	// ErrShuttingDown: Agented is stopping and starts no clone.
	ErrShuttingDown = errors.New("agented is shutting down")
	// ErrRemote: the remote could not be reached or refused the fetch; the message says why.
	ErrRemote = errors.New("the remote failed")
	// ErrPathCollision: the clone directory is already taken by something else.
	ErrPathCollision = errors.New("clone directory already exists")
	// ErrDiverged: sync found local commits the remote does not have (or the reverse on another
	// branch); it never merges or overwrites them.
	ErrDiverged = errors.New("local branch has diverged from the remote")
	// ErrDirty: sync found uncommitted changes and left the clone as it is.
	ErrDirty = errors.New("working copy has uncommitted changes")
)

// nameTakenError is the field-level validation error that also says "name taken".
type nameTakenError struct{ *validation.Errors }

func (e nameTakenError) Is(target error) bool { return target == ErrNameTaken }
func (e nameTakenError) Unwrap() error        { return e.Errors }
