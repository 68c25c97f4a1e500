// Wails injects these globals into the webview. They are declared loosely on purpose: the typed
// surface is the generated bindings, and only src/bridge looks at the globals directly.
export {}

declare global {
  interface Window {
    go?: Record<string, unknown>
    runtime?: Record<string, unknown>
  }
}
