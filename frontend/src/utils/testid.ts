import type { InputHTMLAttributes } from 'vue'

/**
 * inputTestId puts a data-testid on the native <input> inside a naive-ui field (its root is a
 * div), so end-to-end tests can type into it directly. Vue's attribute types have no data-*
 * entries, hence the cast.
 */
export function inputTestId(id: string): InputHTMLAttributes {
  const props: Record<string, string> = { 'data-testid': id, autocomplete: 'off' }
  return props as InputHTMLAttributes
}
