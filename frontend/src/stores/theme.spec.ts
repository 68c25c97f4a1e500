import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { darkTheme } from 'naive-ui'
import { nextTick } from 'vue'
import { useThemeStore } from './theme'

let listeners: ((e: { matches: boolean }) => void)[] = []

function fakeMatchMedia(dark: boolean) {
  listeners = []
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: dark,
    media: query,
    addEventListener: (_: string, cb: (e: { matches: boolean }) => void) => listeners.push(cb),
    removeEventListener: () => {},
  }))
}

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('theme store', () => {
  it('follows the OS in system mode, live', async () => {
    fakeMatchMedia(true)
    const theme = useThemeStore()
    expect(theme.mode).toBe('system')
    expect(theme.naiveTheme).toBe(darkTheme)
    listeners.forEach((cb) => cb({ matches: false }))
    expect(theme.isDark).toBe(false)
    expect(theme.naiveTheme).toBeNull()
    await nextTick()
    expect(document.documentElement.dataset.theme).toBe('light')
  })

  it('lets an explicit choice win over the OS and remembers it', () => {
    fakeMatchMedia(true)
    const theme = useThemeStore()
    theme.setMode('light')
    expect(theme.isDark).toBe(false)
    expect(localStorage.getItem('agented.theme')).toBe('light')
    theme.setMode('bogus')
    expect(theme.mode).toBe('system')
  })

  it('starts from the remembered theme', () => {
    fakeMatchMedia(false)
    localStorage.setItem('agented.theme', 'dark')
    expect(useThemeStore().isDark).toBe(true)
  })
})
