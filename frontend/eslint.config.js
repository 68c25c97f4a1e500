import pluginVue from 'eslint-plugin-vue'
import { defineConfigWithVueTs, vueTsConfigs } from '@vue/eslint-config-typescript'

export default defineConfigWithVueTs(
  {
    // Generated bindings are owned by `wails generate module`; never lint or hand-edit them.
    ignores: ['**/wailsjs/**', '**/dist/**', '**/node_modules/**', '**/coverage/**'],
  },
  pluginVue.configs['flat/recommended'],
  vueTsConfigs.recommended,
  {
    rules: {
      // Views are named by folder (SettingsView/index.vue), so single-word file names are expected.
      'vue/multi-word-component-names': 'off',
    },
  },
)
