package restapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/account"
	"github.com/agented/agented/backend/apikey"
	"github.com/agented/agented/backend/budget"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/notify"
	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/update"
	"github.com/agented/agented/backend/usage"
)

// Scopes, short for the tables below.
const (
	read  = apikey.ScopeRead
	run   = apikey.ScopeRun
	admin = apikey.ScopeAdmin
)

var execListQuery = []string{"triggerId", "projectId", "status", "backend", "from", "to", "q", "limit", "offset"}

// RegisterAdmin adds the /admin routes to g (mounted at /admin by the listener).
func (a *API) RegisterAdmin(g *echo.Group) {
	r := a.newRegistrar(g, "/admin")
	trig := func(c echo.Context) (any, error) { return a.d.Triggers.Get(c.Request().Context(), c.Param("id")) }

	r.add(Route{Method: http.MethodGet, Path: "/triggers", Scope: read, Summary: "List triggers with their latest run", Query: []string{"q"}, Resp: TriggerList{}}, a.listTriggers)
	r.add(Route{Method: http.MethodPost, Path: "/triggers", Scope: admin, Action: "trigger.create", Summary: "Create a trigger", Body: trigger.Trigger{}, Resp: trigger.Trigger{}, Status: http.StatusCreated}, a.createTrigger)
	r.add(Route{Method: http.MethodGet, Path: "/triggers/:id", Scope: read, Summary: "Get a trigger with its next fire times", Resp: TriggerDetail{}}, a.getTrigger)
	r.add(Route{Method: http.MethodPut, Path: "/triggers/:id", Scope: admin, Action: "trigger.update", Summary: "Update a trigger (fields left out keep their value)", Body: trigger.Trigger{}, Resp: trigger.Trigger{}, Before: trig}, a.updateTrigger)
	r.add(Route{Method: http.MethodDelete, Path: "/triggers/:id", Scope: admin, Action: "trigger.delete", Summary: "Delete a trigger", Status: http.StatusNoContent, Before: trig}, a.deleteTrigger)
	r.add(Route{Method: http.MethodPost, Path: "/triggers/:id/run", Scope: run, Action: "trigger.run", Summary: "Start a manual run", Body: RunRequest{}, Resp: RunAccepted{}, Status: http.StatusAccepted}, a.runTrigger)
	r.add(Route{Method: http.MethodPost, Path: "/triggers/:id/preview", Scope: read, Summary: "Render the prompt with sample values", Body: PreviewRequest{}, Resp: trigger.Preview{}}, a.previewTrigger)
	r.add(Route{Method: http.MethodPost, Path: "/triggers/:id/reset", Scope: admin, Action: "trigger.reset", Summary: "Restore a predefined trigger", Resp: trigger.Trigger{}, Before: trig}, a.resetTrigger)
	r.add(Route{Method: http.MethodPost, Path: "/triggers/:id/resume", Scope: admin, Action: "trigger.resume", Summary: "Resume a trigger paused after repeated failures", Resp: trigger.Trigger{}, Before: trig}, a.resumeTrigger)
	r.add(Route{Method: http.MethodGet, Path: "/triggers/:id/paths", Scope: read, Summary: "List a trigger's linked directories", Resp: PathList{}}, a.listPaths)
	r.add(Route{Method: http.MethodPost, Path: "/triggers/:id/paths", Scope: admin, Action: "trigger.path.add", Summary: "Link a directory", Body: AddPathRequest{}, Resp: trigger.Trigger{}, Status: http.StatusCreated, Before: trig}, a.addPath)
	r.add(Route{Method: http.MethodDelete, Path: "/triggers/:id/paths/:pathId", Scope: admin, Action: "trigger.path.remove", Summary: "Unlink a directory", Resp: trigger.Trigger{}, Before: trig}, a.removePath)
	r.add(Route{Method: http.MethodGet, Path: "/triggers/:id/status", Scope: read, Summary: "The trigger's latest run, or {status: idle}", Resp: execution.Execution{}}, a.triggerStatus)
	r.add(Route{Method: http.MethodGet, Path: "/triggers/:id/executions", Scope: read, Summary: "The trigger's runs, newest first", Query: execListQuery, Resp: execution.Page{}}, a.triggerExecutions)

	if a.d.Schedules != nil {
		r.add(Route{Method: http.MethodGet, Path: "/schedules/upcoming", Scope: read, Summary: "The next scheduled runs", Query: []string{"limit"}, Resp: UpcomingList{}}, a.upcomingRuns)
		r.add(Route{Method: http.MethodPost, Path: "/schedules/preview", Scope: read, Summary: "Describe a schedule and its next fire times", Body: schedule.Spec{}, Resp: schedule.Preview{}}, a.previewSchedule)
	}

	r.add(Route{Method: http.MethodGet, Path: "/executions", Scope: read, Summary: "List runs, newest first", Query: execListQuery, Resp: execution.Page{}}, a.listExecutions)
	r.add(Route{Method: http.MethodGet, Path: "/executions/:id", Scope: read, Summary: "Get a run", Resp: execution.Execution{}}, a.getExecution)
	r.add(Route{Method: http.MethodGet, Path: "/executions/:id/lines", Scope: read, Summary: "Page a run's stored log", Query: []string{"after", "limit"}, Resp: execution.LinesPage{}}, a.executionLines)
	r.add(Route{Method: http.MethodGet, Path: "/executions/:id/transcript", Scope: read, Summary: "Page a run's transcript", Query: []string{"after", "limit"}, Resp: Transcript{}}, a.executionTranscript)
	r.add(Route{Method: http.MethodGet, Path: "/executions/:id/stream", Scope: read, Summary: "Server-sent events of a run's log (resume with Last-Event-ID)", Query: []string{"after"}, Stream: true}, a.streamExecution)
	r.add(Route{Method: http.MethodPost, Path: "/executions/:id/cancel", Scope: run, Action: "execution.cancel", Summary: "Cancel a run (200 when over, 202 while stopping)", Resp: RunAccepted{}, Status: http.StatusAccepted}, a.cancelExecution)
	r.add(Route{Method: http.MethodGet, Path: "/executions/:id/diff", Scope: read, Summary: "A worktree run's changes against its base commit (summary and unified diff)", Resp: execution.Diff{}}, a.executionDiff)
	r.add(Route{Method: http.MethodPost, Path: "/executions/:id/worktree/remove", Scope: run, Action: "execution.worktree.remove", Summary: "Remove a finished run's worktree; uncommitted changes are saved first (a commit on its branch, else a patch) and the branch is kept", Resp: execution.Execution{}}, a.removeWorktree)
	r.add(Route{Method: http.MethodPost, Path: "/executions/:id/rerun", Scope: run, Action: "execution.rerun", Summary: "Run again with the same inputs", Resp: RunAccepted{}, Status: http.StatusAccepted}, a.rerunExecution)

	if a.d.Accounts != nil {
		acct := func(c echo.Context) (any, error) { return a.d.Accounts.Get(c.Request().Context(), c.Param("id")) }
		r.add(Route{Method: http.MethodGet, Path: "/accounts", Scope: read, Summary: "List accounts and cooldowns", Resp: AccountList{}}, a.listAccounts)
		r.add(Route{Method: http.MethodPost, Path: "/accounts", Scope: admin, Action: "account.create", Summary: "Create an account", Body: account.Input{}, Resp: account.Account{}, Status: http.StatusCreated}, a.createAccount)
		r.add(Route{Method: http.MethodGet, Path: "/accounts/:id", Scope: read, Summary: "Get an account", Resp: account.Account{}}, a.getAccount)
		r.add(Route{Method: http.MethodPut, Path: "/accounts/:id", Scope: admin, Action: "account.update", Summary: "Update an account (apiKey absent keeps the stored key)", Body: account.Input{}, Resp: account.Account{}, Before: acct}, a.updateAccount)
		r.add(Route{Method: http.MethodPatch, Path: "/accounts/:id", Scope: admin, Action: "account.update", Summary: "Same as PUT", Body: account.Input{}, Resp: account.Account{}, Before: acct}, a.updateAccount)
		r.add(Route{Method: http.MethodDelete, Path: "/accounts/:id", Scope: admin, Action: "account.delete", Summary: "Delete an account and its key", Status: http.StatusNoContent, Before: acct}, a.deleteAccount)
		r.add(Route{Method: http.MethodPost, Path: "/accounts/:id/clear-cooldown", Scope: admin, Action: "account.clear-cooldown", Summary: "End a cooldown (an account id or a backend name)", Status: http.StatusNoContent}, a.clearCooldown)
	}
	if a.d.Usage != nil {
		r.add(Route{Method: http.MethodGet, Path: "/usage", Scope: read, Summary: "Spend and tokens over a period", Query: []string{"from", "to", "groupBy"}, Resp: usage.Report{}}, a.getUsage)
	}
	if a.d.Budgets != nil {
		bud := func(c echo.Context) (any, error) { return a.d.Budgets.Get(c.Request().Context(), c.Param("id")) }
		r.add(Route{Method: http.MethodGet, Path: "/budgets", Scope: read, Summary: "List budgets with their spend", Resp: []budget.Status{}}, a.listBudgets)
		r.add(Route{Method: http.MethodPost, Path: "/budgets", Scope: admin, Action: "budget.create", Summary: "Create a budget", Body: budget.Budget{}, Resp: budget.Budget{}, Status: http.StatusCreated}, a.createBudget)
		r.add(Route{Method: http.MethodGet, Path: "/budgets/:id", Scope: read, Summary: "Get a budget", Resp: budget.Budget{}}, a.getBudget)
		r.add(Route{Method: http.MethodPut, Path: "/budgets/:id", Scope: admin, Action: "budget.update", Summary: "Update a budget", Body: budget.Budget{}, Resp: budget.Budget{}, Before: bud}, a.updateBudget)
		r.add(Route{Method: http.MethodDelete, Path: "/budgets/:id", Scope: admin, Action: "budget.delete", Summary: "Delete a budget", Status: http.StatusNoContent, Before: bud}, a.deleteBudget)
	}
	if a.d.Prices != nil {
		prices := func(echo.Context) (any, error) { return map[string]any{"prices": a.d.Prices.Table()}, nil }
		r.add(Route{Method: http.MethodGet, Path: "/prices", Scope: read, Summary: "The model price table", Resp: []usage.Price{}}, a.listPrices)
		r.add(Route{Method: http.MethodPut, Path: "/prices", Scope: admin, Action: "prices.update", Summary: "Replace the model price table", Body: []usage.Price{}, Resp: []usage.Price{}, Before: prices}, a.setPrices)
	}
	if a.d.Updates != nil {
		r.add(Route{Method: http.MethodGet, Path: "/update", Scope: read, Summary: "The last update check", Resp: update.Status{}}, a.updateStatus)
		r.add(Route{Method: http.MethodPost, Path: "/update/check", Scope: read, Summary: "Read the release feed now (downloads nothing)", Resp: update.Status{}}, a.checkUpdate)
	}
	if a.d.Notifications != nil {
		r.add(Route{Method: http.MethodGet, Path: "/notifications", Scope: read, Summary: "List notifications, newest first", Query: []string{"unread", "limit"}, Resp: notify.Page{}}, a.listNotifications)
		r.add(Route{Method: http.MethodPost, Path: "/notifications/read-all", Scope: admin, Action: "notification.read-all", Summary: "Mark every notification read", Status: http.StatusNoContent}, a.readAllNotifications)
		r.add(Route{Method: http.MethodPost, Path: "/notifications/:id/read", Scope: admin, Action: "notification.read", Summary: "Mark one notification read", Status: http.StatusNoContent}, a.readNotification)
		r.add(Route{Method: http.MethodGet, Path: "/notifications/os", Scope: read, Summary: "Which kinds raise an OS notification", Resp: map[string]bool{}}, a.getOSNotifications)
		r.add(Route{Method: http.MethodPut, Path: "/notifications/os", Scope: admin, Action: "notification.os.update", Summary: "Choose which kinds raise an OS notification", Body: map[string]bool{}, Resp: map[string]bool{}}, a.putOSNotifications)
	}
	a.registerKeys(r)
	a.registerAudit(r)
	a.registerParityAdmin(r)
	if a.d.Planning != nil {
		a.registerPlanning(r)
	}
	if a.d.PlanningCommands != nil {
		a.registerPlanningCommands(r)
	}
	if a.d.PullRequests != nil {
		a.registerPullRequests(r)
	}
	if a.d.Projects != nil {
		a.registerProjects(r)
	}
}

// RegisterAPI adds the /api routes to g (mounted at /api by the listener).
func (a *API) RegisterAPI(g *echo.Group) {
	r := a.newRegistrar(g, "/api")
	r.add(Route{Method: http.MethodGet, Path: "/settings", Scope: read, Summary: "The settings (no secrets)", Resp: settings.Settings{}}, a.getSettings)
	r.add(Route{Method: http.MethodGet, Path: "/version", Scope: read, Summary: "Version and mode", Resp: Version{}}, a.getVersion)
	a.registerParityAPI(r)
	r.add(Route{Method: http.MethodGet, Path: "/openapi.json", Scope: read, Summary: "This document"}, a.openAPI)
}
