import type { RouteRecordRaw } from 'vue-router'
import DashboardView from '@/views/DashboardView/index.vue'
import TriggersView from '@/views/TriggersView/index.vue'
import TriggerEditorView from '@/views/TriggerEditorView/index.vue'
import TriggerDetailView from '@/views/TriggerDetailView/index.vue'
import ExecutionsView from '@/views/ExecutionsView/index.vue'
import ExecutionView from '@/views/ExecutionView/index.vue'
import WebhookDeliveriesView from '@/views/WebhookDeliveriesView/index.vue'
import PullRequestsView from '@/views/PullRequestsView/index.vue'
import ProjectsView from '@/views/ProjectsView/index.vue'
import ProjectDetailView from '@/views/ProjectDetailView/index.vue'
import SettingsView from '@/views/SettingsView/index.vue'
import UsageView from '@/views/UsageView/index.vue'
import OnboardingView from '@/views/OnboardingView/index.vue'
import AuditView from '@/views/AuditView/index.vue'
import type { IconName } from '@/components/AppIcon/icons'

declare module 'vue-router' {
  interface RouteMeta {
    /** Label in the navigation and page header. */
    title?: string
    /** Icon in the navigation; routes without one are not listed there. */
    icon?: IconName
    /** Name of the navigation entry a sub-page belongs to (highlighted while it is open). */
    section?: string
  }
}

// Every screen is a top-level route; the navigation is built from this list, so a screen
// cannot exist without a nav entry. Sub-pages (editor, detail) name their nav entry in
// meta.section. Views are bundled eagerly: the app loads from local disk.
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'dashboard', component: DashboardView, meta: { title: 'Dashboard', icon: 'dashboard' } },
  { path: '/triggers', name: 'triggers', component: TriggersView, meta: { title: 'Triggers', icon: 'triggers' } },
  {
    path: '/triggers/new',
    name: 'trigger-new',
    component: TriggerEditorView,
    meta: { title: 'New trigger', section: 'triggers' },
  },
  {
    path: '/triggers/:id',
    name: 'trigger',
    component: TriggerDetailView,
    meta: { title: 'Trigger', section: 'triggers' },
  },
  {
    path: '/triggers/:id/edit',
    name: 'trigger-edit',
    component: TriggerEditorView,
    meta: { title: 'Edit trigger', section: 'triggers' },
  },
  {
    path: '/executions',
    name: 'executions',
    component: ExecutionsView,
    meta: { title: 'Executions', icon: 'executions' },
  },
  {
    path: '/executions/:id',
    name: 'execution',
    component: ExecutionView,
    meta: { title: 'Execution', section: 'executions' },
  },
  { path: '/usage', name: 'usage', component: UsageView, meta: { title: 'Usage', icon: 'usage' } },
  {
    path: '/pull-requests',
    name: 'pull-requests',
    component: PullRequestsView,
    meta: { title: 'Pull requests', icon: 'pullrequests' },
  },
  {
    path: '/webhook-deliveries',
    name: 'webhook-deliveries',
    component: WebhookDeliveriesView,
    meta: { title: 'Webhook deliveries', icon: 'webhooks' },
  },
  { path: '/projects', name: 'projects', component: ProjectsView, meta: { title: 'Projects', icon: 'projects' } },
  {
    path: '/projects/:id',
    name: 'project',
    component: ProjectDetailView,
    meta: { title: 'Project', section: 'projects' },
  },
  { path: '/audit', name: 'audit', component: AuditView, meta: { title: 'Audit', icon: 'shield' } },
  { path: '/settings', name: 'settings', component: SettingsView, meta: { title: 'Settings', icon: 'settings' } },
  {
    path: '/welcome',
    name: 'onboarding',
    component: OnboardingView,
    meta: { title: 'Welcome', section: 'dashboard' },
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

/** NavItem is one entry of the left navigation. */
export interface NavItem {
  name: string
  path: string
  title: string
  icon: IconName
}

/** navItems lists the routes shown in the navigation, in order. */
export const navItems: NavItem[] = routes.flatMap((r) =>
  r.name && r.meta?.icon ? [{ name: String(r.name), path: r.path, title: r.meta.title ?? '', icon: r.meta.icon }] : [],
)
