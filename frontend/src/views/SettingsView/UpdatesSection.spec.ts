import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { settingsFixture } from '@/test/fixtures'
import { byId, feedbackOf } from '@/test/dom'
import { mountWithApp } from '@/test/mount'
import { useSettingsStore } from '@/stores'
import UpdatesSection from './components/UpdatesSection.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

async function mountSection() {
  const { wrapper } = await mountWithApp(UpdatesSection, '/settings')
  await useSettingsStore().load()
  await flushPromises()
  return wrapper
}

const checked = { enabled: true, current: 'v1.2.3', notes: '', checkedAt: '2026-12-07T05:00:00Z' }

describe('Updates', () => {
  it('is off by default and cannot check until turned on', async () => {
    const w = await mountSection()
    expect(byId(w, 'settings-update-check').classes()).not.toContain('n-switch--active')
    expect(byId(w, 'settings-update-check-now').attributes('disabled')).toBeDefined()
    w.unmount()
  })

  it('saves the feed with the switch, checks, and shows a newer release with its page', async () => {
    const w = await mountSection()
    await byId(w, 'settings-update-feed').setValue('https://example.com/latest.json')
    await byId(w, 'settings-update-check').trigger('click')
    await flushPromises()
    expect(bridge.updateSettings).toHaveBeenLastCalledWith(
      settingsFixture({ updateCheck: true, updateFeedUrl: 'https://example.com/latest.json' }),
    )

    bridge.checkForUpdate.mockResolvedValue({ ...checked, latest: 'v1.3.0', newer: true, url: 'https://example.com/r/1.3.0', error: '' })
    await byId(w, 'settings-update-check-now').trigger('click')
    await flushPromises()
    expect(byId(w, 'settings-update-summary').text()).toBe('Agented v1.3.0 is available (this is v1.2.3).')
    await byId(w, 'settings-update-open').trigger('click')
    expect(bridge.openExternal).toHaveBeenCalledWith('https://example.com/r/1.3.0')
    w.unmount()
  })

  it('says why a check failed and when the feed is refused', async () => {
    bridge.getSettings.mockResolvedValue(settingsFixture({ updateCheck: true, updateFeedUrl: 'https://example.com/x' }))
    const w = await mountSection()
    bridge.checkForUpdate.mockResolvedValue({ ...checked, latest: '', newer: false, url: '', error: 'the feed answered 404 Not Found' })
    await byId(w, 'settings-update-check-now').trigger('click')
    await flushPromises()
    expect(byId(w, 'settings-update-error').text()).toBe('the feed answered 404 Not Found')
    expect(w.find('[data-testid="settings-update-open"]').exists()).toBe(false)

    bridge.updateSettings.mockRejectedValueOnce(new Error('invalid settings: updateFeedUrl: must use https (http only to this machine)'))
    await byId(w, 'settings-update-feed').setValue('http://example.com/latest.json')
    await byId(w, 'settings-update-feed').trigger('blur')
    await flushPromises()
    expect(feedbackOf(w, 'settings-update-feed')).toBe('must use https (http only to this machine)')
    w.unmount()
  })
})
