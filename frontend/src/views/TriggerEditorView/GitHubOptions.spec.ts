import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { triggerFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId, feedbackOf } from '@/test/dom'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

const github = triggerFixture({ id: 'trig-gh', name: 'Review', triggerSource: 'github', githubRepoFilter: 'acme/api' })

async function edit() {
  bridge.getTrigger.mockResolvedValue(github)
  const mounted = await mountWithApp(RouterView, '/triggers/trig-gh/edit')
  await flushPromises()
  return mounted
}

describe('GitHub trigger options', () => {
  it('saves poll mode, its interval, the sticky comment and the trusted authors', async () => {
    bridge.updateTrigger.mockImplementation(async (t) => ({ ...t }))
    const { wrapper } = await edit()
    await byId(wrapper, 'trigger-github-mode-poll').get('input').setValue(true)
    await flushPromises()
    await byId(wrapper, 'trigger-github-poll-seconds').setValue('30')
    await byId(wrapper, 'trigger-github-poll-seconds').trigger('blur')
    await byId(wrapper, 'trigger-github-report-comment').get('input').setValue(true)
    await byId(wrapper, 'trigger-github-allow-authors').setValue('alice, dependabot[bot]')
    await byId(wrapper, 'trigger-save').trigger('click')
    await flushPromises()
    expect(bridge.updateTrigger).toHaveBeenCalledOnce()
    const saved = bridge.updateTrigger.mock.calls[0][0]
    expect(saved).toMatchObject({
      githubMode: 'poll',
      githubPollSeconds: 30,
      githubReport: 'comment',
      githubAllowAuthors: ['alice', 'dependabot[bot]'],
      githubTrustAllAuthors: false,
    })
    wrapper.unmount()
  })

  it('shows Go’s message under the field it is about', async () => {
    bridge.updateTrigger.mockRejectedValue({
      message: 'invalid trigger: githubRepoFilter: polling needs the repositories named exactly',
      subject: 'trigger',
      fields: { githubRepoFilter: 'polling needs the repositories named exactly (owner/repo, comma-separated), no globs' },
    })
    const { wrapper } = await edit()
    await byId(wrapper, 'trigger-save').trigger('click')
    await flushPromises()
    expect(feedbackOf(wrapper, 'trigger-github-repo')).toContain('Polling needs the repositories named exactly')
    wrapper.unmount()
  })
})
