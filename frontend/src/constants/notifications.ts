// Notification kinds the backend raises (backend/events/notification.go), in display order.
/** Labels of the notification kinds, for Settings → Notifications. */
export const notificationKindLabels: Record<string, string> = {
  run_failed: 'Failed runs',
  guard_stop: 'Runs stopped or warned by a guard (stall, cost, turns, budget)',
  budget: 'Budget warnings',
  trigger_paused: 'Triggers paused after repeated failures',
  retries_exhausted: 'Retries exhausted',
  pr_approval: 'Pull request waits for approval',
  storage: 'Run output that could not be stored',
}
