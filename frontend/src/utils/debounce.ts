/** Debounced is a function call postponed until calls stop for `ms`; cancel drops a pending call. */
export interface Debounced<A extends unknown[]> {
  (...args: A): void
  cancel(): void
}

/** debounce delays `fn` until it has not been called for `ms` milliseconds. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const wrapped = (...args: A) => {
    clearTimeout(timer)
    timer = setTimeout(() => fn(...args), ms)
  }
  wrapped.cancel = () => clearTimeout(timer)
  return wrapped
}
