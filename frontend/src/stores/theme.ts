import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, watchEffect } from 'vue'
import { darkTheme } from 'naive-ui'
import type { Theme } from '@/bridge'
import { darkOverrides, lightOverrides } from '@/constants/theme'
import { normaliseTheme } from '@/utils/validate'

// The last theme is mirrored in localStorage so the first frame already has the right colours;
// the stored setting in Go stays the source of truth and overwrites it once loaded.
const storageKey = 'agented.theme'
const darkQuery = '(prefers-color-scheme: dark)'

function readCached(): Theme {
  try {
    return normaliseTheme(localStorage.getItem(storageKey))
  } catch {
    return 'system'
  }
}

/** useThemeStore resolves the theme preference (system/dark/light) into naive-ui theme objects. */
export const useThemeStore = defineStore('theme', () => {
  const mode = ref<Theme>(readCached())
  const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(darkQuery) : null
  const systemDark = ref(media?.matches ?? false)

  const onSystemChange = (e: MediaQueryListEvent) => (systemDark.value = e.matches)
  media?.addEventListener('change', onSystemChange)
  onScopeDispose(() => media?.removeEventListener('change', onSystemChange))

  const isDark = computed(() => mode.value === 'dark' || (mode.value === 'system' && systemDark.value))
  const naiveTheme = computed(() => (isDark.value ? darkTheme : null))
  const overrides = computed(() => (isDark.value ? darkOverrides : lightOverrides))

  // Native controls (scrollbars, autofill) and our own CSS variables follow the resolved theme.
  watchEffect(() => {
    if (typeof document === 'undefined') return
    document.documentElement.dataset.theme = isDark.value ? 'dark' : 'light'
    document.documentElement.style.colorScheme = isDark.value ? 'dark' : 'light'
  })

  function setMode(next: string) {
    mode.value = normaliseTheme(next)
    try {
      localStorage.setItem(storageKey, mode.value)
    } catch {
      // Storage can be disabled; the theme still applies for this session.
    }
  }

  return { mode, systemDark, isDark, naiveTheme, overrides, setMode }
})
