import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { mountWithApp } from '@/test/mount'
import { byId } from '@/test/dom'
import GitHubSection from './components/GitHubSection.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

describe('Settings → GitHub', () => {
  it('stores the API URL and the token, and shows only whether a token is set', async () => {
    const { wrapper } = await mountWithApp(GitHubSection, '/settings')
    await flushPromises()
    expect(byId(wrapper, 'github-status').text()).toContain('No token')
    expect(byId(wrapper, 'github-status').text()).toContain('https://api.github.com')

    await byId(wrapper, 'github-api-url').setValue('https://ghe.example.com/api/v3')
    await byId(wrapper, 'github-api-url').element.closest('form')?.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(bridge.setGitHubAPIURL).toHaveBeenCalledWith('https://ghe.example.com/api/v3')

    await byId(wrapper, 'github-token').setValue('github_pat_123')
    await byId(wrapper, 'github-token').element.closest('form')?.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(bridge.setGitHubToken).toHaveBeenCalledWith('github_pat_123')
    expect(byId(wrapper, 'github-status').text()).toContain('Token set')
    expect((byId(wrapper, 'github-token').element as HTMLInputElement).value).toBe('')
    wrapper.unmount()
  })

  it('shows why Go refused a URL', async () => {
    bridge.setGitHubAPIURL.mockRejectedValue('bad input: apiUrl must be an http(s) URL')
    const { wrapper } = await mountWithApp(GitHubSection, '/settings')
    await flushPromises()
    await byId(wrapper, 'github-api-url').setValue('ftp://x')
    await byId(wrapper, 'github-api-url').element.closest('form')?.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(byId(wrapper, 'github-error').text()).toContain('must be an http(s) URL')
    wrapper.unmount()
  })
})
