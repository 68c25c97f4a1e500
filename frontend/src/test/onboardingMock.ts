// The onboarding part of the bridge stand-in (re-exported by bridgeMock), with the folder dialog: a guide that is done,
// so screens that ask whether to open it stay where they are unless a test says otherwise.
import { vi } from 'vitest'
import type * as Bridge from '@/bridge'
import type { CLIGuide, OnboardingState, TriggerTemplate } from '@/bridge'
import { triggerFixture } from './fixtures'

type Fn<K extends keyof typeof Bridge> = (typeof Bridge)[K] extends (...args: infer A) => infer R ? (...args: A) => R : never

export const getOnboardingState = vi.fn<Fn<'getOnboardingState'>>()
export const finishOnboarding = vi.fn<Fn<'finishOnboarding'>>()
export const listTriggerTemplates = vi.fn<Fn<'listTriggerTemplates'>>()
export const listCLIGuides = vi.fn<Fn<'listCLIGuides'>>()
export const createFirstTrigger = vi.fn<Fn<'createFirstTrigger'>>()
export const pickDirectory = vi.fn<Fn<'pickDirectory'>>()

export const onboardingStateFixture = (over: Partial<OnboardingState> = {}): OnboardingState => ({
  done: true,
  skipped: false,
  firstLaunch: false,
  userTriggers: 1,
  defaultBackend: 'claude',
  ...over,
})

export const templatesFixture = (): TriggerTemplate[] => [
  {
    id: 'explain-repo',
    name: 'Explain this repository',
    description: 'A tour of a codebase.',
    prompt: 'Explain this repository.',
    needsDirectory: true,
    permissionProfile: 'read-only',
  },
  {
    id: 'hello',
    name: 'Check the setup',
    description: 'A one-line answer.',
    prompt: 'Say hello.',
    needsDirectory: false,
    permissionProfile: 'read-only',
  },
]

const guide = (name: string, displayName: string, install: string, login: string, keyProvider: string, keyEnvVar: string): CLIGuide => ({
  name,
  displayName,
  install,
  login,
  loginNote: `Log in to ${displayName}.`,
  keyProvider,
  keyEnvVar,
  docsUrl: '',
})

export const guidesFixture = (): CLIGuide[] => [
  guide('claude', 'Claude Code', 'npm i -g @anthropic-ai/claude-code', 'claude auth login', 'anthropic', 'ANTHROPIC_API_KEY'),
  guide('codex', 'Codex', 'npm i -g @openai/codex', 'codex login', 'openai', 'OPENAI_API_KEY'),
  guide('gemini', 'Gemini CLI', 'npm i -g @google/gemini-cli', 'gemini', 'google', 'GEMINI_API_KEY'),
  guide('opencode', 'OpenCode', 'npm i -g opencode-ai', 'opencode auth login', 'anthropic', 'ANTHROPIC_API_KEY'),
]

/** resetOnboardingMock restores the default answers (called by resetBridgeMock). */
export function resetOnboardingMock() {
  for (const fn of [getOnboardingState, finishOnboarding, listTriggerTemplates, listCLIGuides, createFirstTrigger, pickDirectory]) fn.mockReset()
  pickDirectory.mockImplementation(async () => '')
  getOnboardingState.mockImplementation(async () => onboardingStateFixture())
  finishOnboarding.mockImplementation(async (skipped) => onboardingStateFixture({ skipped }))
  listTriggerTemplates.mockImplementation(async () => templatesFixture())
  listCLIGuides.mockImplementation(async () => guidesFixture())
  createFirstTrigger.mockImplementation(async (input) => {
    const t = templatesFixture().find((x) => x.id === input.templateId) ?? templatesFixture()[0]
    const paths = input.directory ? [{ id: 1, path: input.directory, projectId: '', position: 0, missing: false }] : []
    return triggerFixture({ id: 'trig-first', name: t.name, promptTemplate: t.prompt, backendType: input.backend || 'claude', paths })
  })
}
