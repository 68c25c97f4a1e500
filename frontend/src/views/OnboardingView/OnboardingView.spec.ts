import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { useRouter } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { clisFixture, executionFixture, keysFixture, usageFixture } from '@/test/fixtures'
import { byId } from '@/test/dom'
import { mountWithApp } from '@/test/mount'
import { Events } from '@/constants/events'
import { FieldError } from '@/bridge/call'
import { useFirstRunRedirect } from '@/composables/useFirstRunRedirect'
import OnboardingView from './index.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

const stepOf = (w: VueWrapper) => byId(w, 'onboarding-step').attributes('data-step')
const missing = (name: string) => ({ ...clisFixture().find((c) => c.name === name)!, found: false, path: '', version: '' })

async function open() {
  const mounted = await mountWithApp(OnboardingView, '/welcome')
  await flushPromises()
  return mounted
}

async function typeInto(w: VueWrapper, id: string, value: string) {
  await byId(w, id).setValue(value)
  await flushPromises()
}

// Walks to the trigger step with the defaults.
async function toTriggerStep(w: VueWrapper) {
  await byId(w, 'onb-cli-next').trigger('click')
  await byId(w, 'onb-key-next').trigger('click')
  await flushPromises()
  expect(stepOf(w)).toBe('trigger')
}

describe('OnboardingView: CLIs', () => {
  it('shows each CLI found with version and path, and how to install and log in to the others', async () => {
    const { wrapper } = await open()
    expect(stepOf(wrapper)).toBe('cli')
    expect(byId(wrapper, 'onb-cli-summary').text()).toContain('Found Claude Code 2.0.1, Codex codex-cli 0.50.0')
    expect(byId(wrapper, 'onb-cli-status-claude').text()).toBe('Found')
    expect(byId(wrapper, 'onb-cli-version-claude').text()).toBe('2.0.1 (Claude Code)')
    expect(byId(wrapper, 'onb-cli-path-claude').text()).toBe('/usr/bin/claude')
    expect(byId(wrapper, 'onb-cli-login-claude').text()).toBe('claude auth login')
    expect(wrapper.find('[data-testid="onb-cli-install-claude"]').exists()).toBe(false)
    expect(byId(wrapper, 'onb-cli-status-gemini').text()).toBe('Not installed')
    expect(byId(wrapper, 'onb-cli-install-gemini').text()).toBe('npm i -g @google/gemini-cli')
    expect(byId(wrapper, 'onb-cli-login-gemini').text()).toBe('gemini')
    expect(byId(wrapper, 'onb-cli-next').attributes('disabled')).toBeUndefined()
    wrapper.unmount()
  })

  it('says when no CLI is found, keeps Continue off, and checks again', async () => {
    bridge.listAgentCLIs.mockResolvedValue(['claude', 'codex', 'gemini', 'opencode'].map(missing))
    const { wrapper } = await open()
    expect(byId(wrapper, 'onb-no-cli').text()).toContain('No AI CLI found')
    expect(byId(wrapper, 'onb-cli-install-claude').text()).toBe('npm i -g @anthropic-ai/claude-code')
    expect(byId(wrapper, 'onb-cli-next').attributes('disabled')).toBeDefined()

    bridge.detectAgentCLIs.mockResolvedValue([clisFixture()[0], ...['codex', 'gemini', 'opencode'].map(missing)])
    await byId(wrapper, 'onb-cli-recheck').trigger('click')
    await flushPromises()
    expect(bridge.detectAgentCLIs).toHaveBeenCalledOnce()
    expect(wrapper.find('[data-testid="onb-no-cli"]').exists()).toBe(false)
    expect(byId(wrapper, 'onb-cli-next').attributes('disabled')).toBeUndefined()
    wrapper.unmount()
  })

  it('reports a detection that failed', async () => {
    bridge.listAgentCLIs.mockRejectedValue(new Error('login shell timed out'))
    const { wrapper } = await open()
    expect(byId(wrapper, 'onb-cli-error').text()).toContain('login shell timed out')
    wrapper.unmount()
  })
})

describe('OnboardingView: keys', () => {
  it('stores a key for the chosen CLI in the keyring and forgets the value', async () => {
    bridge.listKeys.mockResolvedValue(keysFixture().map((k) => ({ ...k, stored: false, fromEnv: false })))
    const { wrapper } = await open()
    await byId(wrapper, 'onb-cli-next').trigger('click')
    expect(stepOf(wrapper)).toBe('key')
    expect(byId(wrapper, 'onb-key-status').text()).toBe('Not set')
    expect(byId(wrapper, 'onb-key-next').text()).toBe('Continue without a key')

    bridge.listKeys.mockResolvedValue(keysFixture())
    await typeInto(wrapper, 'onb-key-input', 'fake-anthropic-key-for-tests')
    await byId(wrapper, 'onb-key-save').trigger('submit')
    await flushPromises()
    expect(bridge.setKey).toHaveBeenCalledWith('anthropic', 'fake-anthropic-key-for-tests')
    expect((byId(wrapper, 'onb-key-input').element as HTMLInputElement).value).toBe('')
    expect(byId(wrapper, 'onb-key-status').text()).toBe('Stored in the keyring')
    expect(byId(wrapper, 'onb-key-next').text()).toBe('Continue')
    wrapper.unmount()
  })

  it('shows why a key was rejected and lets the user go on', async () => {
    bridge.setKey.mockRejectedValue({ message: 'invalid secret: the value contains a line break' })
    const { wrapper } = await open()
    await byId(wrapper, 'onb-cli-next').trigger('click')
    await typeInto(wrapper, 'onb-key-input', 'bad\nkey')
    await byId(wrapper, 'onb-key-save').trigger('submit')
    await flushPromises()
    expect(byId(wrapper, 'onb-key-error').text()).toContain('contains a line break')
    await byId(wrapper, 'onb-key-next').trigger('click')
    expect(stepOf(wrapper)).toBe('trigger')
    wrapper.unmount()
  })
})

describe('OnboardingView: first trigger and run', () => {
  it('asks for a directory before creating a repository trigger', async () => {
    const { wrapper } = await open()
    await toTriggerStep(wrapper)
    expect(byId(wrapper, 'onb-template-explain-repo').attributes('aria-checked')).toBe('true')
    await byId(wrapper, 'onb-trigger-create').trigger('submit')
    await flushPromises()
    expect(byId(wrapper, 'onb-trigger-dir-error').text()).toContain('Choose the repository')
    expect(bridge.createFirstTrigger).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('fills the directory from the folder dialog, keeps it when cancelled, says when there is no window', async () => {
    const { wrapper } = await open()
    await toTriggerStep(wrapper)
    const input = () => (byId(wrapper, 'onb-trigger-dir').element as HTMLInputElement).value
    bridge.pickDirectory.mockResolvedValueOnce('/home/test/src/app')
    await byId(wrapper, 'onb-trigger-browse').trigger('click')
    await flushPromises()
    expect(bridge.pickDirectory).toHaveBeenCalledWith('Choose the repository')
    expect(input()).toBe('/home/test/src/app')

    bridge.pickDirectory.mockResolvedValueOnce('')
    await byId(wrapper, 'onb-trigger-browse').trigger('click')
    await flushPromises()
    expect(input()).toBe('/home/test/src/app')

    bridge.pickDirectory.mockRejectedValueOnce({ message: 'no app window to open a folder dialog in; type the path instead' })
    await byId(wrapper, 'onb-trigger-browse').trigger('click')
    await flushPromises()
    expect(byId(wrapper, 'onb-trigger-dir-error').text()).toContain('type the path instead')
    wrapper.unmount()
  })

  it('shows a directory Go refused under the field', async () => {
    bridge.createFirstTrigger.mockRejectedValue(
      new FieldError('invalid onboarding', 'onboarding', { directory: 'invalid directory: /nope does not exist' }),
    )
    const { wrapper } = await open()
    await toTriggerStep(wrapper)
    await typeInto(wrapper, 'onb-trigger-dir', '/nope')
    await byId(wrapper, 'onb-trigger-create').trigger('submit')
    await flushPromises()
    expect(byId(wrapper, 'onb-trigger-dir-error').text()).toContain('/nope does not exist')
    expect(bridge.runTrigger).not.toHaveBeenCalled()
    expect(stepOf(wrapper)).toBe('trigger')
    await typeInto(wrapper, 'onb-trigger-dir', '/home/test/src/app')
    expect(wrapper.find('[data-testid="onb-trigger-dir-error"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('creates the trigger with the first CLI found, runs it, follows it live and finishes the guide', async () => {
    bridge.getExecution.mockImplementation(async (id) => executionFixture({ id, triggerId: 'trig-first', status: 'queued' }))
    const { wrapper, router } = await open()
    await toTriggerStep(wrapper)
    await typeInto(wrapper, 'onb-trigger-dir', '/home/test/src/app')
    await byId(wrapper, 'onb-trigger-create').trigger('submit')
    await flushPromises()
    expect(bridge.createFirstTrigger).toHaveBeenCalledWith({ templateId: 'explain-repo', backend: 'claude', directory: '/home/test/src/app' })
    expect(bridge.runTrigger).toHaveBeenCalledWith('trig-first', '')
    expect(stepOf(wrapper)).toBe('run')
    expect(byId(wrapper, 'onb-run-trigger').text()).toBe('Explain this repository')
    expect(wrapper.find('[data-testid="log-viewport"]').exists()).toBe(true)

    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-new1', triggerId: 'trig-first', status: 'running' }))
    await flushPromises()
    expect(byId(wrapper, 'onb-run-status').attributes('data-status')).toBe('running')
    expect(bridge.finishOnboarding).not.toHaveBeenCalled()

    expect(wrapper.find('[data-testid="onb-run-answer"]').exists()).toBe(false)

    const usage = usageFixture({ resultText: 'A Go service with a Vue front end.' })
    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-new1', triggerId: 'trig-first', status: 'success', usage }))
    await flushPromises()
    expect(byId(wrapper, 'onb-run-success').text()).toContain('Your first run succeeded')
    expect(byId(wrapper, 'onb-run-answer').text()).toContain('A Go service with a Vue front end.')
    expect(bridge.finishOnboarding).toHaveBeenCalledWith(false)
    expect(wrapper.find('[data-testid="onboarding-skip"]').exists()).toBe(false)
    expect(byId(wrapper, 'onb-run-open-trigger').attributes('href')).toBe('/triggers/trig-first')
    expect(byId(wrapper, 'onb-run-open-run').attributes('href')).toBe('/executions/exec-new1')
    await byId(wrapper, 'onb-run-done').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/')
    wrapper.unmount()
  })

  it('explains a failed run, says how to log in and runs it again without a second trigger', async () => {
    bridge.getExecution.mockImplementation(async (id) =>
      executionFixture({ id, status: 'failed', failureKind: 'auth', errorMessage: 'Not logged in · Please run /login' }),
    )
    const { wrapper } = await open()
    await toTriggerStep(wrapper)
    await byId(wrapper, 'onb-template-hello').trigger('click')
    await byId(wrapper, 'onb-trigger-create').trigger('submit')
    await flushPromises()
    expect(bridge.createFirstTrigger).toHaveBeenCalledWith({ templateId: 'hello', backend: 'claude', directory: '' })
    const failure = byId(wrapper, 'onb-run-failure').text()
    expect(failure).toContain('Not logged in: Not logged in · Please run /login')
    expect(byId(wrapper, 'onb-run-login').text()).toBe('claude auth login')
    expect(bridge.finishOnboarding).not.toHaveBeenCalled()

    bridge.runTrigger.mockResolvedValue('exec-new2')
    await byId(wrapper, 'onb-run-again').trigger('click')
    await flushPromises()
    expect(bridge.runTrigger).toHaveBeenLastCalledWith('trig-first', '')
    expect(bridge.createFirstTrigger).toHaveBeenCalledOnce()
    expect(byId(wrapper, 'onb-run-open-run').attributes('href')).toBe('/executions/exec-new2')
    wrapper.unmount()
  })

  it('says when the run cannot start', async () => {
    bridge.runTrigger.mockRejectedValue({ message: 'claude: command not found' })
    const { wrapper } = await open()
    await toTriggerStep(wrapper)
    await byId(wrapper, 'onb-template-hello').trigger('click')
    await byId(wrapper, 'onb-trigger-create').trigger('submit')
    await flushPromises()
    expect(byId(wrapper, 'onb-trigger-error').text()).toContain('claude: command not found')
    expect(stepOf(wrapper)).toBe('trigger')
    wrapper.unmount()
  })
})

describe('OnboardingView: skip and first launch', () => {
  it('skips the guide for good and goes to the dashboard', async () => {
    const { wrapper, router } = await open()
    await byId(wrapper, 'onboarding-skip').trigger('click')
    await flushPromises()
    expect(bridge.finishOnboarding).toHaveBeenCalledWith(true)
    expect(router.currentRoute.value.path).toBe('/')
    wrapper.unmount()
  })

  const Shell = defineComponent({
    setup() {
      useFirstRunRedirect(useRouter())
      return () => h('div')
    },
  })

  it.each([
    { name: 'a first launch on the dashboard opens the guide', path: '/', firstLaunch: true, want: '/welcome' },
    { name: 'a used data directory stays on the dashboard', path: '/', firstLaunch: false, want: '/' },
    { name: 'a link to another screen is followed', path: '/settings', firstLaunch: true, want: '/settings' },
  ])('$name', async ({ path, firstLaunch, want }) => {
    bridge.getOnboardingState.mockResolvedValue(bridge.onboardingStateFixture({ firstLaunch, done: !firstLaunch, userTriggers: 0 }))
    const { wrapper, router } = await mountWithApp(Shell, path)
    await flushPromises()
    expect(router.currentRoute.value.path).toBe(want)
    wrapper.unmount()
  })

  it('stays on the dashboard when Go cannot answer', async () => {
    bridge.getOnboardingState.mockRejectedValue(new Error('backend down'))
    const { wrapper, router } = await mountWithApp(Shell, '/')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/')
    wrapper.unmount()
  })
})
