export { useSettingsStore } from './settings'
export { useKeysStore, keyState, type KeyRow, type KeyState } from './keys'
export { useAgentCLIStore, type CLIRow } from './agentcli'
export { useThemeStore } from './theme'
