import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { NSelect } from 'naive-ui'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { executionFixture, projectFixture, summaryFixture, triggerFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId } from '@/test/dom'
import { FieldError } from '@/bridge/call'
import { Events } from '@/constants/events'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

async function open(path: string) {
  const mounted = await mountWithApp(RouterView, path)
  await flushPromises()
  return mounted
}

const linked = summaryFixture({ id: 'trig-a', name: 'Reviewer', projectIds: ['proj-web1'], lastStatus: 'success', lastExecutionId: 'exec-1', lastStartedAt: '2026-01-01T00:00:00Z' })
const elsewhere = summaryFixture({ id: 'trig-b', name: 'Docs bot', projectIds: ['proj-other', 'proj-web1'], backendType: 'codex' })
const other = summaryFixture({ id: 'trig-c', name: 'Unrelated', projectIds: [] })

describe('project triggers tab', () => {
  it('lists the linked triggers live, and links, unlinks and starts one for the project', async () => {
    bridge.listTriggers.mockResolvedValue([linked, elsewhere, other])
    const { wrapper, router } = await open('/projects/proj-web1?tab=triggers')
    expect(bridge.listTriggers).toHaveBeenCalledWith('')
    const row = byId(wrapper, 'project-trigger-row-trig-a')
    expect(row.text()).toContain('Reviewer')
    expect(row.text()).toContain('here')
    expect(row.get('[data-status]').attributes('data-status')).toBe('success')
    expect(byId(wrapper, 'project-trigger-row-trig-b').text()).toContain('elsewhere')
    expect(wrapper.find('[data-testid="project-trigger-row-trig-c"]').exists()).toBe(false)

    // A run of a linked trigger changes its last status in place.
    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-2', triggerId: 'trig-a', status: 'running', queuedAt: '2026-02-01T00:00:00Z', startedAt: '2026-02-01T00:00:01Z' }))
    await flushPromises()
    expect(byId(wrapper, 'project-trigger-row-trig-a').get('[data-status]').attributes('data-status')).toBe('running')

    // Unlink keeps the trigger's other projects and fields.
    bridge.getTrigger.mockResolvedValueOnce(triggerFixture({ id: 'trig-b', model: 'o4', projectIds: ['proj-other', 'proj-web1'] }))
    await byId(wrapper, 'project-trigger-unlink-trig-b').trigger('click')
    await flushPromises()
    expect(bridge.updateTrigger).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'trig-b', model: 'o4', projectIds: ['proj-other'] }))

    // Link appends the project to the chosen trigger's list.
    bridge.getTrigger.mockResolvedValueOnce(triggerFixture({ id: 'trig-c', projectIds: [] }))
    const select = wrapper.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'project-trigger-link-select')!
    select.vm.$emit('update:value', 'trig-c')
    await flushPromises()
    await byId(wrapper, 'project-trigger-link').trigger('click')
    await flushPromises()
    expect(bridge.updateTrigger).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'trig-c', projectIds: ['proj-web1'] }))

    await byId(wrapper, 'project-trigger-new').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/triggers/new?project=proj-web1')
    wrapper.unmount()
  })

  it('says why a link was refused', async () => {
    bridge.listTriggers.mockResolvedValue([linked])
    bridge.updateTrigger.mockRejectedValueOnce(new FieldError('invalid trigger', 'trigger', { projectIds: 'names no project: proj-web1' }))
    const { wrapper } = await open('/projects/proj-web1?tab=triggers')
    await byId(wrapper, 'project-trigger-unlink-trig-a').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('invalid trigger')
    wrapper.unmount()
  })
})

describe('project runs tab', () => {
  it("lists the project's runs and follows their status", async () => {
    bridge.listExecutions.mockResolvedValue({ executions: [executionFixture({ id: 'exec-9', triggerName: 'Reviewer', status: 'running' })], total: 1 })
    const { wrapper, router } = await open('/projects/proj-web1?tab=runs')
    expect(bridge.listExecutions).toHaveBeenCalledWith(expect.objectContaining({ projectId: 'proj-web1', triggerId: '' }))
    const row = byId(wrapper, 'project-run-row-exec-9')
    expect(row.text()).toContain('Reviewer')
    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-9', triggerName: 'Reviewer', status: 'success' }))
    await flushPromises()
    expect(byId(wrapper, 'project-run-row-exec-9').get('[data-status]').attributes('data-status')).toBe('success')
    await byId(wrapper, 'project-run-row-exec-9').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/executions/exec-9')
    wrapper.unmount()
  })
})

describe('project cards', () => {
  it('show how many runs are running, and follow runs starting and ending', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      bridge.listProjects.mockResolvedValue([projectFixture({ id: 'proj-a', runningCount: 2 }), projectFixture({ id: 'proj-b', name: 'Docs' })])
      const { wrapper } = await open('/projects')
      expect(byId(wrapper, 'project-running-proj-a').text()).toBe('2 running')
      expect(wrapper.find('[data-testid="project-running-proj-b"]').exists()).toBe(false)

      bridge.listProjects.mockResolvedValue([projectFixture({ id: 'proj-a', runningCount: 0 }), projectFixture({ id: 'proj-b', name: 'Docs', runningCount: 1 })])
      bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-1', status: 'success' }))
      await vi.advanceTimersByTimeAsync(1000)
      await flushPromises()
      expect(wrapper.find('[data-testid="project-running-proj-a"]').exists()).toBe(false)
      expect(byId(wrapper, 'project-running-proj-b').text()).toBe('1 running')
      wrapper.unmount()
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('trigger editor projects', () => {
  it('starts a trigger for a project from ?project= and saves the links', async () => {
    bridge.listProjects.mockResolvedValue([projectFixture({ id: 'proj-web1', name: 'Web shop' }), projectFixture({ id: 'proj-docs', name: 'Docs', cloneStatus: 'none' })])
    const { wrapper } = await open('/triggers/new?project=proj-web1')
    expect(byId(wrapper, 'trigger-projects').text()).toContain('Web shop')
    expect(byId(wrapper, 'trigger-projects-hint').text()).toContain('first project’s working copy is where the run works (now Web shop)')
    await byId(wrapper, 'trigger-name').setValue('Shop bot')
    await byId(wrapper, 'trigger-prompt').setValue('Fix {message}')
    await byId(wrapper, 'trigger-save').trigger('click')
    await flushPromises()
    expect(bridge.createTrigger).toHaveBeenCalledWith(expect.objectContaining({ name: 'Shop bot', projectIds: ['proj-web1'] }))
    wrapper.unmount()
  })

  it("shows Go's refusal of a project under the field", async () => {
    bridge.getTrigger.mockResolvedValue(triggerFixture({ id: 'trig-x', projectIds: ['proj-gone'] }))
    bridge.updateTrigger.mockRejectedValueOnce(new FieldError('invalid trigger', 'trigger', { projectIds: 'names no project: proj-gone' }))
    const { wrapper } = await open('/triggers/trig-x/edit')
    // A linked id the project list lacks is still shown, so it can be removed.
    expect(byId(wrapper, 'trigger-projects').text()).toContain('proj-gone')
    await byId(wrapper, 'trigger-save').trigger('click')
    await flushPromises()
    expect(byId(wrapper, 'trigger-projects-error').text()).toBe('Names no project: proj-gone.')
    wrapper.unmount()
  })
})

describe('triggers list', () => {
  it('names the linked projects of each trigger and follows a project deletion', async () => {
    bridge.listProjects.mockResolvedValue([projectFixture({ id: 'proj-web1', name: 'Web shop' })])
    bridge.listTriggers.mockResolvedValue([summaryFixture({ id: 'trig-a', name: 'Reviewer', projectIds: ['proj-web1', 'proj-gone'] })])
    const { wrapper } = await open('/triggers')
    expect(byId(wrapper, 'trigger-project-trig-a-proj-web1').text()).toBe('Web shop')
    expect(byId(wrapper, 'trigger-project-trig-a-proj-gone').text()).toBe('proj-gone')

    bridge.listTriggers.mockResolvedValue([summaryFixture({ id: 'trig-a', name: 'Reviewer', projectIds: ['proj-gone'] })])
    bridge.emit(Events.ProjectsChanged)
    await flushPromises()
    expect(wrapper.find('[data-testid="trigger-project-trig-a-proj-web1"]').exists()).toBe(false)
    wrapper.unmount()
  })
})
