import * as AgentCLIAPI from '@wails/go/bindings/AgentCLIAPI'
import type { clidetect } from '@wails/go/models'
import { call } from './call'

export type AgentCLI = clidetect.Info

/** listAgentCLIs returns the last detection, which is empty until the first pass finishes. */
export const listAgentCLIs = (): Promise<AgentCLI[]> => call(() => AgentCLIAPI.List())

/** detectAgentCLIs re-runs detection (PATH, login shell, custom paths); it can take seconds. */
export const detectAgentCLIs = (): Promise<AgentCLI[]> => call(() => AgentCLIAPI.Detect())

/** setAgentCLIPath overrides where `name` is found; an empty path clears the override. */
export const setAgentCLIPath = (name: string, path: string): Promise<AgentCLI> =>
  call(() => AgentCLIAPI.SetPath(name, path))
