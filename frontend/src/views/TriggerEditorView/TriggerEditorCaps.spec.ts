import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { triggerFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId, feedbackOf } from '@/test/dom'
import { TriggerTextLimits } from '@/constants/triggers'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

async function open(source: string) {
  bridge.getTrigger.mockImplementation(async (id) => triggerFixture({ id, triggerSource: source, scheduleType: 'cron' }))
  const { wrapper } = await mountWithApp(RouterView, '/triggers/trig-1/edit')
  await flushPromises()
  return wrapper
}

// Every text input stops where Go's cap (backend/trigger/limits.go) would refuse the value.
const inputs: { source: string; testid: string; max: number }[] = [
  { source: 'manual', testid: 'trigger-name', max: TriggerTextLimits.name },
  { source: 'manual', testid: 'trigger-description', max: TriggerTextLimits.description },
  { source: 'manual', testid: 'trigger-prompt', max: TriggerTextLimits.promptTemplate },
  { source: 'manual', testid: 'trigger-skill', max: TriggerTextLimits.skillCommand },
  { source: 'manual', testid: 'trigger-model', max: TriggerTextLimits.model },
  { source: 'manual', testid: 'trigger-allowed-tools', max: TriggerTextLimits.allowedTools },
  { source: 'manual', testid: 'trigger-path-input', max: TriggerTextLimits.path },
  { source: 'manual', testid: 'trigger-sample-message', max: TriggerTextLimits.sample },
  { source: 'webhook', testid: 'trigger-match-path', max: TriggerTextLimits.matchFieldPath },
  { source: 'webhook', testid: 'trigger-match-value', max: TriggerTextLimits.matchFieldValue },
  { source: 'webhook', testid: 'trigger-text-path', max: TriggerTextLimits.textFieldPath },
  { source: 'webhook', testid: 'trigger-keyword', max: TriggerTextLimits.detectionKeyword },
  { source: 'github', testid: 'trigger-github-repo', max: TriggerTextLimits.githubRepoFilter },
  { source: 'github', testid: 'trigger-github-events', max: TriggerTextLimits.githubEvents },
  { source: 'scheduled', testid: 'trigger-schedule-cron', max: TriggerTextLimits.scheduleCron },
]

describe('TriggerEditorView size caps', () => {
  it.each(inputs)('$testid has maxlength $max', async ({ source, testid, max }) => {
    const w = await open(source)
    expect(byId(w, testid).attributes('maxlength')).toBe(String(max))
    w.unmount()
  })

  it('shows Go size errors under the webhook fields', async () => {
    bridge.updateTrigger.mockRejectedValue({
      message: 'invalid trigger: matchFieldPath: must be at most 256 characters; matchFieldValue: must be at most 4096 characters',
      subject: 'trigger',
      fields: { matchFieldPath: 'must be at most 256 characters', matchFieldValue: 'must be at most 4096 characters' },
    })
    const w = await open('webhook')
    await byId(w, 'trigger-description').setValue('changed')
    await byId(w, 'trigger-save').trigger('click')
    await flushPromises()
    expect(bridge.updateTrigger).toHaveBeenCalledOnce()
    expect(feedbackOf(w, 'trigger-match-path')).toBe('Must be at most 256 characters.')
    expect(feedbackOf(w, 'trigger-match-value')).toBe('Must be at most 4096 characters.')
    w.unmount()
  })

  it('refuses a stored value over the cap before asking Go', async () => {
    bridge.getTrigger.mockImplementation(async (id) => triggerFixture({ id, description: 'd'.repeat(TriggerTextLimits.description + 1) }))
    const { wrapper: w } = await mountWithApp(RouterView, '/triggers/trig-1/edit')
    await flushPromises()
    await byId(w, 'trigger-save').trigger('click')
    await flushPromises()
    expect(bridge.updateTrigger).not.toHaveBeenCalled()
    expect(feedbackOf(w, 'trigger-description')).toBe(`Must be at most ${TriggerTextLimits.description} characters.`)
    w.unmount()
  })

  it('shows why Go refused a directory', async () => {
    bridge.addTriggerPath.mockRejectedValue('invalid directory: /etc is a system directory')
    const w = await open('manual')
    await byId(w, 'trigger-path-input').setValue('/etc')
    await byId(w, 'trigger-path-input').element.closest('form')!.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(w.text()).toContain('/etc is a system directory')
    w.unmount()
  })
})
