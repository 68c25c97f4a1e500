import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url))

// One config for dev, build and Vitest so the aliases cannot drift apart. `@wails` points at the
// bindings Wails generates (wails.json: wailsjsdir = frontend/src/bridge); only src/bridge imports it.
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      '@wails': src('./src/bridge/wailsjs'),
      '@': src('./src'),
    },
  },
  // Wails serves the built files from its own asset server, so relative URLs keep working
  // whatever scheme the webview uses.
  base: './',
  // VITE_NO_HMR=1 (set by scripts/e2e.sh) keeps a source edit made during an end-to-end run from
  // hot-reloading the page under test.
  server: { hmr: process.env.VITE_NO_HMR ? false : undefined },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // naive-ui is one large chunk by design; the app is loaded from disk, not the network.
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
    restoreMocks: true,
    unstubGlobals: true,
    // The 5 s default timed out Settings specs on a loaded 2-core machine; a hang still fails.
    testTimeout: 30_000,
  },
})
