// Wails rejects a binding's promise with what the Go side's error formatter made of the error
// (backend/bindings.FormatError): {message} or, for a validation error, {message, subject,
// fields}. A generated binding throws synchronously when window.go is missing (plain `vite dev`,
// or a page opened in a browser). Every bridge call goes through `call` so callers always get an
// Error with a readable message, a FieldError when Go named the fields, and can use ordinary
// try/catch.

/** BackendUnavailableError means the page is not running inside the Wails window. */
export class BackendUnavailableError extends Error {
  constructor() {
    super('The Agented backend is not connected. Open this screen from the Agented app window.')
    this.name = 'BackendUnavailableError'
  }
}

/**
 * FieldError is a validation error from Go: `fields` maps each JSON field name to what is wrong
 * with it, exactly as Go wrote it (any character, `;` and `:` included).
 */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly subject: string,
    readonly fields: Readonly<Record<string, string>>,
  ) {
    super(message)
    this.name = 'FieldError'
  }
}

/** stringFields keeps the string-valued entries of what Go sent as `fields`. */
function stringFields(raw: unknown): Record<string, string> | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v
  return out
}

/** toError normalises anything thrown or rejected by Wails into an Error (a FieldError when Go named fields). */
export function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason
  if (typeof reason === 'string') return new Error(reason || 'Unknown error from the backend')
  if (reason && typeof reason === 'object' && 'message' in reason) {
    const { message, subject, fields } = reason as { message: unknown; subject?: unknown; fields?: unknown }
    const named = stringFields(fields)
    if (named) return new FieldError(String(message), typeof subject === 'string' ? subject : '', named)
    return new Error(String(message))
  }
  return new Error(`Unexpected error from the backend: ${String(reason)}`)
}

/** fieldErrorsOf returns the per-field messages of a FieldError, and {} for any other error. */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  return err instanceof FieldError ? { ...err.fields } : {}
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
