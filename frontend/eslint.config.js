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
  {
    // The generated bindings are the bridge's to wrap: it names arguments, turns Wails' string
    // rejections into Errors and checks event payloads. Everything else imports '@/bridge'.
    files: ['**/*.{ts,vue}'],
    ignores: ['src/bridge/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@wails', '@wails/**', '**/wailsjs', '**/wailsjs/**'],
              message: "Only src/bridge imports the generated Wails bindings; import from '@/bridge' instead.",
            },
          ],
        },
      ],
    },
  },
)
