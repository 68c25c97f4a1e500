import { describe, expect, it } from 'vitest'
import { FieldError } from '@/bridge'
import { goFieldErrors, goFieldMessages, normaliseTheme, validateCustomKeyName, validateSettings } from './validate'

const ok = { maxConcurrentRuns: 4, retentionDays: 30, outputCapMiB: 256, webhookMessageCapKiB: 256, routerMaxAttempts: 5, defaultCooldownSeconds: 300, theme: 'system' as const }

describe('validateSettings', () => {
  it('accepts the defaults and the range edges', () => {
    expect(validateSettings(ok)).toEqual({})
    expect(validateSettings({ ...ok, maxConcurrentRuns: 1, retentionDays: 3650, outputCapMiB: 4096, webhookMessageCapKiB: 10240 })).toEqual({})
  })

  it.each([
    ['maxConcurrentRuns', 0, 'Must be between 1 and 64.'],
    ['maxConcurrentRuns', 65, 'Must be between 1 and 64.'],
    ['retentionDays', 3651, 'Must be between 1 and 3650.'],
    ['outputCapMiB', 1.5, 'Use a whole number.'],
    ['outputCapMiB', null, 'Enter a number from 1 to 4096.'],
    ['webhookMessageCapKiB', 0, 'Must be between 1 and 10240.'],
    ['webhookMessageCapKiB', 10241, 'Must be between 1 and 10240.'],
  ] as const)('rejects %s = %s', (field, value, message) => {
    expect(validateSettings({ ...ok, [field]: value })).toEqual({ [field]: message })
  })
})

describe('validateCustomKeyName', () => {
  it.each([
    ['OPENROUTER_API_KEY', ''],
    ['', 'Enter the environment variable name, e.g. OPENROUTER_API_KEY.'],
    ['lower_case', 'Use capital letters, digits and underscores, starting with a letter (2-64 characters).'],
    ['1ABC', 'Use capital letters, digits and underscores, starting with a letter (2-64 characters).'],
    ['A', 'Use capital letters, digits and underscores, starting with a letter (2-64 characters).'],
    ['CODEX_API_KEY', 'CODEX_API_KEY is the OpenAI key: set it in the OpenAI row above.'],
  ])('%s', (name, message) => {
    expect(validateCustomKeyName(name)).toBe(message)
  })
})

describe('helpers', () => {
  it('places a Go settings FieldError under its fields', () => {
    const err = new FieldError('invalid settings: …', 'settings', {
      maxConcurrentRuns: 'must be between 1 and 64',
      theme: 'must be system, dark or light',
    })
    expect(goFieldErrors(err)).toEqual({
      maxConcurrentRuns: 'Must be between 1 and 64.',
      theme: 'Must be system, dark or light.',
    })
  })

  it('puts another error under the field it mentions, or nowhere', () => {
    expect(goFieldErrors(new Error('write setting retentionDays: disk full'))).toEqual({
      retentionDays: 'write setting retentionDays: disk full',
    })
    expect(goFieldErrors(new Error('save settings: database is locked'))).toEqual({})
  })

  it('falls back to the system theme', () => {
    expect(normaliseTheme('dark')).toBe('dark')
    expect(normaliseTheme(null)).toBe('system')
    expect(normaliseTheme('purple')).toBe('system')
  })
})

describe('goFieldMessages', () => {
  it('keeps every field Go named, as a sentence, whatever characters the message holds', () => {
    const err = new FieldError('invalid trigger: …', 'trigger', {
      name: 'must not be empty',
      'paths[0].path': 'not absolute',
      githubEvents: 'must look like pull_request:opened,synchronize;push',
      timeoutSeconds: 'must be between 60 and 3600.',
    })
    expect(goFieldMessages(err)).toEqual({
      name: 'Must not be empty.',
      'paths[0].path': 'Not absolute.',
      githubEvents: 'Must look like pull_request:opened,synchronize;push.',
      timeoutSeconds: 'Must be between 60 and 3600.',
    })
  })

  it('gives nothing for other errors', () => {
    expect(goFieldMessages(new Error('invalid trigger: name: must not be empty'))).toEqual({})
    expect(goFieldMessages('database is locked')).toEqual({})
    expect(goFieldMessages(undefined)).toEqual({})
  })
})
