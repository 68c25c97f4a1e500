package onboarding

// State says whether the first-run guide should open, and with which defaults.
type State struct {
	// Done is set once the guide was finished or skipped; it then never opens by itself again.
	Done    bool `json:"done"`
	Skipped bool `json:"skipped"` // Done by "Skip", not by reaching the end
	// FirstLaunch: the guide opens by itself, because it is not done and the user has no
	// trigger of their own yet (the predefined ones ship with every install).
	FirstLaunch  bool `json:"firstLaunch"`
	UserTriggers int  `json:"userTriggers"`
	// DefaultBackend is the first CLI the last detection found ("" when none was): a first
	// trigger runs with it unless the user picks another.
	DefaultBackend string `json:"defaultBackend"`
}

// Template is a ready-made prompt a first manual trigger starts from.
type Template struct {
	ID          string `json:"id"`
	Name        string `json:"name"` // the trigger's name
	Description string `json:"description"`
	Prompt      string `json:"prompt"`
	// NeedsDirectory: the prompt is about a repository, so a working directory must be given;
	// otherwise the run uses Agented's own workspace directory when none is.
	NeedsDirectory    bool   `json:"needsDirectory"`
	PermissionProfile string `json:"permissionProfile"`
}

// CLIGuide tells a user how to install one AI CLI and log in to it.
type CLIGuide struct {
	Name        string `json:"name"` // claude | codex | gemini | opencode
	DisplayName string `json:"displayName"`
	Install     string `json:"install"` // a shell command
	Login       string `json:"login"`   // the CLI's own login command
	LoginNote   string `json:"loginNote"`
	// KeyProvider is the key slot (Settings → API keys) that lets the CLI run without a login.
	KeyProvider string `json:"keyProvider"`
	KeyEnvVar   string `json:"keyEnvVar"`
	DocsURL     string `json:"docsUrl"`
}

// CreateInput asks for a first trigger made from a template.
type CreateInput struct {
	TemplateID string `json:"templateId"`
	Backend    string `json:"backend"`   // "" = State.DefaultBackend
	Directory  string `json:"directory"` // the working directory; "" only for a template that needs none
}
