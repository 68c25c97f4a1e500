import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { projectFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId } from '@/test/dom'
import { FieldError } from '@/bridge/call'
import { cloneProgress } from '@/constants/events'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

async function open(path = '/projects') {
  const mounted = await mountWithApp(RouterView, path)
  await flushPromises()
  return mounted
}

describe('ProjectsView', () => {
  it('explains what a project is when there is none', async () => {
    const { wrapper } = await open()
    expect(byId(wrapper, 'projects-empty').text()).toContain('A project is a repository')
    expect(byId(wrapper, 'projects-workspace').text()).toContain('/data/projects/')
    wrapper.unmount()
  })

  it('groups cards by product with clone status, errors and last sync', async () => {
    bridge.listProducts.mockResolvedValue([{ id: 'prod-1', name: 'Platform', description: '', projectCount: 1, createdAt: '', updatedAt: '' }])
    bridge.listProjects.mockResolvedValue([
      projectFixture({ id: 'proj-a', name: 'Shop', productId: 'prod-1' }),
      projectFixture({ id: 'proj-b', name: 'Docs', cloneStatus: 'error', cloneError: 'authentication required', lastSyncedAt: '' }),
    ])
    const { wrapper } = await open()
    const groups = wrapper.findAll('.group')
    expect(groups.map((g) => g.get('h2').text())).toEqual(['Platform', 'No product'])
    expect(groups[0].text()).toContain('Shop')
    const shop = byId(wrapper, 'project-card-proj-a')
    expect(shop.text()).toContain('Cloned')
    expect(shop.text()).toContain('synced')
    const docs = byId(wrapper, 'project-card-proj-b')
    expect(docs.text()).toContain('Clone failed')
    expect(docs.text()).toContain('authentication required')
    expect(docs.text()).toContain('never synced')
    wrapper.unmount()
  })

  it('shows the field errors Go returns and opens the new project once saved', async () => {
    bridge.createProject.mockRejectedValueOnce(new FieldError('invalid project', 'project', { repoUrl: 'names no host' }))
    const { wrapper, router } = await open()
    await byId(wrapper, 'project-new').trigger('click')
    await flushPromises()
    const name = document.querySelector<HTMLInputElement>('[data-testid="project-name"]')!
    name.value = 'Web'
    name.dispatchEvent(new Event('input'))
    const repo = document.querySelector<HTMLInputElement>('[data-testid="project-repo"]')!
    repo.value = 'https://'
    repo.dispatchEvent(new Event('input'))
    document.querySelector<HTMLButtonElement>('[data-testid="project-save"]')!.click()
    await flushPromises()
    expect(document.querySelector('[data-testid="project-dialog"]')!.textContent).toContain('names no host')
    expect(bridge.createProject).toHaveBeenCalledWith(expect.objectContaining({ name: 'Web', repoUrl: 'https://' }))
    document.querySelector<HTMLButtonElement>('[data-testid="project-save"]')!.click()
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/projects/proj-new1')
    wrapper.unmount()
  })
})

describe('clone progress', () => {
  it('follows a running clone on its card and cancels it', async () => {
    bridge.listProjects.mockResolvedValue([projectFixture({ id: 'proj-c', cloneStatus: 'cloning', lastSyncedAt: '' })])
    bridge.currentCloneProgress.mockResolvedValue({
      projectId: 'proj-c', op: 'clone', phase: 'Counting objects', percent: 40, objects: 400, total: 1000, done: false, status: '', error: '',
    })
    const { wrapper } = await open()
    const bar = () => byId(wrapper, 'clone-progress')
    expect(bar().text()).toContain('Counting objects · 40%')
    expect(bar().attributes('data-percent')).toBe('9')
    bridge.emit(cloneProgress('proj-c'), {
      projectId: 'proj-c', op: 'clone', phase: 'Receiving objects', percent: -1, objects: 0, total: 16000, done: false, status: '', error: '',
    })
    await flushPromises()
    expect(bar().text()).toContain('Receiving objects · 0 / 16,000 objects')
    expect(bar().attributes('data-percent')).toBe('30')
    await byId(wrapper, 'clone-cancel').trigger('click')
    expect(bridge.cancelClone).toHaveBeenCalledWith('proj-c')
    wrapper.unmount()
  })

  it('clones again after a failure and syncs a clone, reporting what it did', async () => {
    bridge.getProject.mockResolvedValueOnce(projectFixture({ cloneStatus: 'error', cloneError: 'cannot reach 127.0.0.1:1' }))
    const { wrapper } = await open('/projects/proj-web1')
    expect(byId(wrapper, 'project-clone-error').text()).toContain('cannot reach 127.0.0.1:1')
    await byId(wrapper, 'project-clone').trigger('click')
    await flushPromises()
    expect(bridge.cloneProject).toHaveBeenCalledWith('proj-web1')
    expect(byId(wrapper, 'clone-progress').text()).toContain('Starting')
    wrapper.unmount()

    bridge.syncProject.mockRejectedValueOnce(new Error('working copy has uncommitted changes (a.md): commit or stash them, then sync again'))
    const second = await open('/projects/proj-web1')
    await byId(second.wrapper, 'project-sync').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('uncommitted changes (a.md)')
    second.wrapper.unmount()
  })
})

describe('ProjectDetailView', () => {
  it('shows the overview with the working directory and the tabs', async () => {
    const { wrapper } = await open('/projects/proj-web1')
    expect(byId(wrapper, 'project-title').text()).toBe('Web shop')
    expect(byId(wrapper, 'project-workdir').text()).toBe('/data/projects/web')
    for (const t of ['overview', 'terminals', 'planning', 'triggers', 'runs']) expect(byId(wrapper, `project-tab-${t}`).text()).not.toBe('')
    wrapper.unmount()
  })

  it('says why there is no working directory', async () => {
    bridge.projectWorkDir.mockRejectedValue(new Error('project has no working directory: Web shop is not cloned yet'))
    const { wrapper } = await open('/projects/proj-web1')
    expect(byId(wrapper, 'project-workdir').text()).toContain('not cloned yet')
    wrapper.unmount()
  })

  it('opens the tab named in the query', async () => {
    const { wrapper } = await open('/projects/proj-web1?tab=terminals')
    await flushPromises()
    expect(bridge.listTerminals).toHaveBeenCalledWith('proj-web1')
    expect(wrapper.text()).toContain('No terminal open')
    wrapper.unmount()
  })
})
