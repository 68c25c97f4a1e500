// ansiToHtml turns one log line with ANSI escape sequences into HTML for v-html. CLIs colour their
// output with SGR sequences (ESC [ ... m); everything else (cursor moves, OSC titles/links, charset
// switches, stray control bytes) is dropped. All text is HTML-escaped before it is wrapped, so a
// line can never inject markup. The 16 basic colours become classes (ansi-fg-0..15, ansi-bg-0..15)
// so each theme picks readable shades; 256-colour and truecolor values become inline colours.

type Colour = number | string | null // 0-15 palette index, "#rrggbb", or null = default

interface Style {
  fg: Colour
  bg: Colour
  bold: boolean
  dim: boolean
  italic: boolean
  underline: boolean
  strike: boolean
  inverse: boolean
}

const plain = (): Style => ({
  fg: null,
  bg: null,
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  strike: false,
  inverse: false,
})

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** escapeHtml makes text safe to place inside an element or a quoted attribute. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c])

const cube = [0, 95, 135, 175, 215, 255]
const hex = (r: number, g: number, b: number) =>
  '#' + [r, g, b].map((v) => Math.max(0, Math.min(255, v)).toString(16).padStart(2, '0')).join('')

/** colour256 maps an xterm 256-colour index: 0-15 stay palette indexes, the rest become hex. */
export function colour256(n: number): Colour {
  if (!Number.isInteger(n) || n < 0 || n > 255) return null
  if (n < 16) return n
  if (n < 232) {
    const i = n - 16
    return hex(cube[Math.floor(i / 36)], cube[Math.floor(i / 6) % 6], cube[i % 6])
  }
  const g = 8 + 10 * (n - 232)
  return hex(g, g, g)
}

// Reads an extended colour (38;5;n or 38;2;r;g;b) starting at codes[i] (the 5 or 2); returns the
// colour and how many codes it used.
function extended(codes: number[], i: number): [Colour, number] {
  if (codes[i] === 5) return [colour256(codes[i + 1]), 2]
  if (codes[i] === 2) {
    const [r, g, b] = codes.slice(i + 1, i + 4)
    if ([r, g, b].every((v) => Number.isInteger(v))) return [hex(r, g, b), 4]
    return [null, 4]
  }
  return [null, 0]
}

function applySGR(style: Style, params: string): Style {
  const next = { ...style }
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)))
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]
    if (c === 0) Object.assign(next, plain())
    else if (c === 1) next.bold = true
    else if (c === 2) next.dim = true
    else if (c === 3) next.italic = true
    else if (c === 4) next.underline = true
    else if (c === 7) next.inverse = true
    else if (c === 9) next.strike = true
    else if (c === 22) next.bold = next.dim = false
    else if (c === 23) next.italic = false
    else if (c === 24) next.underline = false
    else if (c === 27) next.inverse = false
    else if (c === 29) next.strike = false
    else if (c >= 30 && c <= 37) next.fg = c - 30
    else if (c >= 90 && c <= 97) next.fg = c - 90 + 8
    else if (c === 39) next.fg = null
    else if (c >= 40 && c <= 47) next.bg = c - 40
    else if (c >= 100 && c <= 107) next.bg = c - 100 + 8
    else if (c === 49) next.bg = null
    else if (c === 38 || c === 48) {
      const [colour, used] = extended(codes, i + 1)
      if (c === 38) next.fg = colour
      else next.bg = colour
      i += used
    }
    // Anything else (blink, fonts, overline...) is ignored on purpose.
  }
  return next
}

function colourAttr(kind: 'fg' | 'bg', c: Colour, classes: string[], styles: string[]) {
  if (c === null) return
  if (typeof c === 'number') classes.push(`ansi-${kind}-${c}`)
  else styles.push(`${kind === 'fg' ? 'color' : 'background-color'}:${c}`)
}

function wrap(text: string, s: Style): string {
  const safe = escapeHtml(text)
  const classes: string[] = []
  const styles: string[] = []
  // Inverse swaps the colours; a default colour swaps to the log's own foreground/background.
  let { fg, bg } = s
  if (s.inverse) {
    ;[fg, bg] = [bg, fg]
    if (fg === null) classes.push('ansi-fg-inverse')
    if (bg === null) classes.push('ansi-bg-inverse')
  }
  colourAttr('fg', fg, classes, styles)
  colourAttr('bg', bg, classes, styles)
  if (s.bold) classes.push('ansi-bold')
  if (s.dim) classes.push('ansi-dim')
  if (s.italic) classes.push('ansi-italic')
  if (s.underline) classes.push('ansi-underline')
  if (s.strike) classes.push('ansi-strike')
  if (classes.length === 0 && styles.length === 0) return safe
  const cls = classes.length ? ` class="${classes.join(' ')}"` : ''
  const st = styles.length ? ` style="${styles.join(';')}"` : ''
  return `<span${cls}${st}>${safe}</span>`
}

// One alternation, tried at each ESC/control byte: CSI (SGR or other), OSC (BEL or ST
// terminated, or cut off at the end of the line), two-byte escapes, then lone control bytes.
const token =
  /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\|$)|\x1b[()*+][\x20-\x7e]?|\x1b[\x20-\x7e]?|\r|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g

/** ansiToHtml converts one line (no newline) to safe HTML. */
export function ansiToHtml(line: string): string {
  // Fast path: most lines of most CLIs carry no escapes at all.
  if (!/[\x00-\x08\x0b-\x1f\x7f]/.test(line)) return escapeHtml(line)
  let out: string[] = []
  let style = plain()
  let last = 0
  token.lastIndex = 0
  for (let m = token.exec(line); m; m = token.exec(line)) {
    if (m.index > last) out.push(wrap(line.slice(last, m.index), style))
    last = token.lastIndex
    if (m[0] === '\r') {
      // A carriage return redraws the line (progress bars): keep what comes after the last one,
      // unless it only ends the line (CRLF).
      if (last < line.length) out = []
    } else if (m[2] === 'm') {
      style = applySGR(style, m[1])
    }
  }
  if (last < line.length) out.push(wrap(line.slice(last), style))
  return out.join('')
}

/** stripAnsi returns the visible text of a line (for copying and searching). */
export function stripAnsi(line: string): string {
  return line.replace(token, (m) => (m === '\r' ? '\r' : '')).replace(/^.*\r(?=.)/s, '').replace(/\r$/, '')
}
