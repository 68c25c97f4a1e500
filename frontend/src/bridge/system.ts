import { BrowserOpenURL, ClipboardSetText } from '@wails/runtime/runtime'

/** copyText puts `text` on the clipboard through Wails, or the browser API outside Wails. */
export async function copyText(text: string): Promise<void> {
  if (window.runtime) {
    const ok = await ClipboardSetText(text)
    if (!ok) throw new Error('Could not copy to the clipboard')
    return
  }
  await navigator.clipboard.writeText(text)
}

/** openExternal opens a URL in the user's browser instead of inside the app window. */
export function openExternal(url: string): void {
  if (window.runtime) BrowserOpenURL(url)
  else window.open(url, '_blank', 'noopener')
}
