// Finders for component tests. Screens tag what tests look for with data-testid (see
// utils/testid.ts), so one set of finders serves every spec.
import type { VueWrapper } from '@vue/test-utils'

/** byId finds the element tagged data-testid=id inside the mounted component; it fails the test when absent. */
export const byId = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`)

/**
 * inBody finds a tagged element anywhere in the document, or null. Dialogs, drawers and modals
 * are teleported to <body>, outside the wrapper, so byId cannot see them.
 */
export const inBody = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

/** dialogButton finds the button of the open naive-ui dialog whose label contains text. */
export const dialogButton = (text: string) =>
  Array.from(document.querySelectorAll<HTMLButtonElement>('.n-dialog button')).find((b) => b.textContent?.includes(text))

/** feedbackOf reads the message naive-ui shows under the form field holding the tagged input ('' when none). */
export function feedbackOf(w: VueWrapper, testid: string): string {
  const item = byId(w, testid).element.closest('.n-form-item')
  return item?.querySelector('.n-form-item-feedback-wrapper')?.textContent?.trim() ?? ''
}
