import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { appInfoFixture } from '@/test/fixtures'
import { byId } from '@/test/dom'
import { mountWithApp } from '@/test/mount'
import { useSettingsStore } from '@/stores'
import AboutSection from './components/AboutSection.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

describe('About', () => {
  it('shows the version, commit and build date of this build', async () => {
    const { wrapper: w } = await mountWithApp(AboutSection, '/settings')
    await useSettingsStore().load()
    await flushPromises()
    expect(byId(w, 'about-version').text()).toBe('v1.2.3')
    expect(byId(w, 'about-commit').text()).toBe('0123456789ab')
    expect(byId(w, 'about-built').text()).toBe(new Date('2026-12-07T05:00:00Z').toLocaleString())
    expect(byId(w, 'about-mode').text()).toBe('desktop app')
    w.unmount()
  })

  it('says unknown for a build that was not stamped', async () => {
    bridge.getAppInfo.mockResolvedValue({ ...appInfoFixture(), version: 'dev', commit: 'unknown', buildDate: 'unknown', mode: 'serve' })
    const { wrapper: w } = await mountWithApp(AboutSection, '/settings')
    await useSettingsStore().load()
    await flushPromises()
    expect(byId(w, 'about-commit').text()).toBe('unknown')
    expect(byId(w, 'about-built').text()).toBe('unknown')
    expect(byId(w, 'about-mode').text()).toBe('agented serve (headless)')
    w.unmount()
  })
})
