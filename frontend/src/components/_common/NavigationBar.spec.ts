import { describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { mountWithApp } from '@/test/mount'
import NavigationBar from './NavigationBar.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

const screens = [
  ['dashboard', 'Dashboard', '#/'],
  ['triggers', 'Triggers', '#/triggers'],
  ['executions', 'Executions', '#/executions'],
  ['usage', 'Usage', '#/usage'],
  ['pull-requests', 'Pull requests', '#/pull-requests'],
  ['webhook-deliveries', 'Webhook deliveries', '#/webhook-deliveries'],
  ['projects', 'Projects', '#/projects'],
  ['audit', 'Audit', '#/audit'],
  ['settings', 'Settings', '#/settings'],
]

describe('NavigationBar', () => {
  it('links every screen in order and marks the current one', async () => {
    const { wrapper } = await mountWithApp(NavigationBar, '/settings')
    const links = wrapper.findAll('nav a')
    expect(links.map((a) => a.attributes('data-testid'))).toEqual(screens.map(([id]) => `nav-${id}`))
    expect(links.map((a) => a.text())).toEqual(screens.map(([, title]) => title))
    const current = wrapper.get('[data-testid="nav-settings"]')
    expect(current.attributes('aria-current')).toBe('page')
    expect(current.classes()).toContain('is-active')
    expect(wrapper.get('[data-testid="nav-dashboard"]').attributes('aria-current')).toBeUndefined()
    wrapper.unmount()
  })

  it('moves focus with the arrow keys, Home and End', async () => {
    const { wrapper } = await mountWithApp(NavigationBar)
    const link = (id: string) => wrapper.get(`[data-testid="nav-${id}"]`).element as HTMLElement
    link('dashboard').focus()
    await wrapper.get('ul').trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(link('triggers'))
    await wrapper.get('ul').trigger('keydown', { key: 'End' })
    expect(document.activeElement).toBe(link('settings'))
    await wrapper.get('ul').trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(link('dashboard'))
    await wrapper.get('ul').trigger('keydown', { key: 'ArrowUp' })
    expect(document.activeElement).toBe(link('settings'))
    wrapper.unmount()
  })

  it('navigates when a link is activated', async () => {
    const { wrapper, router } = await mountWithApp(NavigationBar)
    await wrapper.get('[data-testid="nav-projects"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('projects')
    wrapper.unmount()
  })
})

describe('NavigationBar sections', () => {
  it('keeps the section highlighted on its sub-pages', async () => {
    const { wrapper } = await mountWithApp(NavigationBar, '/executions/exec-1')
    const link = wrapper.get('[data-testid="nav-executions"]')
    expect(link.classes()).toContain('is-active')
    expect(link.attributes('aria-current')).toBeUndefined()
    expect(wrapper.get('[data-testid="nav-triggers"]').classes()).not.toContain('is-active')
    wrapper.unmount()
  })
})
