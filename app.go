package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/agented/agented/backend/account"
	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/apikey"
	"github.com/agented/agented/backend/audit"
	"github.com/agented/agented/backend/autopause"
	"github.com/agented/agented/backend/autostart"
	"github.com/agented/agented/backend/bindings"
	"github.com/agented/agented/backend/budget"
	"github.com/agented/agented/backend/clidetect"
	"github.com/agented/agented/backend/config"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/instance"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/notify"
	"github.com/agented/agented/backend/onboarding"
	"github.com/agented/agented/backend/planning"
	"github.com/agented/agented/backend/proc"
	"github.com/agented/agented/backend/project"
	"github.com/agented/agented/backend/pullrequest"
	"github.com/agented/agented/backend/restapi"
	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/shellenv"
	"github.com/agented/agented/backend/telemetry"
	"github.com/agented/agented/backend/terminal"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/update"
	"github.com/agented/agented/backend/usage"
	"github.com/agented/agented/backend/webhook"
)

// Modes the backend runs in.
const (
	modeDesktop = "desktop"
	modeServe   = "serve"
)

// AppOptions are decided by main from flags and the environment.
type AppOptions struct {
	DataDir string // --data-dir; "" falls back to AGENTED_HOME, then the OS config dir
	Mode    string
	Version string
	// Commit and BuildDate are stamped at build time like Version.
	Commit, BuildDate string
	Getenv            func(string) string
	Keyring           secret.Keyring
	Listen            string // serve --listen; beats AGENTED_LISTEN
	Hidden            bool   // --hidden: the desktop window starts hidden (start at login)
}

// App owns the lifecycle: it opens the store, migrates, builds the services and the facades, and
// stops everything in reverse order.
type App struct {
	opts   AppOptions
	ctx    context.Context
	cancel context.CancelFunc

	paths    config.Paths
	lock     *instance.Lock // this process owns the data directory while it holds it
	log      *logging.Logger
	db       *db.DB
	bus      *events.Bus
	reporter *telemetry.Reporter
	secrets  *secret.Store
	keys     *secret.Keys
	settings *settings.Service
	sentry   *settings.Sentry
	detector *clidetect.Detector
	triggers *trigger.Service
	accounts *account.Service
	engine   *execution.Engine
	terms    *terminal.Service
	sched    *schedule.Scheduler
	notify   *notify.Service
	prices   *usage.Pricing
	updates  *update.Checker
	budgets  *budget.Service
	webhooks *webhook.Service
	planning *planning.Service
	planCmds *planning.CommandList
	prs      *pullrequest.Service
	projects *project.Service
	rest     *restapi.API
	apiKeys  *apikey.Service
	audit    *audit.Service
	listener *httpserver.Manager

	onboarding *onboarding.Service // the first-run guide (desktop only: it has no REST route)

	bound []any // the facades Wails binds, built by facades once the services exist

	hideOnClose bool                   // the window hides instead of quitting (decided at start)
	quitUI      atomic.Pointer[func()] // closes the window; set once it exists

	pickDir atomic.Pointer[directoryPicker] // the folder dialog; set once the window exists

	bg sync.WaitGroup // background tasks Stop waits for
}

// NewApp returns an app that has not started yet.
func NewApp(opts AppOptions) *App {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Keyring == nil {
		opts.Keyring = secret.OSKeyring{}
	}
	return &App{opts: opts}
}

// Start brings the backend up. Only a data directory, store or migration failure is fatal;
// keyring, Sentry and CLI detection degrade with a warning.
func (a *App) Start(ctx context.Context) error {
	paths, err := config.Resolve(a.opts.DataDir, a.opts.Getenv)
	if err != nil {
		return err
	}
	if err := paths.Ensure(); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	a.paths = paths
	// Before anything else touches the directory: one process only fires its schedules and
	// dispatches its runs. A second one stops here, before it opens the log or the store.
	if a.lock, err = instance.Acquire(paths.DataDir); err != nil {
		return err
	}
	a.log, err = logging.New(logging.Options{Dir: paths.LogDir, Stderr: a.opts.Mode == modeServe, Level: slog.LevelInfo})
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	log := a.log.Logger
	log.Info("agented starting", "component", "app", "version", a.opts.Version, "mode", a.opts.Mode,
		"data_dir", paths.DataDir, "data_dir_source", paths.Source, "log_file", a.log.Path)
	if inspectable, err := proc.Inspectable(); inspectable || err != nil {
		log.Warn("process is dumpable: runs can read agented's environment and memory", "component", "app", "err", err)
	}

	a.ctx, a.cancel = context.WithCancel(context.Background())
	a.bus = events.NewBus()
	a.reporter = telemetry.New(log, a.opts.Version, a.opts.Mode)

	a.db, err = db.Open(ctx, paths.DBPath)
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	ms, err := db.Embedded()
	if err != nil {
		return err
	}
	applied, err := a.db.Migrate(ctx, ms)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", paths.DBPath, err)
	}
	log.Info("store ready", "component", "db", "path", paths.DBPath, "migrations_applied", applied)

	a.settings, err = settings.New(ctx, a.db, a.bus, log)
	if err != nil {
		return err
	}
	if login, err := a.loginEntry(); err != nil {
		log.Warn("start at login unavailable", "component", "app", "err", err)
	} else {
		a.settings.WithLoginItem(login)
	}
	if a.opts.Mode == modeDesktop {
		a.settings.SyncLoginItem()
		a.hideOnClose = a.settings.Get().KeepRunningInBackground
	}
	var precheck func() error
	if _, real := a.opts.Keyring.(secret.OSKeyring); real {
		precheck = secret.SessionBusCheck
	}
	a.secrets = secret.New(a.opts.Keyring, a.opts.Getenv, precheck, log)
	a.keys = secret.NewKeys(a.secrets, a.settings, a.bus)
	st := a.secrets.Probe()
	log.Info("keyring checked", "component", "secret", "available", st.Available, "reason", st.Reason)
	a.sentry = settings.NewSentry(a.secrets, a.reporter)
	a.sentry.Start()

	// The login shell's environment is probed in the background on every start; until the probe
	// ends, runs use the one the last start cached (or none): a slow or hanging login shell
	// never holds a run back.
	login := shellenv.New("", filepath.Join(paths.DataDir, "login-env.json"))
	a.background(func() {
		<-login.Refresh(a.ctx)
		if err := login.LastErr(); err != nil {
			log.Warn("login shell environment not read; runs use the one kept from the last start, if any", "component", "shellenv", "err", err)
			return
		}
		log.Info("login shell environment read", "component", "shellenv")
	})
	a.detector = clidetect.New(a.settings, a.opts.Getenv("PATH"), login.Path, a.bus, log)
	a.background(func() {
		if _, err := a.detector.Detect(a.ctx); err != nil {
			log.Warn("detect clis", "component", "app", "err", err)
		}
	})

	// Linked directories: never a system directory, the home directory itself or Agented's own
	// data (project clones excepted), and only inside the allowed roots when some are set.
	dirs := trigger.NewDirPolicy(trigger.DirConfig{
		DataDir: paths.DataDir, ProjectsDir: paths.ProjectsDir, AllowedRoots: a.settings.AllowedRoots,
	})
	a.accounts = account.New(a.db, a.secrets, a.bus, log, time.Now)
	// The project service is built later (after the inventory below); until then no project
	// has a working copy to check.
	var projects atomic.Pointer[project.Service]
	projectDir := func(ctx context.Context, id string) (string, error) {
		if p := projects.Load(); p != nil {
			return p.WorkDir(ctx, id)
		}
		return "", nil
	}
	a.triggers = trigger.New(trigger.Deps{DB: a.db, Emitter: a.bus, Log: log, Secrets: a.secrets, Accounts: a.accounts, Dirs: dirs,
		ProjectDir: projectDir})
	if err := a.triggers.Seed(ctx); err != nil {
		return err
	}
	a.onboarding = onboarding.New(a.settings, a.triggers, a.detector, log)
	// Every run redacts every known secret; reading them all from the keyring the first time
	// costs a D-Bus round trip per name (about 9 ms each on a loaded machine), so the first run
	// should not pay for it.
	// Project access tokens join the list once the project service exists (it is built after
	// the inventory).
	projectTokens := secret.NameListerFunc(func(ctx context.Context) ([]secret.Name, error) {
		if p := projects.Load(); p != nil {
			return p.SecretNames(ctx)
		}
		return nil, nil
	})
	inventory := secret.NewInventory(a.secrets, a.keys, a.accounts, a.triggers, projectTokens)
	a.background(func() { inventory.Values(a.ctx) })
	a.startNotify()
	// Room to record a run's failure when the disk fills (see db.Reserve); a disk already too
	// full for it only loses that margin.
	reserve := db.NewReserve(filepath.Join(paths.DataDir, "space-reserve"), db.DefaultReserveBytes)
	if _, err := reserve.Ensure(); err != nil {
		log.Warn("create the data directory's space reserve", "err", err)
	}
	a.prices, err = usage.NewPricing(ctx, a.settings)
	if err != nil {
		return err
	}
	a.budgets = budget.New(a.db, a.bus, log)
	a.background(func() { a.budgets.Watch(a.ctx, a.bus) })
	childEnv := &execution.ChildEnv{
		LoginEnv: func(context.Context) map[string]string { return login.Cached() },
		Secrets:  a.secrets,
		Names:    a.settings,
		KeyVars:  agent.KeyEnv,
	}
	runs := execution.NewStore(a.db)
	// Clones go to <workspace>/projects/<name>; the default workspace is the data directory, so
	// they land in paths.ProjectsDir, which the trigger directory policy lets runs work in. A
	// project change drops the trigger list (it shows the linked projects; a deleted project
	// takes its links with it).
	a.projects = project.New(project.Deps{DB: a.db, Secrets: a.secrets, Settings: a.settings,
		Emitter: a.triggers.InvalidateOn(a.bus), Log: log, DefaultWorkspace: paths.DataDir, Go: a.background, Runs: runs})
	projects.Store(a.projects)
	a.engine = execution.NewEngine(execution.Deps{
		Store:    runs,
		Triggers: a.triggers,
		Resolver: a.detector,
		Env:      childEnv,
		Secrets:  inventory,
		Limits: func() execution.Limits {
			s := a.settings.Get()
			return execution.Limits{MaxConcurrent: s.MaxConcurrentRuns, OutputCapBytes: int64(s.OutputCapMiB) << 20,
				MaxAttempts: s.RouterMaxAttempts, DefaultCooldown: time.Duration(s.DefaultCooldownSeconds) * time.Second}
		},
		Emitter:    a.triggers.InvalidateOn(a.bus), // a run's status is part of the trigger list
		Log:        log,
		Go:         a.background,
		DefaultDir: filepath.Join(paths.DataDir, "workspace"),
		Projects:   a.projects, // a linked project's working copy is a run's directory
		LogDir:     filepath.Join(paths.DataDir, "runs"),
		IsRoot:     os.Geteuid() == 0,
		CheckDir:   func(dir string) error { _, err := dirs.Check(dir); return err },
		Reserve:    reserve,
		Pricer:     a.prices,
		Budgets:    a.budgets,
		Accounts:   a.accounts,
		// Isolated runs' worktrees go to <workspace>/worktrees/<run id>, beside the clones and
		// never inside a repository; the workspace is the projects' (the data directory by default).
		WorktreeRoot: func(ctx context.Context) string { return filepath.Join(a.projects.Workspace(ctx), "worktrees") },
	})
	// Subscribed before the engine starts, so no outcome is missed.
	pauser := autopause.New(a.triggers, func() int { return a.settings.Get().AutoPauseAfterFailures }, a.bus, log)
	outcomes := a.bus.Subscribe(autopause.QueueSize, autopause.Match)
	a.background(func() { pauser.Run(a.ctx, outcomes) })
	if err := a.engine.Start(ctx); err != nil {
		return err
	}
	a.background(func() { a.engine.RunRetention(func() int { return a.settings.Get().RetentionDays }) })
	if err := a.startScheduler(ctx); err != nil {
		return err
	}

	a.startUpdateCheck()
	if err := a.projects.Recover(ctx); err != nil { // clones a previous run left half done
		log.Warn("end interrupted clones", "component", "project", "err", err)
	}
	// Terminal tabs get the environment runs get (an AI CLI opened in a tab finds its key), in
	// their project's working directory.
	a.terms = terminal.New(terminal.Deps{Resolver: a.detector, Env: childEnv, Projects: a.projects,
		Emitter: a.bus, Log: log, Go: a.background})
	if err := a.startPlanning(ctx); err != nil {
		return err
	}
	a.startPullRequests()
	a.apiKeys = apikey.New(a.db, log, nil)
	a.audit = audit.New(a.db, a.bus, log, nil)
	a.background(func() { a.audit.RunRetention(a.ctx, func() int { return a.settings.Get().RetentionDays }) })
	a.startWebhooks()
	a.rest = restapi.New(restapi.Deps{
		SettingsWriter: a.settings, Sentry: a.sentry, Listener: listenerControl{a}, ProviderKeys: a.keys, CLIs: a.detector, Webhooks: a.webhooks,
		Keys: a.apiKeys, Audit: a.audit, PullRequests: a.prs,
		Triggers: a.triggers, Engine: a.engine, Accounts: a.accounts, Schedules: a.sched, Bus: a.bus, Settings: a.settings, App: a.Info(), Log: log,
		Notifications: a.notify, Usage: usage.NewReports(a.db), Budgets: a.budgets, Prices: a.prices, Updates: a.updates,
		Planning: a.planning, PlanningCommands: a.planCmds,
		Projects: a.projects,
	})
	if err := a.startListener(ctx); err != nil {
		return err
	}

	a.bound = a.facades()
	return nil
}

// facades are the Wails-bound facades, one per domain: adding a binding is adding its line here.
func (a *App) facades() []any {
	var rec bindings.Recorder // nil before Start: Wails only reads the methods then
	if a.audit != nil {
		rec = a.audit
	}
	return []any{
		bindings.NewSettingsAPI(a.ctx, a.settings, a.sentry, a.Info(), rec),
		bindings.NewKeysAPI(a.ctx, a.keys, a.secrets, rec),
		bindings.NewAgentCLIAPI(a.ctx, a.detector, rec),
		bindings.NewTriggersAPI(a.ctx, a.triggers, rec),
		bindings.NewExecutionsAPI(a.ctx, a.engine, rec),
		bindings.NewListenerAPI(a.ctx, a.listener, a.settings, rec),
		bindings.NewWebhooksAPI(a.ctx, a.webhooks, rec),
		bindings.NewAccountsAPI(a.ctx, a.accounts, rec),
		bindings.NewSchedulesAPI(a.ctx, a.sched, a.triggers),
		bindings.NewNotificationsAPI(a.ctx, a.notify, rec),
		bindings.NewUsageAPI(a.ctx, usage.NewReports(a.db), a.budgets, a.prices, rec),
		bindings.NewUpdateAPI(a.ctx, a.updates),
		bindings.NewPlanningAPI(a.ctx, a.planning, a.planCmds, rec),
		bindings.NewPullRequestsAPI(a.ctx, a.prs, rec),
		bindings.NewAPIKeysAPI(a.ctx, a.apiKeys, rec),
		bindings.NewAuditAPI(a.ctx, a.audit),
		bindings.NewProjectsAPI(a.ctx, a.projects, rec),
		bindings.NewWindowAPI(a.quit, a.hideOnClose, a.pickDirectory),
		bindings.NewOnboardingAPI(a.ctx, a.onboarding, rec),
		bindings.NewTerminalAPI(a.ctx, a.terms),
	}
}

// loginEntry is the start-at-login entry of this binary. A data directory chosen by flag or
// AGENTED_HOME is passed on, since the login session will not have the variable.
func (a *App) loginEntry() (*autostart.Entry, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	var args []string
	if a.paths.Source != "default" {
		args = []string{"--data-dir", a.paths.DataDir}
	}
	return autostart.New(exe, args, a.opts.Getenv), nil
}

// quit closes the window, which stops the app; without a window (serve) there is nothing to do.
func (a *App) quit() {
	if q := a.quitUI.Load(); q != nil {
		(*q)()
	}
}

// startNotify stores every notification from now on (before the engine starts, so none is
// missed) and raises OS notifications on a desktop; a headless server only stores them.
func (a *App) startNotify() {
	var desk notify.OSNotifier
	if a.opts.Mode == modeDesktop {
		desk = notify.NewDesktop(secret.SessionBusCheck)
	}
	a.notify = notify.New(notify.Deps{
		Store: notify.NewStore(a.db), Emitter: a.bus, OS: desk, Prefs: a.settings, Log: a.log.Logger, Go: a.background,
	})
	a.notify.Run(a.ctx, a.bus)
	a.background(func() { a.notify.RunRetention(a.ctx, func() int { return a.settings.Get().RetentionDays }) })
}

// startPullRequests follows pull request reviews and polls the poll-mode GitHub triggers (a
// timer each; none when no trigger polls).
func (a *App) startPullRequests() {
	a.prs = pullrequest.New(pullrequest.Deps{
		DB: a.db, Triggers: a.triggers, Runs: a.engine, Secrets: a.secrets, Values: a.settings, Emitter: a.bus,
		Log: a.log.Logger, Getenv: a.opts.Getenv, Go: a.background,
	})
	a.prs.Run(a.ctx, a.bus)
}

// startUpdateCheck reads the release feed a minute after start and then daily, while the user
// has turned update checks on; it never downloads anything.
func (a *App) startUpdateCheck() {
	a.updates = update.New(a.opts.Version, func() update.Config {
		s := a.settings.Get()
		return update.Config{Enabled: s.UpdateCheck, FeedURL: s.UpdateFeedURL}
	}, nil, a.log.Logger)
	a.background(func() { a.updates.Run(a.ctx, time.Minute) })
}

// Info describes this running instance for Settings.
func (a *App) Info() config.AppInfo {
	logFile := ""
	if a.log != nil { // before Start
		logFile = a.log.Path
	}
	return config.AppInfo{
		Version: a.opts.Version, Commit: a.opts.Commit, BuildDate: a.opts.BuildDate, DataDir: a.paths.DataDir, DataDirSource: a.paths.Source,
		DBPath: a.paths.DBPath, LogDir: a.paths.LogDir, LogFile: logFile, Mode: a.opts.Mode,
	}
}

// Bindings are the facades Wails binds. Before Start their services are nil, which is all
// `wails generate module` needs: it only reads their methods.
func (a *App) Bindings() []any {
	if a.bound == nil {
		return a.facades()
	}
	return a.bound
}

// AttachUI forwards bus events to the window. wailsCtx is the context of Wails' OnStartup;
// quit closes the window (and so stops the app).
func (a *App) AttachUI(wailsCtx context.Context, quit func()) {
	a.quitUI.Store(&quit)
	a.background(func() { events.RunWailsAdapter(wailsCtx, a.bus, a.log.Logger) })
	a.log.Info("window ready", "component", "app")
}

// background runs fn panic-safely and makes Stop wait for it before closing the store.
func (a *App) background(fn func()) {
	a.bg.Add(1)
	a.reporter.Go(func() {
		defer a.bg.Done()
		fn()
	})
}

// Stop shuts everything down in reverse order, waiting at most until ctx ends.
func (a *App) Stop(ctx context.Context) error {
	if a.cancel == nil {
		return a.lock.Release()
	}
	log := a.log.Logger
	log.Info("agented stopping", "component", "app")
	var errs []error
	if a.listener != nil {
		// First, so no new webhook or REST call reaches a stopping engine; SSE streams end here.
		if err := a.listener.Stop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop listener: %w", err))
		}
	}
	if a.sched != nil {
		// Before the engine, so no scheduled run is queued into a stopping engine.
		if err := a.sched.Stop(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if a.terms != nil {
		// Every terminal's session, with whatever its programs started: no orphan outlives the app.
		if err := a.terms.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop terminals: %w", err))
		}
	}
	if a.engine != nil {
		// Runs get SIGTERM and their grace period; they end "interrupted" with every line stored.
		if err := a.engine.Shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if a.planning != nil {
		a.planning.Close()
	}
	if a.projects != nil {
		a.projects.Shutdown() // a clone cut short removes its partial directory and says so
	}
	a.cancel()
	a.bus.Close()
	done := make(chan struct{})
	go func() { a.bg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		errs = append(errs, fmt.Errorf("background tasks still running at shutdown: %w", ctx.Err()))
	}
	deadline, ok := ctx.Deadline()
	flush := 2 * time.Second
	if ok {
		flush = min(flush, time.Until(deadline))
	}
	a.reporter.Flush(flush)
	if a.db != nil {
		if err := a.db.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close store: %w", err))
		}
	}
	log.Info("agented stopped", "component", "app")
	if err := a.log.Close(); err != nil {
		errs = append(errs, err)
	}
	// Last: the next process may take the directory only once the store is closed.
	if err := a.lock.Release(); err != nil {
		errs = append(errs, fmt.Errorf("release data directory lock: %w", err))
	}
	return errors.Join(errs...)
}

// startScheduler plans every scheduled trigger from the stored plans and fires them through the
// engine. It follows trigger changes on the bus: an edit, a disable or a delete re-plans.
func (a *App) startScheduler(ctx context.Context) error {
	a.sched = schedule.New(schedule.Options{
		Store: schedule.NewSQLStore(a.db), Jobs: a.triggers, Firer: a.engine, Log: a.log.Logger, Go: a.background,
		OnChange: func() { a.bus.Emit(events.SchedulesChanged, nil) },
	})
	// Subscribed before the first plan, so a change made meanwhile is not lost.
	sub := a.bus.Subscribe(16, func(name string) bool { return name == events.TriggersChanged })
	if err := a.sched.Start(ctx); err != nil {
		sub.Close()
		return fmt.Errorf("start scheduler: %w", err)
	}
	a.background(func() {
		defer sub.Close()
		for {
			if _, err := sub.Next(a.ctx); err != nil {
				return
			}
			a.sched.Reload()
		}
	})
	return nil
}
