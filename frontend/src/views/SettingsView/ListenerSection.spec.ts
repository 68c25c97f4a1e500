import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { listenerStatusFixture, stoppedListenerFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId, inBody, dialogButton, feedbackOf } from '@/test/dom'
import SettingsView from './index.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => {
  bridge.resetBridgeMock()
  localStorage.clear()
})

async function mountSettings() {
  const mounted = await mountWithApp(SettingsView, '/settings')
  await flushPromises()
  return mounted
}

describe('Settings → Listener', () => {
  it('shows where the listener runs, its URLs and the stored settings', async () => {
    const { wrapper } = await mountSettings()
    expect(byId(wrapper, 'listener-status').text()).toBe('Running at 127.0.0.1:20000')
    expect(byId(wrapper, 'listener-url-base').text()).toBe('http://127.0.0.1:20000')
    expect(byId(wrapper, 'listener-url-generic').text()).toBe('http://127.0.0.1:20000/')
    expect(byId(wrapper, 'listener-url-github').text()).toBe('http://127.0.0.1:20000/api/webhooks/github')
    expect((byId(wrapper, 'listener-port').element as HTMLInputElement).value).toBe('20000')
    expect((byId(wrapper, 'listener-bind-address').element as HTMLInputElement).value).toBe('127.0.0.1')
    expect(wrapper.find('[data-testid="listener-error"]').exists()).toBe(false)

    await byId(wrapper, 'listener-url-github-copy').trigger('click')
    await flushPromises()
    expect(bridge.copyText).toHaveBeenCalledWith('http://127.0.0.1:20000/api/webhooks/github')
    wrapper.unmount()
  })

  it('says prominently why an enabled listener is not running', async () => {
    const error = 'port 20000 is already in use on 127.0.0.1 — choose another port in Settings → Listener'
    bridge.getListenerStatus.mockResolvedValue(stoppedListenerFixture({ enabled: true, error }))
    const { wrapper } = await mountSettings()
    expect(byId(wrapper, 'listener-status').text()).toBe('Not running')
    expect(byId(wrapper, 'listener-error').text()).toContain(error)
    expect(wrapper.find('[data-testid="listener-url-base"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('saves the form, with a new CORS origin, and applies it', async () => {
    const { wrapper } = await mountSettings()
    await byId(wrapper, 'listener-port').setValue('20001')
    await byId(wrapper, 'listener-cors-add').trigger('click')
    await flushPromises()
    const origin = byId(wrapper, 'listener-cors-input')
    await origin.setValue(' https://ci.example.com ')
    await origin.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    await byId(wrapper, 'listener-save').trigger('click')
    await flushPromises()
    expect(bridge.configureListener).toHaveBeenCalledWith({
      enabled: true,
      bindAddress: '127.0.0.1',
      port: 20001,
      corsOrigins: ['https://ci.example.com'],
      trustedProxies: [],
      proxyIpHeader: 'X-Forwarded-For',
      apiRatePerMinute: 300,
      githubSignedPerMinute: 600,
      webhookRatePer10s: 20,
    })
    expect(bridge.getListenerSettings).toHaveBeenCalledTimes(2) // Go's normalised copy is shown
    wrapper.unmount()
  })

  it('saves which header trusted proxies name the client in', async () => {
    const { wrapper } = await mountSettings()
    expect(feedbackOf(wrapper, 'listener-proxy-ip-header')).toContain('Only this header is believed, the other is ignored.')
    await byId(wrapper, 'listener-proxy-ip-header-X-Real-IP').get('input').setValue(true)
    await byId(wrapper, 'listener-save').trigger('click')
    await flushPromises()
    expect(bridge.configureListener).toHaveBeenCalledWith(expect.objectContaining({ proxyIpHeader: 'X-Real-IP' }))
    wrapper.unmount()
  })

  it('says when the environment decides the client IP header', async () => {
    bridge.getListenerStatus.mockResolvedValue(listenerStatusFixture({ proxyIpHeader: 'X-Real-IP', proxyIpHeaderOverride: 'X-Real-IP' }))
    const { wrapper } = await mountSettings()
    expect(feedbackOf(wrapper, 'listener-proxy-ip-header')).toBe('AGENTED_PROXY_IP_HEADER sets X-Real-IP; this choice applies once it is unset.')
    wrapper.unmount()
  })

  it('checks numbers first, then shows each Go message under its field', async () => {
    const { wrapper } = await mountSettings()
    await byId(wrapper, 'listener-port').setValue('')
    await byId(wrapper, 'listener-save').trigger('click')
    await flushPromises()
    expect(bridge.configureListener).not.toHaveBeenCalled()
    expect(feedbackOf(wrapper, 'listener-port')).toBe('Enter a number from 1 to 65535.')

    bridge.configureListener.mockRejectedValue({
      message:
        'invalid listener settings: bindAddress: must be an IP address (e.g. 127.0.0.1 or 0.0.0.0) or localhost; trustedProxies: "10.0.0.0/33" is not a valid CIDR (e.g. 10.0.0.0/8)',
      subject: 'listener settings',
      fields: {
        bindAddress: 'must be an IP address (e.g. 127.0.0.1 or 0.0.0.0) or localhost',
        trustedProxies: '"10.0.0.0/33" is not a valid CIDR (e.g. 10.0.0.0/8)',
      },
    })
    await byId(wrapper, 'listener-port').setValue('20000')
    await byId(wrapper, 'listener-bind-address').setValue('my-host')
    await byId(wrapper, 'listener-save').trigger('click')
    await flushPromises()
    expect(feedbackOf(wrapper, 'listener-bind-address')).toBe('Must be an IP address (e.g. 127.0.0.1 or 0.0.0.0) or localhost.')
    expect(feedbackOf(wrapper, 'listener-proxies-add')).toBe('"10.0.0.0/33" is not a valid CIDR (e.g. 10.0.0.0/8).')
    expect(byId(wrapper, 'listener-save-error').text()).toContain('invalid listener settings')

    await byId(wrapper, 'listener-bind-address').setValue('0.0.0.0')
    expect(feedbackOf(wrapper, 'listener-bind-address')).not.toContain('Must be an IP address')
    wrapper.unmount()
  })

  it('shows a generated API key once and forgets it when the dialog closes', async () => {
    const key = 'agk_one-time-secret-value-42'
    bridge.generateAPIKey.mockResolvedValue(key)
    bridge.getListenerStatus
      .mockResolvedValueOnce(listenerStatusFixture())
      .mockResolvedValue(listenerStatusFixture({ apiKeyConfigured: true, apiKeySource: 'keyring' }))
    const { wrapper, pinia } = await mountSettings()
    expect(byId(wrapper, 'listener-apikey-status').text()).toBe('Not set')

    await byId(wrapper, 'listener-apikey-generate').trigger('click')
    await flushPromises()
    expect(bridge.generateAPIKey).toHaveBeenCalledOnce()
    expect(inBody('listener-apikey-value')?.textContent).toBe(key)
    inBody('listener-apikey-value-copy')?.click()
    await flushPromises()
    expect(bridge.copyText).toHaveBeenCalledWith(key)
    expect(JSON.stringify(pinia.state.value)).not.toContain(key)

    inBody('listener-apikey-done')?.click()
    await flushPromises()
    expect(document.body.innerHTML).not.toContain(key)
    expect(JSON.stringify(pinia.state.value)).not.toContain(key)
    expect(JSON.stringify({ ...localStorage })).not.toContain(key)
    expect(byId(wrapper, 'listener-apikey-status').text()).toBe('Stored in the keyring')
    expect(byId(wrapper, 'listener-apikey-generate').text()).toBe('Rotate key')
    wrapper.unmount()
  })

  it('asks before rotating a key, since the old one stops working', async () => {
    bridge.getListenerStatus.mockResolvedValue(listenerStatusFixture({ apiKeyConfigured: true, apiKeySource: 'keyring' }))
    const { wrapper } = await mountSettings()
    await byId(wrapper, 'listener-apikey-generate').trigger('click')
    await flushPromises()
    expect(bridge.generateAPIKey).not.toHaveBeenCalled()
    expect(document.querySelector('.n-dialog')?.textContent).toContain('stops working at once')
    dialogButton('Rotate')?.click()
    await flushPromises()
    expect(bridge.generateAPIKey).toHaveBeenCalledOnce()
    inBody('listener-apikey-done')?.click()
    await flushPromises()

    await byId(wrapper, 'listener-apikey-clear').trigger('click')
    await flushPromises()
    dialogButton('Clear')?.click()
    await flushPromises()
    expect(bridge.clearAPIKey).toHaveBeenCalledOnce()
    wrapper.unmount()
  })

  it('stores a GitHub secret and empties the input', async () => {
    const { wrapper } = await mountSettings()
    expect(byId(wrapper, 'listener-github-secret-status').text()).toContain('Not set')
    const input = byId(wrapper, 'listener-github-secret-input')
    await input.setValue('gh-hook-secret')
    await byId(wrapper, 'listener-github-secret-save').trigger('click')
    await flushPromises()
    expect(bridge.setGitHubSecret).toHaveBeenCalledWith('gh-hook-secret')
    expect((input.element as HTMLInputElement).value).toBe('')
    expect(byId(wrapper, 'listener-github-secret-status').text()).toBe('Stored in the keyring')
    wrapper.unmount()
  })

  it('keeps secrets set by the environment read-only', async () => {
    bridge.getListenerStatus.mockResolvedValue(
      listenerStatusFixture({ apiKeyConfigured: true, apiKeySource: 'env', githubSecretConfigured: true, githubSecretSource: 'env' }),
    )
    const { wrapper } = await mountSettings()
    expect(byId(wrapper, 'listener-apikey-status').text()).toBe('Set by environment (AGENTED_API_KEY)')
    expect(byId(wrapper, 'listener-github-secret-status').text()).toBe('Set by environment (GITHUB_WEBHOOK_SECRET)')
    for (const id of ['listener-apikey-generate', 'listener-apikey-clear', 'listener-github-secret-input', 'listener-github-secret-clear']) {
      expect(byId(wrapper, id).attributes('disabled'), id).toBeDefined()
    }
    expect(byId(wrapper, 'listener-apikey').text()).toContain('cannot be changed here')
    wrapper.unmount()
  })
})
