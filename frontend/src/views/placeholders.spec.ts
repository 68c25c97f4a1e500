import { describe, expect, it, vi } from 'vitest'
import { RouterView } from 'vue-router'
import { flushPromises } from '@vue/test-utils'
import { mountWithApp } from '@/test/mount'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

// Screens that later issues fill must be reachable and say what is coming, without sample data.
describe('screens not built yet', () => {
  it.each([
    ['/projects', 'Projects are coming soon'],
  ])('%s shows its empty state', async (path, heading) => {
    const { wrapper } = await mountWithApp(RouterView, path)
    await flushPromises()
    expect(wrapper.get('[role="status"] h3').text()).toBe(heading)
    expect(wrapper.findAll('table')).toHaveLength(0)
    wrapper.unmount()
  })
})
