// @vitest-environment jsdom
// jsdom, not the suite's happy-dom: DOMPurify walks the parsed tree with a NodeIterator, and
// happy-dom's lets scripts through, which would make this test pass or fail for the wrong reason.
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './markdown'

function render(source: string): HTMLElement {
  const div = document.createElement('div')
  div.innerHTML = renderMarkdown(source)
  return div
}

describe('renderMarkdown', () => {
  it('renders GitHub Markdown: headings, tables, task lists, code', () => {
    const el = render('# Phase 1\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n```toml\nlisten = ":8080"\n```\n')
    expect(el.querySelector('h1')?.textContent).toBe('Phase 1')
    expect(el.querySelectorAll('td')).toHaveLength(2)
    expect(el.querySelectorAll('input[type="checkbox"]')).toHaveLength(2)
    expect(el.querySelector('pre code')?.textContent).toContain('listen = ":8080"')
  })

  it.each([
    ['a script', '<script>window.pwned = 1</script>', 'script'],
    ['an event handler', '<img src="x" onerror="window.pwned = 1">', 'onerror'],
    ['a javascript: link', '[click](javascript:alert(1))', 'javascript:'],
    ['an iframe', '<iframe src="https://example.invalid"></iframe>', 'iframe'],
    ['inline style with a handler in SVG', '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', 'javascript:'],
  ])('removes %s', (_name, source, banned) => {
    const html = renderMarkdown(`Text before.\n\n${source}\n\nText after.`)
    expect(html.toLowerCase()).not.toContain(banned)
    expect(html).toContain('Text before.')
    expect(html).toContain('Text after.')
  })
})
