package bindings

import (
	"context"

	"github.com/agented/agented/backend/onboarding"
	"github.com/agented/agented/backend/trigger"
)

// OnboardingAPI drives the first-run guide. Detection, keys and runs go through AgentCLIAPI,
// KeysAPI and ExecutionsAPI like everywhere else.
type OnboardingAPI struct {
	ctx context.Context
	svc *onboarding.Service
	rec Recorder
}

// NewOnboardingAPI returns the facade.
func NewOnboardingAPI(ctx context.Context, svc *onboarding.Service, rec Recorder) *OnboardingAPI {
	return &OnboardingAPI{ctx: ctx, svc: svc, rec: rec}
}

// State says whether the guide opens by itself and which CLI it suggests.
func (a *OnboardingAPI) State() (onboarding.State, error) { return a.svc.State(a.ctx) }

// Finish marks the guide done (skipped: left before the end), so it no longer opens by itself.
func (a *OnboardingAPI) Finish(skipped bool) (onboarding.State, error) {
	return record(a.ctx, a.rec, "onboarding.finish", "", nil, func() (onboarding.State, error) { return a.svc.Finish(a.ctx, skipped) })
}

// Templates lists the prompts a first trigger can start from.
func (a *OnboardingAPI) Templates() ([]onboarding.Template, error) {
	return onboarding.Templates(), nil
}

// Guides says how to install and log in to each AI CLI.
func (a *OnboardingAPI) Guides() ([]onboarding.CLIGuide, error) { return onboarding.Guides(), nil }

// CreateTrigger makes a manual trigger from a template.
func (a *OnboardingAPI) CreateTrigger(in onboarding.CreateInput) (trigger.Trigger, error) {
	return record(a.ctx, a.rec, "trigger.create", "", nil, func() (trigger.Trigger, error) { return a.svc.CreateTrigger(a.ctx, in) })
}
