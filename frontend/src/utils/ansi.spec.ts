import { describe, expect, it } from 'vitest'
import { ansiToHtml, colour256, escapeHtml, stripAnsi } from './ansi'

const ESC = '\x1b'

describe('ansiToHtml', () => {
  it('leaves plain text alone but escapes HTML', () => {
    expect(ansiToHtml('hello world')).toBe('hello world')
    expect(ansiToHtml('<script>alert("x")</script> & \'y\'')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    )
  })

  it('escapes text inside coloured spans too', () => {
    expect(ansiToHtml(`${ESC}[31m<b>red</b>${ESC}[0m`)).toBe('<span class="ansi-fg-1">&lt;b&gt;red&lt;/b&gt;</span>')
  })

  it('maps the 16 colours, foreground and background, to classes', () => {
    expect(ansiToHtml(`${ESC}[32mok${ESC}[39m plain`)).toBe('<span class="ansi-fg-2">ok</span> plain')
    expect(ansiToHtml(`${ESC}[91;44mx`)).toBe('<span class="ansi-fg-9 ansi-bg-4">x</span>')
    expect(ansiToHtml(`${ESC}[103mx`)).toBe('<span class="ansi-bg-11">x</span>')
  })

  it('handles bold, italic, underline and their resets', () => {
    expect(ansiToHtml(`${ESC}[1mB${ESC}[22mn`)).toBe('<span class="ansi-bold">B</span>n')
    expect(ansiToHtml(`${ESC}[1;3;4mx${ESC}[23my`)).toBe(
      '<span class="ansi-bold ansi-italic ansi-underline">x</span><span class="ansi-bold ansi-underline">y</span>',
    )
  })

  it('resets everything with 0 and with an empty SGR', () => {
    expect(ansiToHtml(`${ESC}[1;31ma${ESC}[0mb${ESC}[32mc${ESC}[md`)).toBe(
      '<span class="ansi-fg-1 ansi-bold">a</span>b<span class="ansi-fg-2">c</span>d',
    )
  })

  it('renders 256-colour and truecolor values inline', () => {
    expect(ansiToHtml(`${ESC}[38;5;196mx`)).toBe('<span style="color:#ff0000">x</span>')
    expect(ansiToHtml(`${ESC}[38;5;3mx`)).toBe('<span class="ansi-fg-3">x</span>')
    expect(ansiToHtml(`${ESC}[48;2;10;20;30mx`)).toBe('<span style="background-color:#0a141e">x</span>')
    expect(colour256(232)).toBe('#080808')
    expect(colour256(300)).toBeNull()
  })

  it('swaps colours for inverse', () => {
    expect(ansiToHtml(`${ESC}[7;31mx`)).toBe('<span class="ansi-fg-inverse ansi-bg-1">x</span>')
  })

  it('strips sequences that are not colours', () => {
    expect(ansiToHtml(`${ESC}[2K${ESC}[1Gdone`)).toBe('done')
    expect(ansiToHtml(`${ESC}]0;window title\x07text`)).toBe('text')
    expect(ansiToHtml(`${ESC}]8;;https://x.test${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('link')
    expect(ansiToHtml(`${ESC}(Bplain${ESC}=`)).toBe('plain')
    expect(ansiToHtml(`a\x07b\x00c${ESC}`)).toBe('abc')
    expect(ansiToHtml(`${ESC}[?25lhidden cursor${ESC}[?25h`)).toBe('hidden cursor')
  })

  it('keeps tabs and shows the last redraw of a carriage-return line', () => {
    expect(ansiToHtml('a\tb')).toBe('a\tb')
    expect(ansiToHtml('10%\r50%\r100%')).toBe('100%')
    expect(ansiToHtml('windows line\r')).toBe('windows line')
    expect(ansiToHtml(`${ESC}[32m10%\r100%`)).toBe('<span class="ansi-fg-2">100%</span>')
  })

  it('ignores unknown SGR codes without losing text', () => {
    expect(ansiToHtml(`${ESC}[5;53mblink${ESC}[0m`)).toBe('blink')
  })
})

describe('helpers', () => {
  it('escapeHtml and stripAnsi', () => {
    expect(escapeHtml('a<b>&"\'')).toBe('a&lt;b&gt;&amp;&quot;&#39;')
    expect(stripAnsi(`${ESC}[1;31merror${ESC}[0m: bad`)).toBe('error: bad')
    expect(stripAnsi('1%\r2%')).toBe('2%')
  })
})
