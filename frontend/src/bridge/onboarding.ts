import * as OnboardingAPI from '@wails/go/bindings/OnboardingAPI'
import { onboarding } from '@wails/go/models'
import { call } from './call'
import { list, type Data } from './data'
import type { Trigger } from './triggers'

export type OnboardingState = Data<onboarding.State>
export type TriggerTemplate = Data<onboarding.Template>
export type CLIGuide = Data<onboarding.CLIGuide>
export type FirstTriggerInput = Data<onboarding.CreateInput>

/** getOnboardingState says whether the first-run guide opens by itself and which CLI it suggests. */
export const getOnboardingState = (): Promise<OnboardingState> => call(() => OnboardingAPI.State())

/** finishOnboarding marks the guide done (skipped: left early); it then opens only when asked. */
export const finishOnboarding = (skipped: boolean): Promise<OnboardingState> =>
  call(() => OnboardingAPI.Finish(skipped))

/** listTriggerTemplates returns the prompts a first trigger can start from, the suggested one first. */
export const listTriggerTemplates = (): Promise<TriggerTemplate[]> => call(() => OnboardingAPI.Templates()).then(list)

/** listCLIGuides says how to install and log in to each AI CLI. */
export const listCLIGuides = (): Promise<CLIGuide[]> => call(() => OnboardingAPI.Guides()).then(list)

/**
 * createFirstTrigger makes a manual trigger from a template; an empty backend means the first CLI
 * found. A refused input rejects with a FieldError naming templateId, backend or directory.
 */
export const createFirstTrigger = (input: FirstTriggerInput): Promise<Trigger> =>
  call(() => OnboardingAPI.CreateTrigger(onboarding.CreateInput.createFrom(input)))
