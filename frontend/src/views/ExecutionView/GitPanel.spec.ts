import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { executionFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId } from '@/test/dom'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

// The terminal itself is TerminalPanel's own spec; here only where it opens, and what it starts.
const openTerminal = vi.fn()
vi.mock('@/components/TerminalPanel/index.vue', () => ({
  default: defineComponent({
    props: { dir: { type: String, default: '' }, projectId: { type: String, default: '' } },
    setup(props, { expose }) {
      expose({ open: openTerminal })
      return () => h('div', { 'data-testid': 'terminal-stub', 'data-dir': props.dir })
    },
  }),
}))

const base = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'

const worktreeRun = (over = {}) =>
  executionFixture({
    status: 'success',
    finishedAt: '2025-01-01T10:00:09.000Z',
    isolation: 'worktree',
    repoDir: '/home/test/src/app',
    worktreePath: '/data/worktrees/exec-1',
    workingDir: '/data/worktrees/exec-1',
    branch: 'agented/exec-1',
    baseCommit: base,
    gitBefore: { kind: 'git', head: base, branch: 'agented/exec-1', dirty: [], dirtyCount: 0 },
    gitAfter: { kind: 'git', head: base, branch: 'agented/exec-1', dirty: ['README.md', 'notes.txt'], dirtyCount: 2 },
    diffStat: {
      filesChanged: 2,
      insertions: 3,
      deletions: 1,
      files: [
        { path: 'README.md', insertions: 1, deletions: 1, binary: false },
        { path: 'notes.txt', insertions: 2, deletions: 0, binary: false },
      ],
    },
    ...over,
  })

async function open(run = worktreeRun()) {
  bridge.getExecution.mockResolvedValue(run)
  const mounted = await mountWithApp(RouterView, '/executions/exec-1')
  await flushPromises()
  return mounted
}

beforeEach(() => {
  bridge.resetBridgeMock()
  openTerminal.mockReset()
})

describe('ExecutionView git panel', () => {
  it('shows the branch, the states before and after, and the diff summary', async () => {
    const { wrapper } = await open()
    expect(byId(wrapper, 'exec-branch').text()).toContain('agented/exec-1')
    expect(byId(wrapper, 'exec-branch').text()).toContain('a1b2c3d4e5')
    expect(byId(wrapper, 'exec-worktree').text()).toBe('/data/worktrees/exec-1')
    expect(byId(wrapper, 'exec-git-before').text()).toBe('agented/exec-1 at a1b2c3d4e5, clean')
    expect(byId(wrapper, 'exec-git-after').text()).toContain('2 uncommitted files')
    const stat = byId(wrapper, 'exec-diffstat').text()
    expect(stat).toContain('2 files changed')
    expect(stat).toContain('+3')
    expect(stat).toContain('−1')
    const files = wrapper.findAll('[data-testid="exec-diff-file"]').map((f) => f.text())
    expect(files).toEqual(['README.md+1−1', 'notes.txt+2−0'])
    wrapper.unmount()
  })

  it('loads the full diff on demand, colouring added and removed lines', async () => {
    bridge.executionDiff.mockResolvedValue({
      executionId: 'exec-1',
      branch: 'agented/exec-1',
      baseCommit: base,
      stat: { filesChanged: 1, insertions: 1, deletions: 1, files: [{ path: 'README.md', insertions: 1, deletions: 1, binary: false }] },
      text: 'diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-old\n+new\n',
      truncated: false,
    })
    const { wrapper } = await open()
    await byId(wrapper, 'exec-diff-toggle').trigger('click')
    await flushPromises()
    expect(bridge.executionDiff).toHaveBeenCalledWith('exec-1')
    const diff = byId(wrapper, 'exec-diff')
    expect(diff.find('.add').text()).toBe('+new')
    expect(diff.find('.del').text()).toBe('-old')
    expect(diff.find('.hunk').text()).toBe('@@ -1 +1 @@')
    // The summary follows what the diff call found.
    expect(byId(wrapper, 'exec-diffstat').text()).toContain('1 file changed')
    await byId(wrapper, 'exec-diff-toggle').trigger('click')
    expect(wrapper.find('[data-testid="exec-diff"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows why the diff could not be read', async () => {
    bridge.executionDiff.mockRejectedValue(new Error('git diff: exit status 128: bad object'))
    const { wrapper } = await open()
    await byId(wrapper, 'exec-diff-toggle').trigger('click')
    await flushPromises()
    expect(byId(wrapper, 'exec-diff-error').text()).toContain('bad object')
    wrapper.unmount()
  })

  it('opens a shell in the worktree', async () => {
    const { wrapper } = await open()
    expect(wrapper.find('[data-testid="terminal-stub"]').exists()).toBe(false)
    await byId(wrapper, 'exec-open-terminal').trigger('click')
    await flushPromises()
    expect(byId(wrapper, 'terminal-stub').attributes('data-dir')).toBe('/data/worktrees/exec-1')
    expect(openTerminal).toHaveBeenCalledWith({ kind: 'shell', title: 'agented/exec-1' })
    wrapper.unmount()
  })

  it('removes the worktree and says where the uncommitted changes went', async () => {
    const note = 'uncommitted changes saved as commit 0123456789ab on branch agented/exec-1'
    const after = worktreeRun({ worktreeRemovedAt: '2025-01-01T11:00:00.000Z', savedCommit: '0123456789ab'.padEnd(40, '0'), savedNote: note })
    bridge.removeWorktree.mockResolvedValue(after)
    const { wrapper } = await open()
    await byId(wrapper, 'exec-remove-worktree').trigger('click')
    await flushPromises()
    // The confirmation names what happens to the work.
    expect(document.body.textContent).toContain('committed on agented/exec-1 first')
    bridge.getExecution.mockResolvedValue(after)
    const confirm = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Remove')
    confirm?.click()
    await flushPromises()
    expect(bridge.removeWorktree).toHaveBeenCalledWith('exec-1')
    expect(document.body.textContent).toContain(note)
    expect(byId(wrapper, 'exec-saved-note').text()).toBe(note)
    expect(byId(wrapper, 'exec-worktree').text()).toContain('removed')
    expect(wrapper.find('[data-testid="exec-remove-worktree"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="exec-open-terminal"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('keeps the worktree when removal fails, and says why', async () => {
    bridge.removeWorktree.mockRejectedValue(new Error('could not commit nor write the patch; the worktree was kept'))
    const { wrapper } = await open()
    await byId(wrapper, 'exec-remove-worktree').trigger('click')
    await flushPromises()
    ;[...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Remove')?.click()
    await flushPromises()
    expect(document.body.textContent).toContain('The worktree was not removed: could not commit nor write the patch')
    expect(wrapper.find('[data-testid="exec-remove-worktree"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('cannot remove the worktree of a run still going', async () => {
    const { wrapper } = await open(worktreeRun({ status: 'running', finishedAt: '' }))
    expect(byId(wrapper, 'exec-remove-worktree').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })

  it('shows the git state of a run without isolation, and no worktree actions', async () => {
    const { wrapper } = await open(
      worktreeRun({ isolation: 'none', worktreePath: '', branch: '', baseCommit: '', diffStat: undefined,
        gitBefore: { kind: 'tree', head: '', branch: '', dirty: [], dirtyCount: 0 },
        gitAfter: { kind: 'tree', head: '', branch: '', dirty: [], dirtyCount: 0 } }),
    )
    expect(byId(wrapper, 'exec-git-before').text()).toContain('not a git repository')
    expect(wrapper.find('[data-testid="exec-branch"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="exec-remove-worktree"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="exec-diffstat"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('has no git panel for a run that recorded nothing', async () => {
    const { wrapper } = await open(executionFixture())
    expect(wrapper.find('[data-testid="exec-git"]').exists()).toBe(false)
    wrapper.unmount()
  })
})
