import { createRouter, createWebHashHistory, type Router } from 'vue-router'
import { routes } from './routes'

export { routes, navItems, type NavItem } from './routes'

/**
 * createAppRouter uses hash history: Wails serves the app from its own asset scheme, where a
 * path-based URL on reload would ask the asset server for a file that does not exist.
 */
export function createAppRouter(): Router {
  return createRouter({
    history: createWebHashHistory(),
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })
}
