/**
 * Data is the JSON shape of a Wails model class: its fields without the `convertValues` helper
 * Wails adds to classes that nest other classes. Bindings resolve with plain parsed JSON, not class
 * instances, so this is what callers really get; it also lets stores and tests build DTOs as
 * object literals.
 */
export type Data<T> = T extends (infer U)[]
  ? Data<U>[]
  : T extends object
    ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Data<T[K]> }
    : T

/** list turns the `null` Go sends for a nil slice into an empty array. */
export const list = <T>(v: T[] | null | undefined): T[] => v ?? []
