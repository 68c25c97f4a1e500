import { describe, expect, it } from 'vitest'
import { triggerFixture } from '@/test/fixtures'
import { fromTriggerDraft, isAbsolutePath, newTriggerDraft, toTriggerDraft, validateTrigger } from './triggerDraft'

const valid = () => ({ ...newTriggerDraft(), name: 'Bot', promptTemplate: 'Do {message}' })

describe('trigger drafts', () => {
  it('start with Go’s defaults', () => {
    const d = newTriggerDraft()
    expect(d).toMatchObject({ timeoutSeconds: 600, sigtermGraceSeconds: 10, concurrencyPolicy: 'queue', triggerSource: 'manual' })
    expect(validateTrigger(valid())).toEqual({})
  })

  it('reports every field the editor can check', () => {
    const errors = validateTrigger({ ...newTriggerDraft(), timeoutSeconds: 59, sigtermGraceSeconds: null, maxTurns: 1.5 })
    expect(Object.keys(errors).sort()).toEqual(['maxTurns', 'name', 'promptTemplate', 'sigtermGraceSeconds', 'timeoutSeconds'])
    expect(validateTrigger({ ...valid(), backendType: 'codex', maxTurns: -1 })).toEqual({}) // claude only
  })

  it('checks schedules', () => {
    const s = { ...valid(), triggerSource: 'scheduled' }
    expect(validateTrigger({ ...s, scheduleTime: '9:00' })).toHaveProperty('scheduleTime')
    expect(validateTrigger({ ...s, scheduleType: 'monthly', scheduleDay: 31 })).toHaveProperty('scheduleDay')
    expect(validateTrigger({ ...s, scheduleType: 'cron', scheduleCron: ' ' })).toHaveProperty('scheduleCron')
    expect(validateTrigger({ ...s, scheduleType: 'cron', scheduleCron: '0 9 * * 1-5', scheduleTime: 'x' })).toEqual({})
  })

  it('round-trips a stored trigger, ordering paths by position', () => {
    const t = triggerFixture({
      paths: [
        { id: 2, path: '/b', projectId: '', position: 1, missing: false },
        { id: 1, path: '/a', projectId: '', position: 0, missing: false },
      ],
    })
    const d = toTriggerDraft(t)
    expect(d.paths.map((p) => p.path)).toEqual(['/a', '/b'])
    d.paths.reverse()
    expect(fromTriggerDraft(d).paths.map((p) => [p.path, p.position])).toEqual([
      ['/b', 0],
      ['/a', 1],
    ])
  })

  it('recognises absolute paths', () => {
    expect(['/home/x', 'C:\\src', 'D:/x', '\\\\server\\share'].every(isAbsolutePath)).toBe(true)
    expect(['x', './x', '~/x', ''].some(isAbsolutePath)).toBe(false)
  })
})
