import { onMounted } from 'vue'
import type { Router } from 'vue-router'
import { getOnboardingState } from '@/bridge'

/**
 * useFirstRunRedirect opens the first-run guide when the app starts on the Dashboard of a fresh
 * data directory (Go decides: no trigger of the user's own and the guide never finished). Only the
 * first screen of a start is redirected: a link that opens another screen, or a later visit to the
 * Dashboard, goes where it points.
 */
export function useFirstRunRedirect(router: Router) {
  onMounted(async () => {
    await router.isReady()
    if (router.currentRoute.value.name !== 'dashboard') return
    try {
      const state = await getOnboardingState()
      // The user may have moved on while Go answered.
      if (state.firstLaunch && router.currentRoute.value.name === 'dashboard') await router.replace({ name: 'onboarding' })
    } catch {
      // Without an answer the Dashboard stays; it links to the guide.
    }
  })
}
