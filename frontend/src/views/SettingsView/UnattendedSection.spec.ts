import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { settingsFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { useSettingsStore } from '@/stores'
import UnattendedSection from './components/UnattendedSection.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

const byId = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`)
const has = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`).exists()

async function mountSection() {
  const { wrapper } = await mountWithApp(UnattendedSection, '/settings')
  await useSettingsStore().load()
  await flushPromises()
  return wrapper
}

function feedbackOf(w: VueWrapper, testid: string): string {
  const item = byId(w, testid).element.closest('.n-form-item')
  return item?.querySelector('.n-form-item-feedback-wrapper')?.textContent?.trim() ?? ''
}

describe('Unattended runs', () => {
  it('saves the auto-pause threshold on its own, 0 included, and refuses out-of-range values first', async () => {
    bridge.getSettings.mockResolvedValue(settingsFixture({ maxConcurrentRuns: 7 }))
    const w = await mountSection()
    const input = byId(w, 'settings-auto-pause')
    expect((input.element as HTMLInputElement).value).toBe('5')

    await input.setValue('101')
    await input.trigger('blur')
    await flushPromises()
    expect(bridge.updateSettings).not.toHaveBeenCalled()
    expect(feedbackOf(w, 'settings-auto-pause')).toBe('Must be between 0 and 100.')

    await input.setValue('0')
    await input.trigger('blur')
    await flushPromises()
    expect(bridge.updateSettings).toHaveBeenCalledWith(settingsFixture({ maxConcurrentRuns: 7, autoPauseAfterFailures: 0 }))
    w.unmount()
  })

  it('flips background and start-at-login, and says when a restart is needed', async () => {
    bridge.hidesOnClose.mockResolvedValue(false)
    const w = await mountSection()
    expect(has(w, 'settings-background-restart')).toBe(false)
    expect(has(w, 'settings-quit')).toBe(false)

    await byId(w, 'settings-background').trigger('click')
    await flushPromises()
    expect(bridge.updateSettings).toHaveBeenLastCalledWith(settingsFixture({ keepRunningInBackground: true }))
    expect(byId(w, 'settings-background-restart').text()).toContain('next starts')

    await byId(w, 'settings-start-at-login').trigger('click')
    await flushPromises()
    expect(bridge.updateSettings).toHaveBeenLastCalledWith(settingsFixture({ keepRunningInBackground: true, startAtLogin: true }))
    w.unmount()
  })

  it('shows why the login entry could not be written', async () => {
    bridge.updateSettings.mockRejectedValue(
      new Error('invalid settings: startAtLogin: could not change the login entry: write /x/agented.desktop: read-only file system'),
    )
    const w = await mountSection()
    await byId(w, 'settings-start-at-login').trigger('click')
    await flushPromises()
    expect(byId(w, 'settings-start-at-login-error').text()).toBe(
      'could not change the login entry: write /x/agented.desktop: read-only file system',
    )
    expect(useSettingsStore().current?.startAtLogin).toBe(false)
    w.unmount()
  })

  it('offers Quit when closing the window only hides it', async () => {
    bridge.getSettings.mockResolvedValue(settingsFixture({ keepRunningInBackground: true }))
    bridge.hidesOnClose.mockResolvedValue(true)
    const w = await mountSection()
    expect(has(w, 'settings-background-restart')).toBe(false)
    await byId(w, 'settings-quit').trigger('click')
    await flushPromises()
    expect(bridge.quitApp).toHaveBeenCalledOnce()
    w.unmount()
  })
})
