import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { NConfigProvider } from 'naive-ui'
import type { Plan, PlanningBoard as Board, PlanningState } from '@/bridge'
import PlanningBoard from './index.vue'

// The board's bridge calls, recorded; `changed` plays the backend's planning:changed event.
const calls = vi.hoisted(() => ({
  planningBoard: vi.fn(),
  planningState: vi.fn(),
  movePlan: vi.fn(),
  planningDocument: vi.fn(),
  planUsage: vi.fn(),
  listTriggers: vi.fn(),
  runPlan: vi.fn(),
  unwatch: vi.fn(),
  changed: [] as Array<() => void>,
}))

vi.mock('@/bridge', async () => {
  const { toError } = await import('@/bridge/call')
  return {
    toError,
    planningBoard: calls.planningBoard,
    planningState: calls.planningState,
    movePlan: calls.movePlan,
    planningDocument: calls.planningDocument,
    planUsage: calls.planUsage,
    listTriggers: calls.listTriggers,
    runPlan: calls.runPlan,
    watchPlanning: (_id: string, onChange: () => void) => {
      calls.changed.push(onChange)
      return calls.unwatch
    },
  }
})

function plan(over: Partial<Plan>): Plan {
  return {
    id: 'phases/01-foundation/01-01-PLAN.md',
    phase: '1',
    plan: 1,
    title: 'Database schema',
    objective: 'Database schema\n\nTables and migrations.',
    status: 'planned',
    wave: 1,
    dependsOn: [],
    filesModified: ['db/schema.sql'],
    hasSummary: false,
    ...over,
  }
}

function boardFixture(): Board {
  return {
    milestones: [
      {
        version: 'v1.1',
        title: 'Taskline',
        phases: [
          {
            number: '1',
            name: 'Foundation',
            goal: 'A running server',
            status: 'in_progress',
            dependencies: '',
            successCriteria: [],
            verificationLevel: '',
            documents: [
              { name: '01-CONTEXT.md', kind: 'context', path: 'phases/01-foundation/01-CONTEXT.md' },
              { name: '01-01-PLAN.md', kind: 'plan', path: 'phases/01-foundation/01-01-PLAN.md' },
            ],
            plans: [
              plan({}),
              plan({ id: 'phases/01-foundation/01-02-PLAN.md', plan: 2, title: 'Config', objective: 'Config', status: 'done', hasSummary: true }),
            ],
          },
          {
            number: '2',
            name: 'API auth',
            goal: '',
            status: 'pending',
            dependencies: '',
            successCriteria: [],
            verificationLevel: '',
            documents: [],
            plans: [
              plan({ id: 'phases/02-api/02-01-PLAN.md', phase: '2', title: 'Token model', objective: '' }),
              plan({ id: 'ROADMAP.md#2-03', phase: '2', plan: 3, title: 'Rate limits', status: 'backlog', filesModified: [] }),
            ],
          },
        ],
      },
    ],
    errors: [{ file: 'phases/02-api/02-01-PLAN.md', message: "front matter is not valid YAML: did not find expected ','" }],
  }
}

const stateFixture: PlanningState = {
  present: true,
  percent: 30,
  summary: '[███░░] 30%',
  position: [{ key: 'Phase', value: '2 of 4 (API auth)' }],
}

let wrapper: VueWrapper | null = null

async function mountBoard(props: Record<string, unknown> = {}) {
  const Host = defineComponent({
    setup: () => () => h(NConfigProvider, null, () => h(PlanningBoard, { projectId: 'prj-1', ...props })),
  })
  wrapper = mount(Host, { attachTo: document.body })
  await flushPromises()
  return wrapper
}

/** A drag event whose dataTransfer behaves like the browser's for the one drag it carries. */
function dragEvent(type: string, store: Map<string, string>): Event {
  const e = new Event(type, { bubbles: true, cancelable: true })
  Object.defineProperty(e, 'dataTransfer', {
    value: {
      get types() {
        return [...store.keys()]
      },
      setData: (k: string, v: string) => store.set(k, v),
      getData: (k: string) => store.get(k) ?? '',
      effectAllowed: 'all',
      dropEffect: 'none',
    },
  })
  return e
}

function drag(card: Element, cell: Element) {
  const store = new Map<string, string>()
  card.dispatchEvent(dragEvent('dragstart', store))
  cell.dispatchEvent(dragEvent('dragover', store))
  cell.dispatchEvent(dragEvent('drop', store))
}

const card = (w: VueWrapper, id: string) => w.get(`[data-plan-id="${id}"]`)
const cell = (w: VueWrapper, phase: string, status: string) =>
  w.get(`[data-testid="board-cell"][data-phase="${phase}"][data-status="${status}"]`)

beforeEach(() => {
  calls.changed.length = 0
  for (const fn of [calls.planningBoard, calls.planningState, calls.movePlan, calls.planningDocument, calls.unwatch]) fn.mockReset()
  for (const fn of [calls.planUsage, calls.listTriggers, calls.runPlan]) fn.mockReset()
  calls.planningBoard.mockResolvedValue(boardFixture())
  calls.planningState.mockResolvedValue(stateFixture)
  calls.planUsage.mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('PlanningBoard', () => {
  it('shows phases as swimlanes, plans in their status columns, progress and file errors on their cards', async () => {
    const w = await mountBoard()
    expect(calls.planningBoard).toHaveBeenCalledWith('prj-1')
    expect(w.findAll('[data-testid="phase-lane"]').map((l) => l.attributes('data-phase'))).toEqual(['1', '2'])
    expect(cell(w, '1', 'planned').text()).toContain('Database schema')
    expect(cell(w, '1', 'done').text()).toContain('Config')
    expect(cell(w, '2', 'backlog').text()).toContain('Rate limits')
    // The objective's first line is the title; the card shows the rest, and the files.
    const first = card(w, 'phases/01-foundation/01-01-PLAN.md')
    expect(first.text()).toContain('01-01')
    expect(first.text()).toContain('Tables and migrations.')
    expect(first.text()).toContain('db/schema.sql')
    // The malformed PLAN keeps its card, with the reason.
    const broken = card(w, 'phases/02-api/02-01-PLAN.md')
    expect(broken.get('[data-testid="plan-error"]').text()).toContain('front matter is not valid YAML')
    expect(broken.classes()).toContain('has-error')
    expect(w.get('[data-testid="planning-progress"]').text()).toContain('30%')
    expect(w.get('[data-testid="planning-progress"]').text()).toContain('1/4 plans done')
    expect(w.get('[data-testid="planning-position"]').text()).toContain('2 of 4 (API auth)')
    // A plan only the ROADMAP names cannot be dragged.
    expect(card(w, 'ROADMAP.md#2-03').attributes('draggable')).toBe('false')
    expect(first.attributes('draggable')).toBe('true')
  })

  it('moves a dragged card and writes the status through the bridge', async () => {
    const after = boardFixture()
    after.milestones[0].phases[0].plans[0].status = 'in_progress'
    calls.movePlan.mockResolvedValue(after)
    const w = await mountBoard()
    drag(card(w, 'phases/01-foundation/01-01-PLAN.md').element, cell(w, '1', 'in_progress').element)
    await flushPromises()
    expect(calls.movePlan).toHaveBeenCalledWith('prj-1', 'phases/01-foundation/01-01-PLAN.md', 'in_progress')
    expect(cell(w, '1', 'in_progress').text()).toContain('Database schema')
    expect(cell(w, '1', 'planned').text()).not.toContain('Database schema')
  })

  it('puts the card back and says why when the file cannot be written', async () => {
    calls.movePlan.mockRejectedValue({ message: 'set status of x: front matter is not valid YAML' })
    const w = await mountBoard()
    drag(card(w, 'phases/01-foundation/01-01-PLAN.md').element, cell(w, '1', 'done').element)
    await flushPromises()
    expect(cell(w, '1', 'planned').text()).toContain('Database schema')
    expect(cell(w, '1', 'done').text()).not.toContain('Database schema')
    expect(w.get('[data-testid="planning-move-error"]').text()).toContain('Could not move Database schema: set status of x')
  })

  it('does not move a plan without a PLAN file, nor a drop of something that is not a card', async () => {
    const w = await mountBoard()
    drag(card(w, 'ROADMAP.md#2-03').element, cell(w, '2', 'done').element)
    const store = new Map([['text/plain', 'hello']])
    cell(w, '1', 'done').element.dispatchEvent(dragEvent('drop', store))
    await flushPromises()
    expect(calls.movePlan).not.toHaveBeenCalled()
  })

  it('reloads when the files change and stops watching when it goes away', async () => {
    const w = await mountBoard()
    expect(calls.changed).toHaveLength(1)
    const edited = boardFixture()
    edited.milestones[0].phases[1].plans[0].status = 'in_review'
    edited.errors = []
    calls.planningBoard.mockResolvedValue(edited)
    calls.changed[0]()
    await flushPromises()
    expect(cell(w, '2', 'in_review').text()).toContain('Token model')
    expect(w.find('[data-testid="plan-error"]').exists()).toBe(false)
    w.unmount()
    wrapper = null
    expect(calls.unwatch).toHaveBeenCalledTimes(1)
  })

  it('offers to initialize planning when the project has no .planning folder', async () => {
    calls.planningBoard.mockResolvedValue({ milestones: [], errors: [] })
    calls.planningState.mockResolvedValue({ present: false, percent: -1, summary: '', position: [] })
    const Host = defineComponent({
      setup: () => () =>
        h(NConfigProvider, null, () =>
          h(PlanningBoard, { projectId: 'prj-1' }, { initialize: () => h('button', { 'data-testid': 'init' }, 'Initialize planning') }),
        ),
    })
    wrapper = mount(Host, { attachTo: document.body })
    await flushPromises()
    expect(wrapper.get('[data-testid="planning-empty"]').text()).toContain('no .planning folder')
    expect(wrapper.find('[data-testid="init"]').exists()).toBe(true)
  })

  // What the sanitiser removes is tested in utils/markdown.spec.ts, under jsdom.
  it('renders a phase document as Markdown', async () => {
    calls.planningDocument.mockResolvedValue({
      path: 'phases/01-foundation/01-CONTEXT.md',
      // Not a heading first: happy-dom parses DOMPurify's leading <remove></remove> marker so
      // that it swallows a first element (browsers do not), which would test happy-dom.
      content: 'Gathered 2026-01-13\n\n# Context\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
    })
    const w = await mountBoard()
    const docs = w.findAll('[data-testid="phase-document"]')
    expect(docs.map((d) => d.text())).toEqual(['context']) // PLAN files open from their cards
    await docs[0].trigger('click')
    await flushPromises()
    expect(calls.planningDocument).toHaveBeenCalledWith('prj-1', 'phases/01-foundation/01-CONTEXT.md')
    const html = document.body.querySelector('[data-testid="planning-document"]')
    expect(html?.querySelector('h1')?.textContent).toBe('Context')
    expect(html?.querySelector('table')).not.toBeNull()
  })

  it('shows planning commands, disabled with the reason when no terminal can run them', async () => {
    const w = await mountBoard({
      commands: [{ label: 'Map codebase', command: '/grd:map-codebase', phase: false }],
      commandsDisabledReason: 'Terminals are not available yet',
    })
    const btn = w.get('[role="toolbar"] button')
    expect(btn.text()).toBe('Map codebase')
    expect(btn.attributes('disabled')).toBeDefined()
    expect(w.get('[data-testid="planning-commands-disabled"]').text()).toBe('Terminals are not available yet')
  })

  it('shows what each plan and phase cost, and runs a plan with a chosen trigger', async () => {
    calls.planUsage.mockResolvedValue([
      { planId: 'phases/01-foundation/01-01-PLAN.md', runs: 2, inputTokens: 10000, outputTokens: 2500, cachedTokens: 0, costUsd: 0.4 },
      { planId: 'phases/01-foundation/01-02-PLAN.md', runs: 1, inputTokens: 1000, outputTokens: 0, cachedTokens: 0, costUsd: 0.1 },
    ])
    calls.listTriggers.mockResolvedValue([{ id: 'trig-1', name: 'Implementer', backendType: 'claude' }])
    calls.runPlan.mockResolvedValue('exec-9')
    const started = vi.fn()
    const w = await mountBoard({ onStarted: started })
    expect(card(w, 'phases/01-foundation/01-01-PLAN.md').get('[data-testid="plan-usage"]').text()).toMatch(/^2 runs · .+ tokens · \$0\.40$/)
    expect(w.get('[data-phase="1"][data-testid="phase-lane"] [data-testid="phase-usage"]').text()).toMatch(/^3 runs · .+ · \$0\.50$/)
    expect(w.find('[data-phase="2"][data-testid="phase-lane"] [data-testid="phase-usage"]').exists()).toBe(false)

    await card(w, 'phases/01-foundation/01-01-PLAN.md').get('[data-testid="plan-run"]').trigger('click')
    await flushPromises()
    expect(calls.listTriggers).toHaveBeenCalled()
    const confirm = document.body.querySelector<HTMLButtonElement>('[data-testid="plan-run-confirm"]')
    expect(confirm).not.toBeNull()
    confirm!.click()
    await flushPromises()
    expect(calls.runPlan).toHaveBeenCalledWith('prj-1', 'phases/01-foundation/01-01-PLAN.md', 'trig-1')
    expect(started).toHaveBeenCalledWith('exec-9')
    expect(calls.planUsage).toHaveBeenCalledTimes(2) // the figures are read again after the start
    // A plan only the ROADMAP names has no PLAN file to send: no run button.
    expect(card(w, 'ROADMAP.md#2-03').find('[data-testid="plan-run"]').exists()).toBe(false)
  })
})
