import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { keyringFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId } from '@/test/dom'
import SettingsView from './index.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

async function mountSettings() {
  const { wrapper } = await mountWithApp(SettingsView, '/settings')
  await flushPromises()
  return wrapper
}

describe('SettingsView', () => {
  it('shows a row per AI CLI with status, path and version', async () => {
    const w = await mountSettings()
    for (const name of ['claude', 'codex', 'gemini', 'opencode']) expect(w.find(`[data-testid="cli-row-${name}"]`).exists()).toBe(true)
    expect(byId(w, 'cli-status-claude').text()).toBe('Found')
    expect(byId(w, 'cli-status-gemini').text()).toBe('Not found')
    expect(byId(w, 'cli-version-claude').text()).toBe('2.0.1 (Claude Code)')
    expect(byId(w, 'cli-path-codex').text()).toBe('/usr/bin/codex')
    expect(byId(w, 'cli-source-claude').text()).toContain('login shell')
    expect(byId(w, 'cli-error-gemini').text()).toBe('gemini: not found')
    expect((byId(w, 'cli-custom-opencode').element as HTMLInputElement).value).toBe('/opt/oc/opencode')
    w.unmount()
  })

  it('re-detects on request', async () => {
    const w = await mountSettings()
    await byId(w, 'cli-redetect').trigger('click')
    await flushPromises()
    expect(bridge.detectAgentCLIs).toHaveBeenCalledOnce()
    w.unmount()
  })

  it('shows each key status and never a value', async () => {
    const w = await mountSettings()
    expect(byId(w, 'key-status-anthropic').text()).toBe('Stored')
    expect(byId(w, 'key-status-openai').text()).toBe('Not set')
    expect(byId(w, 'key-status-google').text()).toBe('Set by environment (GEMINI_API_KEY)')
    expect(byId(w, 'key-status-OPENROUTER_API_KEY').text()).toBe('Stored')
    expect(byId(w, 'key-delete-openai').attributes('disabled')).toBeDefined()
    expect(byId(w, 'key-delete-anthropic').attributes('disabled')).toBeUndefined()
    expect(w.find('[data-testid="keyring-unavailable"]').exists()).toBe(false)
    w.unmount()
  })

  it('empties the key input once Go has stored the key', async () => {
    const w = await mountSettings()
    const secretValue = 'sk-openai-do-not-leak-42'
    const input = byId(w, 'key-input-openai')
    await input.setValue(secretValue)
    await byId(w, 'key-save-openai').trigger('click')
    await flushPromises()

    expect(bridge.setKey).toHaveBeenCalledWith('openai', secretValue)
    expect((input.element as HTMLInputElement).value).toBe('')
    expect(document.body.innerHTML).not.toContain(secretValue)
    const inputs = Array.from(document.querySelectorAll('input')).map((i) => i.value)
    expect(inputs).not.toContain(secretValue)
    w.unmount()
  })

  it('keeps the typed key and shows the error when Go refuses it', async () => {
    bridge.setKey.mockRejectedValue(new Error('keyring: collection is locked'))
    const w = await mountSettings()
    await byId(w, 'key-input-anthropic').setValue('sk-x')
    await byId(w, 'key-save-anthropic').trigger('click')
    await flushPromises()
    expect(byId(w, 'key-row-anthropic').text()).toContain('keyring: collection is locked')
    w.unmount()
  })

  it('adds a custom key by env var name and clears the form', async () => {
    const w = await mountSettings()
    await byId(w, 'key-add-name').setValue('groq_api_key')
    await byId(w, 'key-add-value').setValue('gsk-123')
    await byId(w, 'key-add-save').trigger('click')
    await flushPromises()
    expect(bridge.setKey).toHaveBeenCalledWith('GROQ_API_KEY', 'gsk-123')
    expect((byId(w, 'key-add-name').element as HTMLInputElement).value).toBe('')
    expect((byId(w, 'key-add-value').element as HTMLInputElement).value).toBe('')
    w.unmount()
  })

  it('warns when the keyring is unavailable and disables key controls', async () => {
    bridge.getKeyringStatus.mockResolvedValue(
      keyringFixture({ available: false, reason: 'Secret Service not running', envVars: ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY'] }),
    )
    const w = await mountSettings()
    const banner = byId(w, 'keyring-unavailable')
    expect(banner.text()).toContain('Secret Service not running')
    expect(banner.text()).toContain('ANTHROPIC_API_KEY')
    expect(banner.text()).toContain('OPENAI_API_KEY')
    expect(byId(w, 'key-input-anthropic').attributes('disabled')).toBeDefined()
    expect(byId(w, 'key-save-anthropic').attributes('disabled')).toBeDefined()
    expect(byId(w, 'key-delete-anthropic').attributes('disabled')).toBeDefined()
    expect(byId(w, 'key-add-save').attributes('disabled')).toBeDefined()
    w.unmount()
  })

  it('edits the webhook message cap with a field message for out-of-range values', async () => {
    const w = await mountSettings()
    const input = byId(w, 'settings-webhook-message-cap')
    expect((input.element as HTMLInputElement).value).toBe('256')
    expect(w.text()).toContain('refused (413)')

    await input.setValue('20000')
    await flushPromises()
    expect(w.text()).toContain('Must be between 1 and 10240.')
    await byId(w, 'settings-save').trigger('click')
    await flushPromises()
    expect(bridge.updateSettings).not.toHaveBeenCalled()

    await input.setValue('1024')
    await flushPromises()
    await byId(w, 'settings-save').trigger('click')
    await flushPromises()
    expect(bridge.updateSettings).toHaveBeenCalledWith(expect.objectContaining({ webhookMessageCapKiB: 1024 }))
    w.unmount()
  })

  it('shows the data directory and saves the general settings', async () => {
    const w = await mountSettings()
    expect(byId(w, 'settings-data-dir').text()).toBe('/home/test/.config/Agented')
    expect(byId(w, 'settings-db-path').text()).toBe('/home/test/.config/Agented/agented.db')
    const input = byId(w, 'settings-max-concurrent')
    expect((input.element as HTMLInputElement).value).toBe('4')

    await input.setValue('100')
    await flushPromises()
    expect(w.text()).toContain('Must be between 1 and 64.')
    await byId(w, 'settings-save').trigger('click')
    await flushPromises()
    expect(bridge.updateSettings).not.toHaveBeenCalled()

    await input.setValue('8')
    await flushPromises()
    expect(w.text()).not.toContain('Must be between 1 and 64.')
    await byId(w, 'settings-save').trigger('click')
    await flushPromises()
    // The whole settings object goes back, the other sections' values as loaded: saving one
    // section must never reset another's settings.
    expect(bridge.updateSettings).toHaveBeenCalledWith({
      maxConcurrentRuns: 8,
      retentionDays: 30,
      outputCapMiB: 256,
      webhookMessageCapKiB: 256,
      routerMaxAttempts: 5,
      defaultCooldownSeconds: 300,
      theme: 'system',
      autoPauseAfterFailures: 5,
      keepRunningInBackground: false,
      startAtLogin: false,
      updateCheck: false,
      updateFeedUrl: '',
    })
    w.unmount()
  })

  it('shows a Go error from saving next to the form', async () => {
    // The object Wails delivers for a Go validation error, before the bridge wraps it.
    bridge.updateSettings.mockRejectedValue({
      message: 'invalid settings: retentionDays: must be between 1 and 3650',
      subject: 'settings',
      fields: { retentionDays: 'must be between 1 and 3650' },
    })
    const w = await mountSettings()
    await byId(w, 'settings-save').trigger('click')
    await flushPromises()
    expect(byId(w, 'settings-save-error').text()).toBe('invalid settings: retentionDays: must be between 1 and 3650')
    expect(w.text()).toContain('Must be between 1 and 3650.')
    w.unmount()
  })

  it('stores a Sentry DSN and forgets it', async () => {
    const w = await mountSettings()
    await byId(w, 'sentry-dsn').setValue('https://abc@example.invalid/1')
    await byId(w, 'sentry-save').trigger('click')
    await flushPromises()
    expect(bridge.setSentryDSN).toHaveBeenCalledWith('https://abc@example.invalid/1')
    expect((byId(w, 'sentry-dsn').element as HTMLInputElement).value).toBe('')
    expect(byId(w, 'sentry-status').text()).toContain('Configured')
    w.unmount()
  })

  it('renders an error state when the backend is missing', async () => {
    bridge.getSettings.mockRejectedValue(new Error('The Agented backend is not connected.'))
    const w = await mountSettings()
    expect(byId(w, 'settings-load-error').text()).toContain('backend is not connected')
    expect(byId(w, 'settings-save').attributes('disabled')).toBeDefined()
    w.unmount()
  })

  it('does not claim a key or CLI state it could not read', async () => {
    bridge.listKeys.mockRejectedValue(new Error('The Agented backend is not connected.'))
    bridge.listAgentCLIs.mockRejectedValue(new Error('The Agented backend is not connected.'))
    const w = await mountSettings()
    expect(byId(w, 'key-status-anthropic').text()).toBe('Unknown')
    expect(byId(w, 'cli-status-claude').text()).toBe('Unknown')
    expect(byId(w, 'key-input-anthropic').attributes('disabled')).toBeDefined()
    w.unmount()
  })
})
