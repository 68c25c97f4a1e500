// Wails rejects a binding's promise with the Go error's text (a plain string), and a generated
// binding throws synchronously when window.go is missing (plain `vite dev`, or a page opened in a
// browser). Every bridge call goes through `call` so callers always get an Error with a readable
// message and can use ordinary try/catch.

/** BackendUnavailableError means the page is not running inside the Wails window. */
export class BackendUnavailableError extends Error {
  constructor() {
    super('The Agented backend is not connected. Open this screen from the Agented app window.')
    this.name = 'BackendUnavailableError'
  }
}

/** toError normalises anything thrown or rejected by Wails into an Error. */
export function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason
  if (typeof reason === 'string') return new Error(reason || 'Unknown error from the backend')
  if (reason && typeof reason === 'object' && 'message' in reason) {
    return new Error(String((reason as { message: unknown }).message))
  }
  return new Error(`Unexpected error from the backend: ${String(reason)}`)
}

/** backendPresent reports whether Wails has injected its bindings into the page. */
export function backendPresent(): boolean {
  return typeof window !== 'undefined' && 'go' in window && window.go != null
}

/** call runs one binding and turns both sync throws and rejections into Errors. */
export async function call<T>(binding: () => Promise<T>): Promise<T> {
  try {
    return await binding()
  } catch (reason) {
    // A TypeError from reaching into a missing window.go is not a Go error: say what is wrong.
    if (reason instanceof TypeError && !backendPresent()) throw new BackendUnavailableError()
    throw toError(reason)
  }
}
