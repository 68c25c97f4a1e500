/** formatDateTime shows an RFC 3339 UTC timestamp in the user's local time (SPEC §2). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return date.toLocaleString()
}

/** plural picks "1 CLI" / "2 CLIs". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}
