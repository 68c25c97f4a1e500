import { FieldError } from '@/bridge'
import { describe, expect, it } from 'vitest'
import { formatBytes, fromListenerDraft, listenerFieldErrors, prettyJSON, toListenerDraft, validateListener, validateWebhookSecret } from './listener'
import { listenerSettingsFixture } from '@/test/fixtures'

describe('listener form helpers', () => {
  it('round-trips stored settings through a draft', () => {
    const stored = listenerSettingsFixture({ corsOrigins: ['https://a.example'], trustedProxies: ['10.0.0.0/8'] })
    const draft = toListenerDraft(stored)
    expect(draft.corsOrigins).not.toBe(stored.corsOrigins) // editing the draft never touches the store
    expect(fromListenerDraft({ ...draft, bindAddress: ' 0.0.0.0 ' })).toEqual({ ...stored, bindAddress: '0.0.0.0' })
  })

  it.each([
    ['an empty port', { port: null }, 'port', 'Enter a number from 1 to 65535.'],
    ['a port out of range', { port: 70000 }, 'port', 'Must be between 1 and 65535.'],
    ['a fractional rate', { apiRatePerMinute: 1.5 }, 'apiRatePerMinute', 'Use a whole number.'],
    ['a zero GitHub rate', { githubSignedPerMinute: 0 }, 'githubSignedPerMinute', 'Must be between 1 and 100000.'],
    ['an empty address', { bindAddress: '  ' }, 'bindAddress', 'Enter an IP address such as 127.0.0.1, or localhost.'],
  ])('refuses %s', (_, change, field, msg) => {
    const errors = validateListener({ ...toListenerDraft(listenerSettingsFixture()), ...change })
    expect(errors).toEqual({ [field]: msg })
  })

  it('reads Go’s listener field errors', () => {
    const err = new FieldError('invalid listener settings: …', 'listener settings', {
      port: 'must be between 1 and 65535',
      corsOrigins: '"x" must be lower-case',
    })
    expect(listenerFieldErrors(err)).toEqual({ port: 'Must be between 1 and 65535.', corsOrigins: '"x" must be lower-case.' })
    expect(listenerFieldErrors(new Error('save listener settings: disk full'))).toEqual({})
  })
})

describe('webhook helpers', () => {
  it.each([
    ['short', 'Use 8 to 256 characters.'],
    ['x'.repeat(257), 'Use 8 to 256 characters.'],
    ['has a space', 'No spaces or control characters.'],
    ['tab\there!', 'No spaces or control characters.'],
    ['ünïcødé-ok', ''],
  ])('validates the secret %j', (value, msg) => {
    expect(validateWebhookSecret(value)).toBe(msg)
  })

  it('pretty-prints JSON and leaves anything else alone', () => {
    expect(prettyJSON('{"a":[1,2]}')).toEqual({ text: '{\n  "a": [\n    1,\n    2\n  ]\n}', json: true })
    expect(prettyJSON('{"cut":')).toEqual({ text: '{"cut":', json: false })
    expect(prettyJSON('  ')).toEqual({ text: '', json: false })
  })

  it('formats payload sizes', () => {
    expect([0, 512, 3482, 5 * 1024 * 1024].map(formatBytes)).toEqual(['0 B', '512 B', '3.4 KiB', '5.0 MiB'])
  })
})
