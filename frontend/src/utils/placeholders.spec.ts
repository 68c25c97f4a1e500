import { describe, expect, it } from 'vitest'
import { insertAt, insertPlaceholder, placeholderQuery, rankPlaceholders } from './placeholders'

describe('placeholder autocomplete', () => {
  it('finds an open brace before the caret', () => {
    expect(placeholderQuery('Review {', 8)).toEqual({ start: 7, partial: '' })
    expect(placeholderQuery('Review {pr_t', 12)).toEqual({ start: 7, partial: 'pr_t' })
    expect(placeholderQuery('Review {pr} now', 15)).toBeNull()
    expect(placeholderQuery('a {b c', 6)).toBeNull()
    expect(placeholderQuery('{{', 2)).toBeNull()
  })

  it('replaces the partial name and reuses a typed closing brace', () => {
    const text = 'Review {pr_t and more'
    expect(insertPlaceholder(text, { start: 7, partial: 'pr_t' }, 12, 'pr_title')).toEqual({
      text: 'Review {pr_title} and more',
      caret: 17,
    })
    expect(insertPlaceholder('x {mes}', { start: 2, partial: 'mes' }, 6, 'message').text).toBe('x {message}')
    expect(insertAt('ab', 1, 'paths')).toEqual({ text: 'a{paths}b', caret: 8 })
  })

  it('ranks prefix matches first', () => {
    const all = [{ name: 'repo_url' }, { name: 'pr_url' }, { name: 'paths' }]
    expect(rankPlaceholders(all, 'p').map((p) => p.name)).toEqual(['pr_url', 'paths', 'repo_url'])
    expect(rankPlaceholders(all, 'url').map((p) => p.name)).toEqual(['repo_url', 'pr_url'])
  })
})
