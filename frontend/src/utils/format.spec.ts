import { describe, expect, it } from 'vitest'
import { commandLine, formatCost, formatDuration, relativeTime, runDuration, shellQuote } from './format'

describe('format', () => {
  it('quotes argv so a shell reads the same words back', () => {
    expect(shellQuote(['claude', '-p', "it's a test", '--add-dir', '/tmp/a b', '', '--x=1'])).toBe(
      `claude -p 'it'\\''s a test' --add-dir '/tmp/a b' '' --x=1`,
    )
    expect(shellQuote(['echo', '$HOME', 'a;b', '*'])).toBe(`echo '$HOME' 'a;b' '*'`)
  })

  it('puts the prompt back into a recorded argv, or on stdin when Go gave it there', () => {
    const prompt = "fix it's bug"
    expect(commandLine(['claude', '-p', '--', '<prompt: 12 B>'], prompt)).toBe(`claude -p -- 'fix it'\\''s bug'`)
    expect(commandLine(['gemini', '--prompt=<prompt: 12 B>', '-m', 'x'], prompt)).toBe(`gemini '--prompt=fix it'\\''s bug' -m x`)
    // A long prompt went on stdin: no placeholder in argv.
    expect(commandLine(['codex', 'exec', '-'], 'line one\nAGENTED_PROMPT')).toBe(
      `codex exec - <<'AGENTED_PROMPT_'\nline one\nAGENTED_PROMPT\nAGENTED_PROMPT_`,
    )
    expect(commandLine(['claude', '-p', '--', '<prompt: 9.0 MiB>'], '$x')).toBe(`claude -p -- '$x'`)
  })

  it('formats durations, costs and relative times', () => {
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(12_300)).toBe('12.3 s')
    expect(formatDuration(245_000)).toBe('4m 05s')
    expect(formatDuration(3_720_000)).toBe('1h 02m')
    expect(formatDuration(null)).toBe('-')
    expect(formatCost(0)).toBe('$0.00')
    expect(formatCost(0.0123)).toBe('$0.0123')
    expect(formatCost(12.5)).toBe('$12.50')
    const now = Date.parse('2025-01-01T12:00:00Z')
    expect(relativeTime('2025-01-01T11:57:00Z', now)).toBe('3 min ago')
    expect(relativeTime('2025-01-01T14:00:00Z', now)).toBe('in 2 h')
    expect(relativeTime('', now)).toBe('')
  })

  it('times a running run from its start', () => {
    const now = Date.parse('2025-01-01T10:00:11Z')
    expect(runDuration({ durationMs: 0, startedAt: '2025-01-01T10:00:01Z', finishedAt: '' }, now)).toBe(10_000)
    expect(runDuration({ durationMs: 5, startedAt: '', finishedAt: 'x' }, now)).toBe(5)
    expect(runDuration({ durationMs: 0, startedAt: '', finishedAt: '' }, now)).toBeNull()
  })
})
