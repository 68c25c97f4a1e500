import type { ITheme } from '@xterm/xterm'

/** terminalTheme is a dark palette that reads on both app themes (a terminal keeps its own). */
export const terminalTheme: ITheme = {
  background: '#16181d',
  foreground: '#d7dae0',
  cursor: '#e5c07b',
  cursorAccent: '#16181d',
  selectionBackground: '#3e4451',
  black: '#282c34',
  red: '#e06c75',
  green: '#98c379',
  yellow: '#e5c07b',
  blue: '#61afef',
  magenta: '#c678dd',
  cyan: '#56b6c2',
  white: '#d7dae0',
  brightBlack: '#5c6370',
  brightRed: '#ef8891',
  brightGreen: '#b5e890',
  brightYellow: '#f0d197',
  brightBlue: '#8cc8ff',
  brightMagenta: '#de9bf0',
  brightCyan: '#7fd4de',
  brightWhite: '#ffffff',
}

/** exitLine is what a tab prints under the program's last output once it ended. */
export const exitLine = (text: string, code: number) =>
  `\r\n\x1b[${code === 0 ? '32' : '31'}m[process ended: ${text || 'exited'}]\x1b[0m\r\n`
