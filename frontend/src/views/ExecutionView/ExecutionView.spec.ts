import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { executionFixture, fakeLines, usageFixture } from '@/test/fixtures'
import { Events, executionLog } from '@/constants/events'
import { mountWithApp } from '@/test/mount'
import { byId } from '@/test/dom'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

async function open(id = 'exec-1') {
  const mounted = await mountWithApp(RouterView, `/executions/${id}`)
  await flushPromises()
  return mounted
}

describe('ExecutionView', () => {
  it('shows the run and follows its status live', async () => {
    const { wrapper } = await open()
    expect(byId(wrapper, 'exec-status').text()).toBe('Running')
    expect(wrapper.find('[data-testid="exec-cancel"]').exists()).toBe(true)

    bridge.emit(
      Events.ExecutionStatus,
      executionFixture({
        status: 'failed',
        exitCode: 1,
        failureKind: 'auth',
        failureEvidence: 'Invalid API key · Please run /login',
        finishedAt: '2025-01-01T10:00:09.000Z',
        durationMs: 8000,
        usage: usageFixture({ inputTokens: 1200, outputTokens: 80, costUsd: 0.0123, model: 'claude-sonnet', resultText: 'Nope' }),
      }),
    )
    await flushPromises()
    expect(byId(wrapper, 'exec-status').text()).toBe('Failed')
    expect(wrapper.find('[data-testid="exec-cancel"]').exists()).toBe(false)
    expect(byId(wrapper, 'exec-failure-kind').text()).toBe('Not logged in')
    expect(byId(wrapper, 'exec-evidence').text()).toBe('Invalid API key · Please run /login')
    const usage = byId(wrapper, 'usage-panel').text()
    expect(usage).toContain('1,200')
    expect(usage).toContain('$0.0123')
    expect(usage).toContain('claude-sonnet')
    expect(usage).toContain('Nope')
    expect(wrapper.text()).toContain('8.0 s')
    wrapper.unmount()
  })

  it('shows a storage failure once, not as message, evidence and warning alike', async () => {
    const { wrapper } = await open()
    const msg = 'output could not be stored: create log dir: mkdir /data/runs: not a directory; the run was stopped'
    bridge.emit(
      Events.ExecutionStatus,
      executionFixture({ status: 'failed', failureKind: 'storage', errorMessage: msg, failureEvidence: msg, warnings: [msg, 'other'] }),
    )
    await flushPromises()
    expect(byId(wrapper, 'exec-failure-kind').text()).toBe('Output could not be stored')
    expect(byId(wrapper, 'exec-evidence').text()).toBe(msg)
    expect(byId(wrapper, 'exec-failure').text().split(msg).length - 1).toBe(1)
    expect(byId(wrapper, 'exec-warnings').text()).not.toContain(msg)
    expect(byId(wrapper, 'exec-warnings').text()).toContain('other')
    wrapper.unmount()
  })

  it('cancels a running run and says so', async () => {
    const { wrapper } = await open()
    await byId(wrapper, 'exec-cancel').trigger('click')
    await flushPromises()
    expect(bridge.cancelExecution).toHaveBeenCalledWith('exec-1')
    expect(document.body.textContent).toContain('Stopping the run')
    wrapper.unmount()
  })

  it('shows a refused cancel', async () => {
    bridge.cancelExecution.mockRejectedValue('run already finished')
    const { wrapper } = await open()
    await byId(wrapper, 'exec-cancel').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('Could not cancel: run already finished')
    wrapper.unmount()
  })

  it('re-runs into a new execution and copies the command', async () => {
    const { wrapper, router } = await open()
    await byId(wrapper, 'exec-copy-command').trigger('click')
    await flushPromises()
    expect(bridge.copyText).toHaveBeenCalledWith(
      "claude -p --verbose --output-format stream-json -- 'Review the changes in /home/test/src/app.'",
    )
    await byId(wrapper, 'exec-rerun').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/executions/exec-rerun1')
    wrapper.unmount()
  })

  it('renders stored and live lines with stream styling, and searches', async () => {
    bridge.logLines.mockImplementation(async (_id, after) =>
      after === 0
        ? { lines: [...fakeLines(1, 2), { seq: 3, stream: 'stderr', ts: '', text: '\x1b[31m<boom>\x1b[0m' }], next: 0, total: 3 }
        : { lines: [], next: 0, total: 3 },
    )
    bridge.searchLog.mockResolvedValue({ hits: [{ seq: 2, text: 'line 2' }], total: 1 })
    const { wrapper } = await open()
    expect(bridge.logLines).toHaveBeenCalledWith('exec-1', 0, 1000)
    expect(byId(wrapper, 'log-line-1').text()).toContain('line 1')
    const err = byId(wrapper, 'log-line-3')
    expect(err.classes()).toContain('stderr')
    expect(err.html()).toContain('<span class="ansi-fg-1">&lt;boom&gt;</span>')

    bridge.emit(executionLog('exec-1'), { executionId: 'exec-1', lines: [{ seq: 4, stream: 'system', ts: '', text: 'exit 0' }] })
    await flushPromises()
    expect(byId(wrapper, 'log-line-4').classes()).toContain('system')

    await byId(wrapper, 'log-search').setValue('line 2')
    await byId(wrapper, 'log-search').trigger('keydown', { key: 'Enter' })
    await wrapper.get('form.search').trigger('submit')
    await flushPromises()
    expect(bridge.searchLog).toHaveBeenCalledWith('exec-1', 'line 2', 1000)
    expect(byId(wrapper, 'log-search-count').text()).toBe('1 of 1')
    expect(byId(wrapper, 'log-line-2').classes()).toContain('current')
    wrapper.unmount()
  })

  it('follows the tail of a live run and stops when switched off', async () => {
    const { wrapper } = await open()
    const toggle = byId(wrapper, 'follow-tail')
    expect(toggle.attributes('aria-checked')).toBe('true')
    await toggle.trigger('click')
    expect(toggle.attributes('aria-checked')).toBe('false')
    wrapper.unmount()
  })

  it('explains a run that cannot be loaded', async () => {
    bridge.getExecution.mockRejectedValue('execution not found')
    const { wrapper } = await open('exec-gone')
    expect(wrapper.text()).toContain('execution not found')
    wrapper.unmount()
  })

  it('pages the transcript when its tab is opened', async () => {
    bridge.logLines.mockResolvedValue({ lines: fakeLines(1, 3), next: 0, total: 3 })
    bridge.transcript.mockResolvedValue([
      { seq: 1, kind: 'text', text: 'I will look at the diff.', tool: '', input: '', isError: false },
      { seq: 2, kind: 'tool_call', text: '', tool: 'Bash', input: '{\n  "command": "git diff"\n}', isError: false },
      { seq: 3, kind: 'tool_result', text: 'diff --git a/x b/x', tool: 'Bash', input: '', isError: false },
    ])
    const { wrapper } = await open()
    await byId(wrapper, 'exec-tab-transcript').trigger('click')
    await flushPromises()
    expect(bridge.transcript).toHaveBeenCalledWith('exec-1', 0, 500)
    expect(byId(wrapper, 'transcript-text-1').text()).toContain('I will look at the diff.')
    expect(byId(wrapper, 'transcript-tool_call-2').text()).toContain('git diff')
    wrapper.unmount()
  })
})
