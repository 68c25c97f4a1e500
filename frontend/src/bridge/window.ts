import * as WindowAPI from '@wails/go/bindings/WindowAPI'
import { call } from './call'

/** quitApp stops Agented (runs are stopped as at any shutdown), even when closing only hides it. */
export const quitApp = (): Promise<void> => call(() => WindowAPI.Quit())

/**
 * hidesOnClose tells whether closing this window keeps Agented running. It is fixed when the
 * window opens, so after a settings change it differs until the next start.
 */
export const hidesOnClose = (): Promise<boolean> => call(() => WindowAPI.HidesOnClose())

/**
 * pickDirectory opens the system's "choose a folder" dialog over the app window and resolves with
 * the chosen absolute path, or '' when the user cancelled. Outside the window it rejects.
 */
export const pickDirectory = (title: string): Promise<string> => call(() => WindowAPI.PickDirectory(title))
