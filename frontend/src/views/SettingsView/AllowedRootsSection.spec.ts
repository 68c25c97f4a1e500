import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { mountWithApp } from '@/test/mount'
import { byId, feedbackOf } from '@/test/dom'
import SettingsView from './index.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

async function mountSettings() {
  const { wrapper } = await mountWithApp(SettingsView, '/settings')
  await flushPromises()
  return wrapper
}

async function addRoot(w: VueWrapper, root: string) {
  await byId(w, 'settings-roots-add').trigger('click')
  await flushPromises()
  const input = byId(w, 'settings-roots-input')
  await input.setValue(root)
  await input.trigger('keydown', { key: 'Enter' })
  await flushPromises()
}

describe('Allowed roots', () => {
  it('shows the stored roots and saves a new one', async () => {
    bridge.getAllowedRoots.mockResolvedValue(['/srv/work'])
    const w = await mountSettings()
    expect(byId(w, 'settings-roots').text()).toContain('/srv/work')
    await addRoot(w, ' /home/me/src ')
    await byId(w, 'settings-roots-save').trigger('click')
    await flushPromises()
    expect(bridge.setAllowedRoots).toHaveBeenCalledWith(['/srv/work', '/home/me/src'])
    w.unmount()
  })

  it('refuses a relative root before asking Go, and shows Go refusals under the field', async () => {
    const w = await mountSettings()
    await addRoot(w, 'src')
    await byId(w, 'settings-roots-save').trigger('click')
    await flushPromises()
    expect(bridge.setAllowedRoots).not.toHaveBeenCalled()
    expect(feedbackOf(w, 'settings-roots')).toBe('"src" is not an absolute directory.')

    bridge.setAllowedRoots.mockRejectedValue({
      message: 'invalid settings: allowedRoots: must hold at most 32 directories',
      subject: 'settings',
      fields: { allowedRoots: 'must hold at most 32 directories' },
    })
    await byId(w, 'settings-roots').findAll('.n-tag__close').at(0)!.trigger('click')
    await addRoot(w, '/ok')
    await byId(w, 'settings-roots-save').trigger('click')
    await flushPromises()
    expect(feedbackOf(w, 'settings-roots')).toBe('Must hold at most 32 directories.')
    w.unmount()
  })
})
