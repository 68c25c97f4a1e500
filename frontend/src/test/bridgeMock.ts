// Stand-in for '@/bridge' in store and component tests:
//   vi.mock('@/bridge', () => import('@/test/bridgeMock'))
// Every binding is a vi.fn answering with the fixtures; `emit` plays a backend event to whoever
// subscribed with `on`. Error helpers are the real ones, so Error handling is exercised as shipped.
import { vi } from 'vitest'
import type * as Bridge from '@/bridge'
import type { Delivery, Execution, LogBatch } from '@/bridge'
import { statusOf } from '@/bridge/executions'
import { isDelivery } from '@/bridge/webhooks'
import { isNotification, type Notification } from '@/bridge/notifications'
import { commandSetOf } from '@/bridge/planning'
import { notificationKindLabels } from '@/constants/notifications'
import { Events, cloneProgress, executionLog, type EventName } from '@/constants/events'
import {
  appInfoFixture,
  clisFixture,
  dashboardFixture,
  deliveryFixture,
  exampleFixture,
  executionFixture,
  keyringFixture,
  keysFixture,
  listenerSettingsFixture,
  listenerStatusFixture,
  placeholdersFixture,
  pricesFixture,
  projectFixture,
  sentryFixture,
  settingsFixture,
  triggerFixture,
} from './fixtures'
import { resetOnboardingMock } from './onboardingMock'
import { resetPlanningMock } from './planningMock'
import { resetPullRequestsMock } from './pullRequestsMock'
import { resetTerminalMock } from './terminalMock'

export { BackendUnavailableError, FieldError, backendPresent, call, fieldErrorsOf, toError } from '@/bridge/call'
export { statusOf, isDelivery, isNotification, commandSetOf }
export * from './onboardingMock'
export * from './planningMock'
export * from './pullRequestsMock'
export * from './terminalMock'

type Fn<K extends keyof typeof Bridge> = (typeof Bridge)[K] extends (...args: infer A) => infer R ? (...args: A) => R : never

export const getSettings = vi.fn<Fn<'getSettings'>>()
export const updateSettings = vi.fn<Fn<'updateSettings'>>()
export const getAllowedRoots = vi.fn<Fn<'getAllowedRoots'>>()
export const setAllowedRoots = vi.fn<Fn<'setAllowedRoots'>>()
export const getAppInfo = vi.fn<Fn<'getAppInfo'>>()
export const getSentryStatus = vi.fn<Fn<'getSentryStatus'>>()
export const setSentryDSN = vi.fn<Fn<'setSentryDSN'>>()
export const clearSentryDSN = vi.fn<Fn<'clearSentryDSN'>>()
export const getKeyringStatus = vi.fn<Fn<'getKeyringStatus'>>()
export const listKeys = vi.fn<Fn<'listKeys'>>()
export const setKey = vi.fn<Fn<'setKey'>>()
export const deleteKey = vi.fn<Fn<'deleteKey'>>()
export const listAgentCLIs = vi.fn<Fn<'listAgentCLIs'>>()
export const detectAgentCLIs = vi.fn<Fn<'detectAgentCLIs'>>()
export const setAgentCLIPath = vi.fn<Fn<'setAgentCLIPath'>>()
export const copyText = vi.fn<Fn<'copyText'>>()
export const openExternal = vi.fn<Fn<'openExternal'>>()
export const listTriggers = vi.fn<Fn<'listTriggers'>>()
export const getTrigger = vi.fn<Fn<'getTrigger'>>()
export const createTrigger = vi.fn<Fn<'createTrigger'>>()
export const updateTrigger = vi.fn<Fn<'updateTrigger'>>()
export const deleteTrigger = vi.fn<Fn<'deleteTrigger'>>()
export const setTriggerEnabled = vi.fn<Fn<'setTriggerEnabled'>>()
export const resetTriggerToDefault = vi.fn<Fn<'resetTriggerToDefault'>>()
export const resumeTrigger = vi.fn<Fn<'resumeTrigger'>>()
export const quitApp = vi.fn<Fn<'quitApp'>>()
export const hidesOnClose = vi.fn<Fn<'hidesOnClose'>>()
export const previewSchedule = vi.fn<Fn<'previewSchedule'>>()
export const scheduleState = vi.fn<Fn<'scheduleState'>>()
export const upcomingRuns = vi.fn<Fn<'upcomingRuns'>>()
export const previewPrompt = vi.fn<Fn<'previewPrompt'>>()
export const listPlaceholders = vi.fn<Fn<'listPlaceholders'>>()
export const templateHistory = vi.fn<Fn<'templateHistory'>>()
export const restoreTemplate = vi.fn<Fn<'restoreTemplate'>>()
export const addTriggerPath = vi.fn<Fn<'addTriggerPath'>>()
export const removeTriggerPath = vi.fn<Fn<'removeTriggerPath'>>()
export const listBackends = vi.fn<Fn<'listBackends'>>()
export const runTrigger = vi.fn<Fn<'runTrigger'>>()
export const getExecution = vi.fn<Fn<'getExecution'>>()
export const listExecutions = vi.fn<Fn<'listExecutions'>>()
export const logLines = vi.fn<Fn<'logLines'>>()
export const searchLog = vi.fn<Fn<'searchLog'>>()
export const transcript = vi.fn<Fn<'transcript'>>()
export const cancelExecution = vi.fn<Fn<'cancelExecution'>>()
export const rerunExecution = vi.fn<Fn<'rerunExecution'>>()
export const getDashboard = vi.fn<Fn<'getDashboard'>>()
export const executionDiff = vi.fn<Fn<'executionDiff'>>()
export const removeWorktree = vi.fn<Fn<'removeWorktree'>>()
export { gitStateOf } from '@/bridge/executions'
export const getListenerStatus = vi.fn<Fn<'getListenerStatus'>>()
export const getListenerSettings = vi.fn<Fn<'getListenerSettings'>>()
export const configureListener = vi.fn<Fn<'configureListener'>>()
export const generateAPIKey = vi.fn<Fn<'generateAPIKey'>>()
export const clearAPIKey = vi.fn<Fn<'clearAPIKey'>>()
export const setGitHubSecret = vi.fn<Fn<'setGitHubSecret'>>()
export const clearGitHubSecret = vi.fn<Fn<'clearGitHubSecret'>>()
export const listDeliveries = vi.fn<Fn<'listDeliveries'>>()
export const getDelivery = vi.fn<Fn<'getDelivery'>>()
export const replayDelivery = vi.fn<Fn<'replayDelivery'>>()
export const setTriggerSecret = vi.fn<Fn<'setTriggerSecret'>>()
export const clearTriggerSecret = vi.fn<Fn<'clearTriggerSecret'>>()
export const webhookExample = vi.fn<Fn<'webhookExample'>>()
export const listNotifications = vi.fn<Fn<'listNotifications'>>()
export const markNotificationRead = vi.fn<Fn<'markNotificationRead'>>()
export const markAllNotificationsRead = vi.fn<Fn<'markAllNotificationsRead'>>()
export const notificationKinds = vi.fn<Fn<'notificationKinds'>>()
export const osNotificationSwitches = vi.fn<Fn<'osNotificationSwitches'>>()
export const setOSNotificationSwitches = vi.fn<Fn<'setOSNotificationSwitches'>>()
export const usageReport = vi.fn<Fn<'usageReport'>>()
export const listBudgets = vi.fn<Fn<'listBudgets'>>()
export const createBudget = vi.fn<Fn<'createBudget'>>()
export const deleteBudget = vi.fn<Fn<'deleteBudget'>>()
export const modelPrices = vi.fn<Fn<'modelPrices'>>()
export const setModelPrices = vi.fn<Fn<'setModelPrices'>>()
export const updateStatus = vi.fn<Fn<'updateStatus'>>()
export const checkForUpdate = vi.fn<Fn<'checkForUpdate'>>()

const triggerFns = [listTriggers, getTrigger, createTrigger, updateTrigger, deleteTrigger, setTriggerEnabled]
const triggerFns2 = [resetTriggerToDefault, previewPrompt, listPlaceholders, templateHistory, restoreTemplate]
const triggerFns3 = [addTriggerPath, removeTriggerPath, listBackends, resumeTrigger, quitApp, hidesOnClose, previewSchedule, scheduleState, upcomingRuns]
const executionFns = [runTrigger, getExecution, listExecutions, logLines, searchLog, transcript]
const executionFns2 = [cancelExecution, rerunExecution, getDashboard, executionDiff, removeWorktree]
const listenerFns = [getListenerStatus, getListenerSettings, configureListener, generateAPIKey, clearAPIKey, setGitHubSecret, clearGitHubSecret]
const webhookFns = [listDeliveries, getDelivery, replayDelivery, setTriggerSecret, clearTriggerSecret, webhookExample]
const notificationFns = [listNotifications, markNotificationRead, markAllNotificationsRead, notificationKinds]
export const listAccounts = vi.fn<Fn<'listAccounts'>>()
export const listCooldowns = vi.fn<Fn<'listCooldowns'>>()
export const createAccount = vi.fn<Fn<'createAccount'>>()
export const updateAccount = vi.fn<Fn<'updateAccount'>>()
export const deleteAccount = vi.fn<Fn<'deleteAccount'>>()
export const clearCooldown = vi.fn<Fn<'clearCooldown'>>()
export const onAccountsChanged = vi.fn<Fn<'onAccountsChanged'>>()
const accountFns = [listAccounts, listCooldowns, createAccount, updateAccount, deleteAccount, clearCooldown, onAccountsChanged]
export const listProjects = vi.fn<Fn<'listProjects'>>()
export const getProject = vi.fn<Fn<'getProject'>>()
export const createProject = vi.fn<Fn<'createProject'>>()
export const updateProject = vi.fn<Fn<'updateProject'>>()
export const deleteProject = vi.fn<Fn<'deleteProject'>>()
export const projectWorkDir = vi.fn<Fn<'projectWorkDir'>>()
export const listProducts = vi.fn<Fn<'listProducts'>>()
export const createProduct = vi.fn<Fn<'createProduct'>>()
export const updateProduct = vi.fn<Fn<'updateProduct'>>()
export const deleteProduct = vi.fn<Fn<'deleteProduct'>>()
export const projectsWorkspace = vi.fn<Fn<'projectsWorkspace'>>()
export const setProjectsWorkspace = vi.fn<Fn<'setProjectsWorkspace'>>()
export const onProjectsChanged = vi.fn<Fn<'onProjectsChanged'>>()
export const cloneProject = vi.fn<Fn<'cloneProject'>>()
export const cancelClone = vi.fn<Fn<'cancelClone'>>()
export const syncProject = vi.fn<Fn<'syncProject'>>()
export const currentCloneProgress = vi.fn<Fn<'currentCloneProgress'>>()
export const onCloneProgress = vi.fn<Fn<'onCloneProgress'>>()
const projectFns3 = [cloneProject, cancelClone, syncProject, currentCloneProgress, onCloneProgress]
const projectFns = [listProjects, getProject, createProject, updateProject, deleteProject, projectWorkDir, listProducts]
const projectFns2 = [createProduct, updateProduct, deleteProduct, projectsWorkspace, setProjectsWorkspace, onProjectsChanged]
const notificationFns2 = [osNotificationSwitches, setOSNotificationSwitches, usageReport, listBudgets, createBudget, deleteBudget]
const priceFns = [modelPrices, setModelPrices, updateStatus, checkForUpdate]
export const listApiKeys = vi.fn<Fn<'listApiKeys'>>()
export const createApiKey = vi.fn<Fn<'createApiKey'>>()
export const revokeApiKey = vi.fn<Fn<'revokeApiKey'>>()
export const listAudit = vi.fn<Fn<'listAudit'>>()
export const auditActions = vi.fn<Fn<'auditActions'>>()
export const auditActors = vi.fn<Fn<'auditActors'>>()
export const onAuditAdded = vi.fn<Fn<'onAuditAdded'>>()
const accessFns = [listApiKeys, createApiKey, revokeApiKey, listAudit, auditActions, auditActors, onAuditAdded]

const handlers = new Map<string, Set<(payload: unknown) => void>>()

export const on = vi.fn((name: EventName, handler: (payload: never) => void) => {
  const set = handlers.get(name) ?? new Set()
  set.add(handler as (payload: unknown) => void)
  handlers.set(name, set)
  return () => set.delete(handler as (payload: unknown) => void)
})

// The event helpers of the real bridge, built on the mock `on` so `emit` reaches them.
export const onExecutionStatus = (handler: (e: Execution) => void) =>
  on(Events.ExecutionStatus, (payload: never) => {
    const e = statusOf(payload)
    if (e) handler(e)
  })
export const subscribeLog = (id: string, handler: (batch: LogBatch) => void) => on(executionLog(id), handler)
export const onBusMissed = (handler: (missed: number) => void) =>
  on(Events.BusMissed, (p: never) => handler((p as { missed?: number } | undefined)?.missed ?? 0))
export const onWebhookDelivery = (handler: (d: Delivery) => void) =>
  on(Events.WebhookDelivery, (p: never) => {
    if (isDelivery(p)) handler(p)
  })

export const onNotification = (handler: (n: Notification) => void) =>
  on(Events.NotificationShow, (p: never) => {
    if (isNotification(p)) handler(p)
  })

export const onNotificationsChanged = (handler: (unread: number) => void) =>
  on(Events.NotificationsChanged, (p: never) => handler((p as { unread?: number } | undefined)?.unread ?? 0))

export const onPlanningCommandsChanged = (handler: (set: Bridge.PlanningCommandSet) => void) =>
  on(Events.PlanningCommandsChanged, (p: never) => {
    const set = commandSetOf(p)
    if (set) handler(set)
  })

/** emit delivers a backend event to the current subscribers. */
export function emit(name: EventName, payload?: unknown) {
  for (const h of handlers.get(name) ?? []) h(payload)
}

/** listenerCount tells how many handlers are subscribed to an event. */
export function listenerCount(name: EventName): number {
  return handlers.get(name)?.size ?? 0
}

/** resetBridgeMock restores the default answers; call it in beforeEach. */
export function resetBridgeMock() {
  handlers.clear()
  resetOnboardingMock()
  resetPlanningMock()
  resetPullRequestsMock()
  resetTerminalMock()
  for (const fn of [getSettings, updateSettings, getAppInfo, getSentryStatus, setSentryDSN, clearSentryDSN]) fn.mockReset()
  for (const fn of [getAllowedRoots, setAllowedRoots]) fn.mockReset()
  for (const fn of [getKeyringStatus, listKeys, setKey, deleteKey, listAgentCLIs, detectAgentCLIs, setAgentCLIPath]) fn.mockReset()
  copyText.mockReset()
  openExternal.mockReset()
  for (const fn of [...triggerFns, ...triggerFns2, ...triggerFns3, ...executionFns, ...executionFns2]) fn.mockReset()
  for (const fn of [...listenerFns, ...webhookFns, ...notificationFns, ...notificationFns2, ...priceFns]) fn.mockReset()
  on.mockClear()
  for (const fn of accessFns) fn.mockReset()
  listApiKeys.mockImplementation(async () => [])
  createApiKey.mockImplementation(async (name, scope) => ({ id: 'key-new1', name, scope, key: 'agk_shown-once-0001' }))
  revokeApiKey.mockImplementation(async () => undefined)
  listAudit.mockImplementation(async () => ({ entries: [], total: 0 }))
  auditActions.mockImplementation(async () => [])
  auditActors.mockImplementation(async () => [])
  onAuditAdded.mockImplementation((fn) => on(Events.AuditAdded, fn as (p: never) => void))
  for (const fn of accountFns) fn.mockReset()
  listAccounts.mockImplementation(async () => [])
  listCooldowns.mockImplementation(async () => [])
  onAccountsChanged.mockImplementation(() => () => {})
  for (const fn of [...projectFns, ...projectFns2, ...projectFns3]) fn.mockReset()
  cloneProject.mockImplementation(async (id) => projectFixture({ id, cloneStatus: 'cloning' }))
  cancelClone.mockImplementation(async () => undefined)
  syncProject.mockImplementation(async () => ({ status: 'up-to-date', branch: 'main', from: 'a', to: 'a' }))
  currentCloneProgress.mockImplementation(async () => null)
  onCloneProgress.mockImplementation((id, fn) => on(cloneProgress(id), fn as (p: never) => void))
  listProjects.mockImplementation(async () => [])
  getProject.mockImplementation(async (id) => projectFixture({ id }))
  createProject.mockImplementation(async (input) => projectFixture({ ...input, id: 'proj-new1' }))
  updateProject.mockImplementation(async (id, input) => projectFixture({ ...input, id }))
  deleteProject.mockImplementation(async () => undefined)
  projectWorkDir.mockImplementation(async () => '/data/projects/web')
  listProducts.mockImplementation(async () => [])
  createProduct.mockImplementation(async (input) => ({ ...input, id: 'prod-new1', projectCount: 0, createdAt: '', updatedAt: '' }))
  updateProduct.mockImplementation(async (id, input) => ({ ...input, id, projectCount: 0, createdAt: '', updatedAt: '' }))
  deleteProduct.mockImplementation(async () => undefined)
  projectsWorkspace.mockImplementation(async () => '/data')
  setProjectsWorkspace.mockImplementation(async (dir) => dir || '/data')
  onProjectsChanged.mockImplementation((fn) => on(Events.ProjectsChanged, fn))

  updateStatus.mockImplementation(async () => ({ enabled: false, current: 'v1.2.3', latest: '', newer: false, url: '', notes: '', checkedAt: '', error: '' }))
  checkForUpdate.mockImplementation(async () => ({ enabled: true, current: 'v1.2.3', latest: '', newer: false, url: '', notes: '', checkedAt: '', error: '' }))
  getSettings.mockImplementation(async () => settingsFixture())
  updateSettings.mockImplementation(async (s) => ({ ...s }))
  getAllowedRoots.mockImplementation(async () => [])
  setAllowedRoots.mockImplementation(async (roots) => roots.map((r) => r.trim()).filter(Boolean))
  getAppInfo.mockImplementation(async () => appInfoFixture())
  getSentryStatus.mockImplementation(async () => sentryFixture())
  setSentryDSN.mockImplementation(async (dsn) => sentryFixture({ configured: !!dsn, active: !!dsn }))
  clearSentryDSN.mockImplementation(async () => sentryFixture())
  getKeyringStatus.mockImplementation(async () => keyringFixture())
  listKeys.mockImplementation(async () => keysFixture())
  setKey.mockImplementation(async () => undefined)
  deleteKey.mockImplementation(async () => undefined)
  listAgentCLIs.mockImplementation(async () => clisFixture())
  detectAgentCLIs.mockImplementation(async () => clisFixture())
  setAgentCLIPath.mockImplementation(async (name, path) => {
    const found = clisFixture().find((c) => c.name === name) ?? clisFixture()[0]
    return { ...found, customPath: path, path: path || found.path, source: path ? 'custom' : found.source }
  })
  copyText.mockImplementation(async () => undefined)

  listTriggers.mockImplementation(async () => [])
  getTrigger.mockImplementation(async (id) => triggerFixture({ id }))
  createTrigger.mockImplementation(async (t) => ({ ...t, id: 'trig-new1' }))
  updateTrigger.mockImplementation(async (t) => ({ ...t }))
  deleteTrigger.mockImplementation(async () => undefined)
  setTriggerEnabled.mockImplementation(async (id, enabled) => triggerFixture({ id, enabled }))
  resetTriggerToDefault.mockImplementation(async (id) => triggerFixture({ id, isPredefined: true }))
  resumeTrigger.mockImplementation(async (id) => triggerFixture({ id, paused: false }))
  quitApp.mockImplementation(async () => undefined)
  hidesOnClose.mockImplementation(async () => false)
  previewSchedule.mockImplementation(async () => ({ sentence: '', nextFireTimes: [], timezone: 'UTC', errors: {} }))
  scheduleState.mockImplementation(async (triggerId) => ({
    triggerId,
    sentence: '',
    nextFireTimes: [],
    lastPlannedAt: '',
    lastOutcome: '',
    lastDetail: '',
    note: '',
  }))
  upcomingRuns.mockImplementation(async () => [])
  previewPrompt.mockImplementation(async (template) => ({ rendered: template, unknownPlaceholders: [] }))
  listPlaceholders.mockImplementation(async () => placeholdersFixture())
  templateHistory.mockImplementation(async () => [])
  restoreTemplate.mockImplementation(async (id) => triggerFixture({ id }))
  addTriggerPath.mockImplementation(async (id, path) =>
    triggerFixture({ id, paths: [{ id: 9, path, projectId: '', position: 0, missing: false }] }),
  )
  removeTriggerPath.mockImplementation(async (id) => triggerFixture({ id, paths: [] }))
  listBackends.mockImplementation(async () => ['claude', 'codex', 'gemini', 'opencode'])
  runTrigger.mockImplementation(async () => 'exec-new1')
  getExecution.mockImplementation(async (id) => executionFixture({ id }))
  listExecutions.mockImplementation(async () => ({ executions: [], total: 0 }))
  logLines.mockImplementation(async () => ({ lines: [], next: 0, total: 0 }))
  searchLog.mockImplementation(async () => ({ hits: [], total: 0 }))
  transcript.mockImplementation(async () => [])
  cancelExecution.mockImplementation(async () => undefined)
  rerunExecution.mockImplementation(async () => 'exec-rerun1')
  getDashboard.mockImplementation(async () => dashboardFixture())
  executionDiff.mockImplementation(async (id) => ({
    executionId: id,
    branch: `agented/${id}`,
    baseCommit: 'b'.repeat(40),
    stat: { filesChanged: 0, insertions: 0, deletions: 0, files: [] },
    text: '',
    truncated: false,
  }))
  removeWorktree.mockImplementation(async (id) => executionFixture({ id }))

  getListenerStatus.mockImplementation(async () => listenerStatusFixture())
  getListenerSettings.mockImplementation(async () => listenerSettingsFixture())
  configureListener.mockImplementation(async (l) =>
    listenerStatusFixture({ enabled: l.enabled, running: l.enabled, corsOrigins: l.corsOrigins, trustedProxies: l.trustedProxies }),
  )
  generateAPIKey.mockImplementation(async () => 'generated-api-key-0001')
  clearAPIKey.mockImplementation(async () => listenerStatusFixture())
  setGitHubSecret.mockImplementation(async () => listenerStatusFixture({ githubSecretConfigured: true, githubSecretSource: 'keyring' }))
  clearGitHubSecret.mockImplementation(async () => listenerStatusFixture())
  listDeliveries.mockImplementation(async () => ({ deliveries: [], total: 0 }))
  getDelivery.mockImplementation(async (id) => deliveryFixture({ id }))
  replayDelivery.mockImplementation(async (id) => deliveryFixture({ id: 'dlv-replay1', replayOf: id, signature: 'replay' }))
  setTriggerSecret.mockImplementation(async (id) => triggerFixture({ id, triggerSource: 'webhook', hasWebhookSecret: true }))
  clearTriggerSecret.mockImplementation(async (id) => triggerFixture({ id, triggerSource: 'webhook', hasWebhookSecret: false }))
  webhookExample.mockImplementation(async () => exampleFixture())
  listNotifications.mockImplementation(async () => ({ notifications: [], unread: 0 }))
  usageReport.mockImplementation(async (from, to) => ({ from, to, rows: [] }))
  listBudgets.mockImplementation(async () => [])
  createBudget.mockImplementation(async (b) => ({ ...b, id: 'bdg-new1' }))
  deleteBudget.mockImplementation(async () => undefined)
  modelPrices.mockImplementation(async () => pricesFixture())
  // Go lowercases and trims the names; an empty table is the list prices.
  setModelPrices.mockImplementation(async (table) =>
    table.length ? table.map((p) => ({ ...p, model: p.model.trim().toLowerCase() })) : pricesFixture(),
  )
  markNotificationRead.mockImplementation(async () => undefined)
  markAllNotificationsRead.mockImplementation(async () => undefined)
  notificationKinds.mockImplementation(async () => Object.keys(notificationKindLabels))
  osNotificationSwitches.mockImplementation(async () =>
    Object.fromEntries(Object.keys(notificationKindLabels).map((k) => [k, true])),
  )
  setOSNotificationSwitches.mockImplementation(async (m) => ({
    ...Object.fromEntries(Object.keys(notificationKindLabels).map((k) => [k, true])),
    ...m,
  }))
}
