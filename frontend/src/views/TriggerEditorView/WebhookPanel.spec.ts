import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { exampleFixture, listenerStatusFixture, stoppedListenerFixture, triggerFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId, dialogButton, feedbackOf } from '@/test/dom'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

const webhookTrigger = triggerFixture({ triggerSource: 'webhook', matchFieldPath: 'event.type', matchFieldValue: 'deploy' })

async function edit(t = webhookTrigger) {
  bridge.getTrigger.mockResolvedValue(t)
  const mounted = await mountWithApp(RouterView, `/triggers/${t.id}/edit`)
  await flushPromises()
  return mounted
}

describe('trigger editor: webhook panel', () => {
  it('shows the webhook URL and Go’s curl example for a saved trigger', async () => {
    const { wrapper } = await edit()
    expect(byId(wrapper, 'trigger-webhook-url').text()).toBe('http://127.0.0.1:20000/')
    expect(bridge.webhookExample).toHaveBeenCalledWith('trig-abc123', 'http://127.0.0.1:20000')
    expect(byId(wrapper, 'webhook-example-curl').text()).toBe(exampleFixture().curl)
    expect(wrapper.find('[data-testid="webhook-example-sign"]').exists()).toBe(false)

    await byId(wrapper, 'webhook-example-curl-copy').trigger('click')
    await flushPromises()
    expect(bridge.copyText).toHaveBeenCalledWith(exampleFixture().curl)
    wrapper.unmount()
  })

  it('sets and removes the trigger’s secret without making the form dirty', async () => {
    const signed = exampleFixture({ hasSecret: true, signCommand: 'SIG="sha256=$(printf ...)"', curl: 'BODY=...\ncurl ...' })
    const { wrapper } = await edit()
    expect(byId(wrapper, 'trigger-webhook-secret-status').text()).toContain('None')
    const input = byId(wrapper, 'trigger-webhook-secret-input')

    await input.setValue('short')
    await byId(wrapper, 'trigger-webhook-secret-save').trigger('click')
    await flushPromises()
    expect(feedbackOf(wrapper, 'trigger-webhook-secret-input')).toBe('Use 8 to 256 characters.')
    await input.setValue('has a space')
    expect(feedbackOf(wrapper, 'trigger-webhook-secret-input')).toBe('No spaces or control characters.')
    expect(bridge.setTriggerSecret).not.toHaveBeenCalled()

    bridge.webhookExample.mockResolvedValue(signed)
    await input.setValue('s3cret-value-1')
    await byId(wrapper, 'trigger-webhook-secret-save').trigger('click')
    await flushPromises()
    expect(bridge.setTriggerSecret).toHaveBeenCalledWith('trig-abc123', 's3cret-value-1')
    expect((input.element as HTMLInputElement).value).toBe('')
    expect(byId(wrapper, 'trigger-webhook-secret-status').text()).toBe('Stored in the keyring')
    expect(byId(wrapper, 'webhook-example-sign').text()).toContain('HMAC-SHA256')
    expect(document.body.innerHTML).not.toContain('s3cret-value-1')
    expect(wrapper.text()).not.toContain('Unsaved changes')

    await byId(wrapper, 'trigger-webhook-secret-clear').trigger('click')
    await flushPromises()
    dialogButton('Remove')?.click()
    await flushPromises()
    expect(bridge.clearTriggerSecret).toHaveBeenCalledWith('trig-abc123')
    expect(byId(wrapper, 'trigger-webhook-secret-status').text()).toContain('None')
    wrapper.unmount()
  })

  it('shows Go’s refusal of a secret under the field', async () => {
    bridge.setTriggerSecret.mockRejectedValue({
      message: 'invalid webhook secret: webhookSecret: must not contain spaces or control characters',
      subject: 'webhook secret',
      fields: { webhookSecret: 'must not contain spaces or control characters' },
    })
    const { wrapper } = await edit()
    await byId(wrapper, 'trigger-webhook-secret-input').setValue('valid-looking')
    await byId(wrapper, 'trigger-webhook-secret-save').trigger('click')
    await flushPromises()
    expect(feedbackOf(wrapper, 'trigger-webhook-secret-input')).toBe('Must not contain spaces or control characters.')
    wrapper.unmount()
  })

  it('explains that a new trigger gets its example and secret after saving', async () => {
    const { wrapper } = await mountWithApp(RouterView, '/triggers/new')
    await flushPromises()
    await byId(wrapper, 'trigger-source-webhook').get('input').setValue(true)
    await flushPromises()
    expect(byId(wrapper, 'trigger-webhook-after-save').text()).toContain('after you create it')
    expect(wrapper.find('[data-testid="trigger-webhook-secret"]').exists()).toBe(false)
    expect(bridge.webhookExample).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('says when the listener is off and links to its settings', async () => {
    bridge.getListenerStatus.mockResolvedValue(stoppedListenerFixture())
    const { wrapper, router } = await edit()
    const notice = byId(wrapper, 'trigger-listener-off')
    expect(notice.text()).toContain('The listener is off')
    expect(wrapper.find('[data-testid="trigger-webhook-url"]').exists()).toBe(false)
    await notice.get('a').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/settings#settings-listener')
    wrapper.unmount()
  })

  it('shows the GitHub URL and whether the GitHub secret is configured', async () => {
    bridge.getListenerStatus.mockResolvedValue(listenerStatusFixture({ githubSecretConfigured: true, githubSecretSource: 'keyring' }))
    const { wrapper } = await edit(triggerFixture({ triggerSource: 'github', githubRepoFilter: 'acme/*' }))
    expect(byId(wrapper, 'trigger-webhook-url').text()).toBe('http://127.0.0.1:20000/api/webhooks/github')
    expect(byId(wrapper, 'trigger-github-secret-status').text()).toBe('Configured')
    expect(wrapper.find('[data-testid="webhook-example-curl"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="trigger-webhook-secret"]').exists()).toBe(false)
    wrapper.unmount()
  })
})
