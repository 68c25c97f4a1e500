import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { triggerFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId, feedbackOf } from '@/test/dom'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

async function open(path: string) {
  const mounted = await mountWithApp(RouterView, path)
  await flushPromises()
  return mounted
}

// The message naive-ui shows under the form item that holds an element.

describe('TriggerEditorView', () => {
  it('checks required fields before asking Go', async () => {
    const { wrapper } = await open('/triggers/new')
    await byId(wrapper, 'trigger-timeout').setValue('30')
    await byId(wrapper, 'trigger-save').trigger('click')
    await flushPromises()
    expect(bridge.createTrigger).not.toHaveBeenCalled()
    expect(feedbackOf(wrapper, 'trigger-name')).toBe('Give the trigger a name.')
    expect(feedbackOf(wrapper, 'trigger-prompt')).toBe('Write the prompt the CLI should run.')
    expect(feedbackOf(wrapper, 'trigger-timeout')).toBe('Must be between 60 and 3600.')

    await byId(wrapper, 'trigger-name').setValue('x')
    expect(feedbackOf(wrapper, 'trigger-name')).not.toContain('Give the trigger a name')
    wrapper.unmount()
  })

  it('shows each Go validation message under its field', async () => {
    bridge.createTrigger.mockRejectedValue({
      message: 'invalid trigger: name: a trigger with this name already exists; scheduleCron: bad; sigtermGraceSeconds: must be between 1 and 300',
      subject: 'trigger',
      fields: {
        name: 'a trigger with this name already exists',
        sigtermGraceSeconds: 'must be between 1 and 300',
        scheduleCron: 'bad',
      },
    })
    const { wrapper } = await open('/triggers/new')
    await byId(wrapper, 'trigger-name').setValue('PR Review')
    await byId(wrapper, 'trigger-prompt').setValue('Review {pr_url}')
    await byId(wrapper, 'trigger-save').trigger('click')
    await flushPromises()
    expect(bridge.createTrigger).toHaveBeenCalledOnce()
    expect(feedbackOf(wrapper, 'trigger-name')).toBe('A trigger with this name already exists.')
    expect(feedbackOf(wrapper, 'trigger-grace')).toBe('Must be between 1 and 300.')
    expect(byId(wrapper, 'trigger-save-error').text()).toContain('invalid trigger')
    wrapper.unmount()
  })

  it('creates a trigger, links its directories, and opens it', async () => {
    bridge.createTrigger.mockImplementation(async (t) => ({ ...t, id: 'trig-new1' }))
    const { wrapper, router } = await open('/triggers/new')
    await byId(wrapper, 'trigger-name').setValue('Docs bot')
    await byId(wrapper, 'trigger-prompt').setValue('Update the docs in {paths}')
    await byId(wrapper, 'trigger-path-input').setValue('relative/path')
    await byId(wrapper, 'trigger-path-add').trigger('submit')
    expect(byId(wrapper, 'trigger-path-error').text()).toContain('absolute path')
    await byId(wrapper, 'trigger-path-input').setValue('/home/test/docs')
    await byId(wrapper, 'trigger-path-input').trigger('keydown', { key: 'Enter' })
    await wrapper.get('form.add').trigger('submit')
    await flushPromises()
    expect(byId(wrapper, 'trigger-path-0').text()).toContain('/home/test/docs')
    expect(bridge.addTriggerPath).not.toHaveBeenCalled() // no id yet

    await byId(wrapper, 'trigger-save').trigger('click')
    await flushPromises()
    const sent = bridge.createTrigger.mock.calls[0][0]
    expect(sent).toMatchObject({ name: 'Docs bot', promptTemplate: 'Update the docs in {paths}', timeoutSeconds: 600, paths: [] })
    expect(bridge.addTriggerPath).toHaveBeenCalledWith('trig-new1', '/home/test/docs')
    expect(router.currentRoute.value.fullPath).toBe('/triggers/trig-new1')
    // Said as a creation, though the draft has its id by the time the message is shown.
    expect(document.body.textContent).toContain('Trigger created')
    wrapper.unmount()
  })

  it('edits a stored trigger: paths apply at once, predefined ones can be reset', async () => {
    bridge.getTrigger.mockResolvedValue(triggerFixture({ id: 'bot-pr-review', name: 'PR Review', isPredefined: true }))
    const { wrapper } = await open('/triggers/bot-pr-review/edit')
    expect((byId(wrapper, 'trigger-name').element as HTMLInputElement).value).toBe('PR Review')
    expect(wrapper.find('[data-testid="trigger-reset"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="trigger-delete"]').exists()).toBe(false)

    await byId(wrapper, 'trigger-path-input').setValue('/srv/repo')
    await wrapper.get('form.add').trigger('submit')
    await flushPromises()
    expect(bridge.addTriggerPath).toHaveBeenCalledWith('bot-pr-review', '/srv/repo')

    await byId(wrapper, 'trigger-path-remove-0').trigger('click')
    await flushPromises()
    expect(bridge.removeTriggerPath).toHaveBeenCalledWith('bot-pr-review', 9)
    wrapper.unmount()
  })

  it('previews the prompt and lists unknown placeholders', async () => {
    bridge.previewPrompt.mockImplementation(async (template) => ({
      rendered: template.replace('{message}', 'hello'),
      unknownPlaceholders: template.includes('{oops}') ? ['oops'] : [],
    }))
    vi.useFakeTimers()
    try {
      const { wrapper } = await open('/triggers/new')
      await byId(wrapper, 'trigger-prompt').setValue('Say {message} {oops}')
      await vi.advanceTimersByTimeAsync(400)
      await flushPromises()
      expect(byId(wrapper, 'trigger-preview').text()).toBe('Say hello {oops}')
      expect(byId(wrapper, 'trigger-unknown-placeholders').text()).toContain('{oops}')
      wrapper.unmount()
    } finally {
      vi.useRealTimers()
    }
  })

  it('suggests placeholders after "{" and inserts the chosen one', async () => {
    const { wrapper } = await open('/triggers/new')
    const area = byId(wrapper, 'trigger-prompt')
    const el = area.element as HTMLTextAreaElement
    el.value = 'Review {pr'
    el.setSelectionRange(10, 10)
    await area.trigger('input')
    await flushPromises()
    const menu = byId(wrapper, 'placeholder-menu')
    expect(menu.isVisible()).toBe(true)
    expect(menu.findAll('[role="option"]').map((o) => o.attributes('data-testid'))).toEqual([
      'placeholder-option-pr_url',
      'placeholder-option-pr_title',
    ])
    await area.trigger('keydown', { key: 'ArrowDown' })
    await area.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(el.value).toBe('Review {pr_title}')
    wrapper.unmount()
  })
})
