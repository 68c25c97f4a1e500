// Display helpers. Go stores timestamps as RFC 3339 UTC; people read them in their local time.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

const parse = (iso: string | undefined | null): number | null => {
  if (!iso) return null
  const t = Date.parse(iso)
  return Number.isNaN(t) ? null : t
}

/** formatDateTime shows a timestamp in local time, or "-" when there is none. */
export function formatDateTime(iso: string | undefined | null): string {
  const t = parse(iso)
  return t === null ? '-' : dateTime.format(t)
}

const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' })
const shortDateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })

/** formatWhen is a compact timestamp: the time for today, else a short date and minutes. */
export function formatWhen(iso: string | undefined | null, now = Date.now()): string {
  const t = parse(iso)
  if (t === null) return '-'
  return new Date(t).toDateString() === new Date(now).toDateString() ? timeOnly.format(t) : shortDateTime.format(t)
}

/** relativeTime says "3 min ago" / "in 2 h" for a timestamp. */
export function relativeTime(iso: string | undefined | null, now = Date.now()): string {
  const t = parse(iso)
  if (t === null) return ''
  const diff = t - now
  const abs = Math.abs(diff)
  const fmt = (n: number, unit: string) => (diff < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`)
  if (abs < 45_000) return diff < 0 ? 'just now' : 'in a moment'
  if (abs < 3_600_000) return fmt(Math.round(abs / 60_000), 'min')
  if (abs < 86_400_000) return fmt(Math.round(abs / 3_600_000), 'h')
  return fmt(Math.round(abs / 86_400_000), abs < 1.5 * 86_400_000 ? 'day' : 'days')
}

/** formatDuration turns milliseconds into "850 ms", "12.3 s", "4m 05s" or "1h 02m". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0 || Number.isNaN(ms)) return '-'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)} s`
  const pad = (n: number) => String(n).padStart(2, '0')
  const total = Math.floor(s)
  if (total < 3600) return `${Math.floor(total / 60)}m ${pad(total % 60)}s`
  return `${Math.floor(total / 3600)}h ${pad(Math.floor((total % 3600) / 60))}m`
}

/** runDuration is the stored duration of a finished run, or the time since it started. */
export function runDuration(e: { durationMs: number; startedAt: string; finishedAt: string }, now = Date.now()): number | null {
  if (e.finishedAt || e.durationMs > 0) return e.durationMs
  const start = parse(e.startedAt)
  return start === null ? null : Math.max(0, now - start)
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 })

/** formatCost shows a dollar amount; small amounts keep 4 decimals so they do not read as $0.00. */
export function formatCost(value: number | null | undefined): string {
  if (!value) return '$0.00'
  return usd.format(value)
}

const compact = new Intl.NumberFormat('en-US')

export function formatCount(value: number | null | undefined): string {
  return compact.format(value ?? 0)
}

/**
 * shellQuote joins argv into one line a POSIX shell reads back as the same words: anything
 * outside a safe set is single-quoted, and single quotes inside are closed, escaped, reopened.
 */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ')
}

/**
 * promptPlaceholder matches what Go records in argv where the prompt was (agent.PromptPlaceholder,
 * e.g. "<prompt: 200 KiB>"): the prompt is stored once, on its own.
 */
const promptPlaceholder = /<prompt: \d+(?:\.\d+)? (?:B|KiB|MiB)>/

/**
 * commandLine is the shell command that repeats a run: its recorded argv with the whole prompt
 * put back where Go left the placeholder, or, when Go gave the prompt on stdin (a long one, which
 * fits no argument), with the prompt fed in by a here-document.
 */
export function commandLine(argv: readonly string[], prompt: string): string {
  let placed = false
  const words = argv.map((a) => {
    if (placed || !promptPlaceholder.test(a)) return a
    placed = true
    return a.replace(promptPlaceholder, () => prompt)
  })
  const line = shellQuote(words)
  if (placed || !prompt) return line
  let tag = 'AGENTED_PROMPT'
  while (prompt.split('\n').includes(tag)) tag += '_'
  return `${line} <<'${tag}'\n${prompt}\n${tag}`
}

/** countdown says how long until iso: "in 4m 05s", "in 1h 02m"; "now" once it has passed. */
export function countdown(iso: string | undefined | null, now = Date.now()): string {
  if (!iso) return ''
  const ms = Date.parse(iso) - now
  if (Number.isNaN(ms)) return ''
  if (ms <= 0) return 'now'
  const s = Math.ceil(ms / 1000)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  if (h > 0) return `in ${h}h ${String(m).padStart(2, '0')}m`
  if (m > 0) return `in ${m}m ${String(sec).padStart(2, '0')}s`
  return `in ${sec}s`
}
